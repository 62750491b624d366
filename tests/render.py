"""Test fixtures: turn report text into real PDF, DOCX and HTML files.

Every renderer takes plain report text (one paragraph per line) and writes a file
that looks like what departments publish, so the readers are tested on real
formats rather than on mocks. A form feed ("\\f") in the text starts a new page
in the PDF and DOCX renderers, which lets tests fix the page count.
"""
from __future__ import annotations

import html
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pymupdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from generate.formats import photograph_pdf

FONT = "STSong-Light"


def _pages(text: str) -> list[list[str]]:
    """Split text into pages (on "\\f") and each page into its lines."""
    return [page.split("\n") for page in text.replace("\r\n", "\n").split("\f")]


def _pdf_style() -> ParagraphStyle:
    # A CID font is not embedded, but every PDF reader (and pymupdf) maps it;
    # wordWrap="CJK" lets reportlab break lines anywhere, inside numbers too,
    # as Word and WPS do when they export Chinese reports.
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24)


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    """Draw "- n -" centred in the page footer, as Chinese government reports do."""
    canvas.saveState()
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(A4[0] / 2, 1.5 * cm, f"- {doc.page} -")
    canvas.restoreState()


def render_pdf(text: str, path: Path) -> Path:
    """Write text as an A4 PDF with a text layer: one paragraph per line, wrapped at the page width."""
    style = _pdf_style()
    story: list = []
    for number, lines in enumerate(_pages(text)):
        if number:
            story.append(PageBreak())
        for line in lines:
            story.append(Paragraph(escape(line), style) if line.strip() else Spacer(1, 10))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.5 * cm, bottomMargin=2.5 * cm)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return path


def render_docx(text: str, path: Path) -> Path:
    """Write text as a .docx: each line a paragraph, each "\\f" an explicit page break."""
    document = docx.Document()
    for number, lines in enumerate(_pages(text)):
        if number:
            document.add_page_break()
        for line in lines:
            document.add_paragraph(line)
    document.save(str(path))
    return path


NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进吴川"]
BREADCRUMB = "当前位置：首页 > 政务公开 > 财政信息"
FOOTER = ["版权所有：吴川市人民政府办公室", "网站标识码：4408830001", "粤ICP备12345678号"]
SCRIPT = 'var siteName = "脚本里的统计代码";'


def render_html(text: str, path: Path, encoding: str = "utf-8", charset: str | None = None) -> Path:
    """Write text as a gov.cn-style article page in the given encoding.

    The page has the usual furniture around the report (nav bar, breadcrumb,
    footer, a script). Each non-blank line becomes a <p>, so blank lines are not
    kept. `charset` is what the <meta> declares (default: encoding),
    so a test can declare "gb2312" while the bytes are GBK, as many sites do.
    """
    links = " ".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(NAV))
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    footer = "<br>".join(FOOTER)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset or encoding}">
<title>绩效自评报告_吴川市人民政府网</title>
<style>.nav li {{ display: inline; }}</style>
</head>
<body>
<div class="nav"><ul>{links}</ul></div>
<div class="position">{html.escape(BREADCRUMB)}</div>
<div class="content">
{paragraphs}
</div>
<div class="footer">{footer}</div>
<script>{SCRIPT}</script>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding))
    return path


def render_scanned_pdf(path: Path) -> Path:
    """Write a 2-page PDF that holds only pictures, like a scan without OCR."""
    document = pymupdf.open()
    for shade in (200, 150):
        page = document.new_page(width=A4[0], height=A4[1])
        picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 400, 560), False)
        picture.clear_with(shade)
        page.insert_image(page.rect + (50, 50, -50, -50), pixmap=picture)
        page.draw_rect(pymupdf.Rect(100, 100, 300, 140), color=(0, 0, 0), fill=(0, 0, 0))
    document.save(str(path))
    document.close()
    return path


def render_scan(text: str, path: Path, dpi: int = 200) -> Path:
    """Write text as a scanned report: its PDF rendering photographed page by page (greyscale JPEG
    at dpi, no text layer)."""
    typeset = render_pdf(text, path.with_suffix(".text.pdf"))
    photograph_pdf(typeset, path, dpi)
    typeset.unlink()
    return path


def convert_with_libreoffice(source: Path, target: str, out_dir: Path) -> Path:
    """source converted by LibreOffice to the format target (e.g. "doc"), in out_dir, with its own profile."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        target, "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=180)
    return out_dir / f"{source.stem}.{target.split(':')[0]}"


def render_doc(text: str, path: Path) -> Path:
    """Write text as a Word 97-2003 .doc: a .docx made here, saved as .doc by LibreOffice."""
    source = render_docx(text, path.with_suffix(".docx"))
    out = convert_with_libreoffice(source, "doc", path.parent)
    source.unlink()
    return out.rename(path) if out != path else out


# Indicator levels of the provincial 部门整体支出绩效评价指标体系 template.
SCORE_SHEET_LEVELS = ["决策", "过程", "产出", "效益"]


def render_score_workbook(department: str, year: int, indicators: list[dict], total: float, path: Path,
                          sheet: str = "自评表") -> Path:
    """Write a 部门整体支出绩效自评表 as .xlsx: title and department rows merged across the sheet,
    一级指标 merged down over its indicators, then 三级指标 / 分值 / 自评得分 per row and a 合计 row."""
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    center = book.add_format({"align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    ws.merge_range(0, 0, 0, 4, f"{year}年度部门整体支出绩效自评表", center)
    ws.merge_range(1, 0, 1, 2, f"部门名称（公章）：{department}", center)
    ws.merge_range(1, 3, 1, 4, "单位：分", center)
    for col, head in enumerate(["一级指标", "二级指标", "三级指标", "分值", "自评得分"]):
        ws.write(2, col, head, center)
    row = 3
    chunk = max(1, -(-len(indicators) // len(SCORE_SHEET_LEVELS)))
    for level, start in zip(SCORE_SHEET_LEVELS, range(0, len(indicators), chunk)):
        group = indicators[start:start + chunk]
        if len(group) > 1:
            ws.merge_range(row, 0, row + len(group) - 1, 0, level, center)
        else:
            ws.write(row, 0, level, center)
        for item in group:
            ws.write(row, 1, f"{level}管理", center)
            ws.write(row, 2, item["name"], center)
            ws.write_number(row, 3, item["max"], center)
            ws.write_number(row, 4, item["score"], center)
            row += 1
    ws.merge_range(row, 0, row, 2, "合计", center)
    ws.write_number(row, 3, 100, center)
    ws.write_number(row, 4, total, center)
    book.close()
    return path
