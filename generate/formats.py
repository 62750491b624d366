"""Write a report's blocks as txt, pdf, docx or html, byte-identical for the same draw.

- txt: UTF-8 mostly, some GB18030 and UTF-8 with BOM, as portals serve them.
- pdf: reportlab with the STSong-Light CID font (no font file needed), lines wrapped at a
  fixed width with page numbers, so text extraction gives the familiar broken lines.
- docx: a minimal WordprocessingML package (document, content types, relationships);
  headings bold, tables as Word tables; fixed zip times, so the bytes depend on the draw only.
- html: a government portal page: nav bar, breadcrumb, the article, footer.
"""
from __future__ import annotations

import html
import io
import random
import zipfile
from functools import lru_cache
from pathlib import Path

from generate.layout import canonical_lines, paginate, render_text
from generate.writer import Block, Style

PDF_FONT = "STSong-Light"


def write_txt(path: Path, blocks: list[Block], style: Style, rng: random.Random) -> dict:
    pdf_like = rng.random() < 0.4
    text = render_text(blocks, style, rng, pdf_like=pdf_like)
    encoding = rng.choices(("utf-8", "gb18030", "utf-8-sig"), weights=(85, 12, 3))[0]
    path.write_bytes(text.encode(encoding))
    return {"encoding": encoding, "layout": "pdf-like" if pdf_like else "plain"}


@lru_cache(maxsize=1)
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def write_pdf(path: Path, blocks: list[Block], style: Style, rng: random.Random) -> dict:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _pdf_font()
    size = 11
    width_chars = int((A4[0] - 144) / size)
    per_page = int((A4[1] - 144) / (size * 1.6))  # keep clear of the page number at the foot
    pages = paginate(canonical_lines(blocks, style), rng, width_chars, per_page)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    mark = rng.choice(("{n}", "- {n} -", "第 {n} 页"))
    for n, page in enumerate(pages, 1):
        c.setFont(font, size)
        y = A4[1] - 72
        for line in page:
            c.drawString(72, y, line.replace("\t", "    "))
            y -= size * 1.6
        c.setFont(font, 9)
        c.drawCentredString(A4[0] / 2, 40, mark.format(n=n))
        c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return {"encoding": None, "layout": "pdf-like"}


DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TBL_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _w_para(text: str, bold: bool = False, align: str | None = None) -> str:
    ppr = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    body = f'<w:r>{rpr}<w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{body}</w:p>"


def _w_table(header: list[str], rows: list[list[str]]) -> str:
    def row(cells: list[str]) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{_w_para(c)}</w:tc>" for c in cells) + "</w:tr>"
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in header)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{TBL_BORDERS}</w:tblBorders></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>" + row(header) + "".join(row(r) for r in rows) + "</w:tbl>")


def docx_xml(blocks: list[Block], style: Style) -> str:
    parts = []
    for b in blocks:
        if b.kind == "table":
            caption, unit_note, header, rows = b.table
            parts.extend(_w_para(x, align="center") for x in (caption, unit_note) if x)
            parts.append(_w_table(header, rows))
            parts.append(_w_para(""))  # Word needs a paragraph between a table and what follows
        elif b.kind == "title":
            parts.append(_w_para(b.text, bold=True, align="center"))
        elif b.kind == "h":
            parts.append(_w_para(b.text, bold=b.depth <= 1))
        elif b.kind == "sign":
            parts.append(_w_para(b.text, align="right"))
        else:
            parts.append(_w_para(style.indent + b.text if b.kind == "p" else b.text))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
            + "".join(parts) + "<w:sectPr/></w:body></w:document>")


def write_docx(path: Path, blocks: list[Block], style: Style, rng: random.Random) -> dict:
    """A minimal WordprocessingML package written directly: python-docx takes ~40 ms a report,
    this under 2 ms, and fixed zip times keep the bytes a function of the draw."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", DOCX_CONTENT_TYPES), ("_rels/.rels", DOCX_RELS),
                           ("word/document.xml", docx_xml(blocks, style))):
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data.encode("utf-8"),
                       compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buf.getvalue())
    return {"encoding": None, "layout": "plain"}


NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进{place}")
BREAD = ("首页", "政务公开", "财政信息", "绩效评价")


def _html_table(table: tuple) -> str:
    caption, unit_note, header, rows = table
    esc = html.escape
    parts = []
    if caption:
        parts.append(f'<p style="text-align:center"><strong>{esc(caption)}</strong></p>')
    if unit_note:
        parts.append(f'<p style="text-align:right">{esc(unit_note)}</p>')
    parts.append('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">')
    parts.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in header) + "</tr>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    parts.append("</table>")
    return "\n".join(parts)


def _html_body(blocks: list[Block]) -> str:
    esc = html.escape
    out = []
    for b in blocks:
        if b.kind == "table":
            out.append(_html_table(b.table))
        elif b.kind == "title":
            out.append(f'<p style="text-align:center"><strong>{esc(b.text)}</strong></p>')
        elif b.kind == "h":
            tag = "h3" if b.depth == 0 else "p"
            out.append(f"<{tag}><strong>{esc(b.text)}</strong></{tag}>" if b.depth <= 1 else f"<p>{esc(b.text)}</p>")
        elif b.kind == "sign":
            out.append(f'<p style="text-align:right">{esc(b.text)}</p>')
        else:
            out.append(f'<p style="text-indent:2em">{esc(b.text)}</p>')
    return "\n".join(out)


def write_html(path: Path, blocks: list[Block], place_name: str, site: str, published: str,
               rng: random.Random) -> dict:
    esc = html.escape
    encoding = rng.choices(("utf-8", "gbk"), weights=(85, 15))[0]
    charset = "gb2312" if encoding == "gbk" and rng.random() < 0.5 else encoding
    title = next((b.text for b in blocks if b.kind == "title"), "部门整体支出绩效自评报告")
    nav = "".join(f'<li><a href="/{i}/">{esc(n.format(place=place_name))}</a></li>' for i, n in enumerate(NAV))
    bread = " &gt; ".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(BREAD))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}_{esc(site)}</title>
<style>body{{font-family:SimSun,serif}} .nav li{{display:inline;margin:0 1em}}</style>
</head>
<body>
<div class="header"><div class="logo">{esc(site)}</div>
<ul class="nav">{nav}</ul></div>
<div class="breadcrumb">当前位置：{bread}</div>
<div class="article">
<h1>{esc(title)}</h1>
<div class="info">发布时间：{published}　来源：{esc(site)}　【字体：大 中 小】</div>
<div class="content">
{_html_body(blocks)}
</div>
</div>
<div class="footer"><p>主办单位：{esc(site)}　版权所有</p>
<p>网站标识码：{rng.randint(1000000000, 9999999999)}　ICP备{rng.randint(10000000, 99999999)}号</p></div>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return {"encoding": encoding, "layout": "plain"}


def photograph_pdf(source: Path, dest: Path, dpi: int = 200) -> Path:
    """Each page of the PDF `source` as a greyscale JPEG at dpi, written to `dest` without a text
    layer: a scanned copy, as departments publish a signed and stamped paper report."""
    import pymupdf
    with pymupdf.open(source) as pdf, pymupdf.open() as scan:
        for page in pdf:
            picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            new = scan.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=picture.tobytes("jpeg", jpg_quality=85))
        scan.save(str(dest), garbage=3, deflate=True)
    return dest
