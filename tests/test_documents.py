"""Tests for ingest.documents: every format read from real files, every error kind raised."""
from __future__ import annotations

import io
import os
import pickle
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.enum.text import WD_BREAK
from render import BREADCRUMB, FOOTER, NAV, SCRIPT, render_docx, render_html, render_pdf, render_scanned_pdf

from ingest.documents import MAX_BYTES, Document, DocumentError, read_document

SENTENCES = [
    "吴川市政务服务和数据管理局2025年度部门整体支出绩效自评报告",
    ("根据《吴川市财政局关于开展2026年财政资金绩效自评工作的通知》要求，我局及时布置自评，成立自评工作小组，"
     "明确分工，落实责任，认真开展自评自查工作，经查阅、核实有关账务及项目等执行情况，形成本评价报告。"),
    ("2025年度部门整体支出预算数为12,054.87万元，实际支出11,987.65万元，预算执行率为99.44%，"
     "其中基本支出5,454.98万元，项目支出6,532.67万元，均按照批复用途使用，未发现截留、挤占、挪用资金的情况。"),
    "一、单位基本情况",
    "我局内设办公室、规划监管股、政务服务股、数据管理股4个股室，行政编制11名，年末在职11人。",
]
REPORT = "\n".join(SENTENCES)
THREE_PAGES = "\f".join([REPORT, REPORT.replace("一、", "二、"), REPORT.replace("一、", "三、")])


def read(path: Path) -> Document:
    """read_document on a file written to disk."""
    return read_document(path.name, path.read_bytes())


def error_kind(name: str, data: bytes) -> str:
    """The kind of the DocumentError that reading data raises."""
    with pytest.raises(DocumentError) as caught:
        read_document(name, data)
    assert caught.value.message  # every error tells a person what is wrong
    return caught.value.kind


def flat(text: str) -> str:
    """text without line breaks or spaces, as a PDF's wrapped lines are compared."""
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- txt

@pytest.mark.parametrize(("data", "encoding"), [
    (REPORT.encode("utf-8"), "utf-8"),
    (REPORT.encode("utf-8-sig"), "utf-8-sig"),
    (REPORT.encode("gb18030"), "gb18030"),
    (REPORT.encode("gbk"), "gb18030"),
    (REPORT.encode("gb2312"), "gb18030"),
    (REPORT.encode("utf-16"), "utf-16-le"),
])
def test_txt_encodings_give_the_same_text_and_name_the_encoding(data: bytes, encoding: str) -> None:
    document = read_document("report.txt", data)
    assert (document.text, document.encoding, document.format, document.pages) == (REPORT, encoding, "txt", None)


def test_txt_gbk_with_a_few_characters_outside_gb2312_is_still_chinese() -> None:
    text = REPORT + "\n湛江市吴川市梅菉街道，朱镕基同志题词。"  # 菉 and 镕 are GBK only
    assert read_document("r.txt", text.encode("gbk")).text == text


def test_txt_big5_that_also_decodes_as_gb18030_is_not_taken_for_gb18030() -> None:
    text = "國家機關年度預算執行情況報告，預算執行率為百分之九十九。各項支出均按規定用途使用。\n" * 3
    data = text.encode("big5")
    assert data.decode("gb18030")  # valid GB18030 too, but reads as nonsense
    document = read_document("r.txt", data)
    assert (document.text, document.encoding) == (text, "big5")


def test_txt_newlines_are_normalised_and_form_feeds_kept() -> None:
    data = "第一行\r\n第二行\r第三行\n\f第二页".encode()
    assert read_document("r.txt", data).text == "第一行\n第二行\n第三行\n\f第二页"


@pytest.mark.parametrize("data", [
    random.Random(7).randbytes(3000).translate(bytes(range(128, 256)) * 2),  # high bytes: neither UTF-8 nor GB
    "Café au lait, déjà vu, naïve résumé, garçon à la crème brûlée. ".encode("latin-1") * 20,
    "國家機關年度預算執行情況報告，預算執行率為百分之九十九。".encode("big5") * 3 + b"\xff",
])
def test_txt_of_unknown_encoding_raises_encoding(data: bytes) -> None:
    assert error_kind("r.txt", data) == "encoding"


@pytest.mark.parametrize("data", [
    os.urandom(4096),
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    b"PK\x03\x04" + b"word/document.xml" * 10,
    "文本".encode() + bytes(range(1, 32)) * 20,  # control characters without NUL
])
def test_txt_with_binary_content_raises_binary(data: bytes) -> None:
    assert error_kind("r.txt", data) == "binary"


@pytest.mark.parametrize("data", [b"", b"  \r\n\t \n", "\ufeff \u3000\n".encode("utf-8")])
def test_empty_or_whitespace_file_raises_empty(data: bytes) -> None:
    assert error_kind("r.txt", data) == "empty"


@pytest.mark.parametrize("name", ["r.txt", "r.pdf"])
def test_file_over_the_limit_raises_too_large_before_parsing(name: str) -> None:
    data = bytes(50 * 1024 * 1024)  # zeros: would be "binary" or "truncated" if it were parsed
    assert len(data) > MAX_BYTES
    assert error_kind(name, data) == "too_large"
    with pytest.raises(DocumentError, match="more than the limit"):
        read_document(name, REPORT.encode(), max_bytes=100)


# ---------------------------------------------------------------- pdf

def test_pdf_gives_pages_separated_by_form_feeds_and_the_sentences(tmp_path: Path) -> None:
    document = read(render_pdf(THREE_PAGES, tmp_path / "r.pdf"))
    assert (document.format, document.pages, document.encoding) == ("pdf", 3, None)
    assert document.text.count("\f") == document.pages - 1
    assert SENTENCES[2] not in document.text  # wrapped at the page width, inside a number too
    pages = [flat(page) for page in document.text.split("\f")]
    for sentence in SENTENCES[1:3]:  # long enough to wrap across lines
        assert all(flat(sentence) in page for page in pages)
    assert "三、单位基本情况" in document.text.split("\f")[2]


def test_pdf_reading_order_puts_footer_page_number_last_without_blank_lines(tmp_path: Path) -> None:
    # reportlab draws the footer before the body, so content-stream order would put it first.
    document = read(render_pdf(THREE_PAGES, tmp_path / "r.pdf"))
    for number, page in enumerate(document.text.split("\f"), start=1):
        lines = page.strip("\n").split("\n")
        assert lines[0] == SENTENCES[0]
        assert lines[-1].strip() == f"- {number} -"
        assert "" not in lines  # wrapped lines of a paragraph are not split by blank lines


def test_truncated_pdf_raises_truncated(tmp_path: Path) -> None:
    data = render_pdf(THREE_PAGES, tmp_path / "r.pdf").read_bytes()
    assert error_kind("r.pdf", data[: len(data) // 2]) == "truncated"
    assert error_kind("r.pdf", data[:-40]) == "truncated"  # only the trailer lost: MuPDF would repair it
    # Even when the cut-off file still ends in %%EOF, the lost pages are noticed.
    assert error_kind("r.pdf", data[: len(data) // 2] + b"\n%%EOF\n") == "truncated"
    assert error_kind("r.pdf", b"%PDF-1.4\nnot a pdf at all\n%%EOF\n") == "truncated"


def test_password_protected_pdf_raises_encrypted(tmp_path: Path) -> None:
    with pymupdf.open(render_pdf(REPORT, tmp_path / "r.pdf")) as pdf:
        data = pdf.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    assert error_kind("r.pdf", data) == "encrypted"


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    with pymupdf.open(render_pdf(REPORT, tmp_path / "r.pdf")) as pdf:
        data = pdf.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=0)
    assert flat(SENTENCES[2]) in flat(read_document("r.pdf", data).text)


def test_scanned_pdf_raises_no_text_layer(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read(render_scanned_pdf(tmp_path / "scan.pdf"))
    assert caught.value.kind == "no_text_layer"
    assert "2 pages, 0 characters" in caught.value.message


@pytest.fixture
def mupdf_output(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """What MuPDF prints, with printing switched on as older pymupdf versions have it by default.

    pymupdf prints to the sys.stdout it saw at import time, which capfd does not see.
    """
    output = io.StringIO()
    monkeypatch.setattr(pymupdf, "_g_out_message", output)
    before = pymupdf.TOOLS.mupdf_display_errors(), pymupdf.TOOLS.mupdf_display_warnings()
    pymupdf.TOOLS.mupdf_display_errors(True)
    pymupdf.TOOLS.mupdf_display_warnings(True)
    yield output
    pymupdf.TOOLS.mupdf_display_errors(before[0])
    pymupdf.TOOLS.mupdf_display_warnings(before[1])


def test_reading_broken_pdfs_prints_nothing(tmp_path: Path, mupdf_output: io.StringIO,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    data = render_pdf(THREE_PAGES, tmp_path / "r.pdf").read_bytes()
    for broken in (data[: len(data) // 2] + b"%%EOF", b"%PDF-1.4\ngarbage\n%%EOF"):
        with pytest.raises(DocumentError):
            read_document("r.pdf", broken)
    assert mupdf_output.getvalue() == ""
    assert capfd.readouterr() == ("", "")
    assert pymupdf.TOOLS.mupdf_display_errors()  # the reader restored the setting it found


# ---------------------------------------------------------------- docx

def docx_bytes(document: docx.document.Document) -> bytes:
    """A python-docx document saved to bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_keeps_paragraphs_and_table_rows_in_body_order() -> None:
    document = docx.Document()
    document.add_paragraph("一、部门整体支出情况")
    table = document.add_table(rows=3, cols=3)
    rows = [["项目", "预算数（万元）", "执行数（万元）"], ["基本支出", "5,454.98", "5,400.00"],
            ["项目支出", "6,532.67", "6,500.12"]]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("二、绩效目标完成情况")
    read_back = read_document("r.docx", docx_bytes(document))
    assert read_back.text.split("\n") == [
        "一、部门整体支出情况", "项目 预算数（万元） 执行数（万元）", "基本支出 5,454.98 5,400.00",
        "项目支出 6,532.67 6,500.12", "二、绩效目标完成情况"]
    assert (read_back.format, read_back.pages, read_back.encoding) == ("docx", None, None)


def test_docx_merged_cells_appear_once_and_equal_neighbours_stay() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "部门整体支出情况"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "预算执行率"
    for row, value in [(1, "100%"), (2, "95%")]:
        table.cell(row, 1).text = table.cell(row, 2).text = value
    text = read_document("r.docx", docx_bytes(document)).text
    assert text == "部门整体支出情况\n预算执行率 100% 100%\n95% 95%"


def test_docx_page_breaks_become_form_feeds_and_set_pages(tmp_path: Path) -> None:
    document = read(render_docx(THREE_PAGES, tmp_path / "r.docx"))
    assert document.pages == 3
    assert document.text.split("\f")[1].strip("\n").startswith(SENTENCES[0])
    inline = docx.Document()
    run = inline.add_paragraph().add_run("第一页末尾")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("第二页开头")
    assert read_document("r.docx", docx_bytes(inline)).text == "第一页末尾\f第二页开头"


def test_truncated_docx_raises_truncated(tmp_path: Path) -> None:
    data = render_docx(REPORT, tmp_path / "r.docx").read_bytes()
    assert error_kind("r.docx", data[: len(data) // 2]) == "truncated"


def test_old_binary_doc_named_docx_is_converted_and_a_protected_one_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert error_kind("r.docx", ole) == "truncated"      # converted as .doc by LibreOffice, which finds no document
    assert error_kind("r.docx", ole + "EncryptedPackage".encode("utf-16-le") + bytes(600)) == "encrypted"


# ---------------------------------------------------------------- html

def test_html_keeps_the_report_and_drops_site_furniture(tmp_path: Path) -> None:
    document = read(render_html(REPORT, tmp_path / "r.html"))
    assert (document.text, document.format, document.encoding) == (REPORT, "html", "utf-8")
    furniture = [*NAV, BREADCRUMB, "当前位置", *FOOTER, "脚本里的统计代码", SCRIPT]
    assert [item for item in furniture if item in document.text and item not in REPORT] == []
    assert "首页" not in document.text and "版权所有" not in document.text


def test_gbk_page_declared_gb2312_decodes_correctly(tmp_path: Path) -> None:
    text = REPORT + "\n朱镕基同志题词。"  # 镕 is GBK, not GB2312: sites declare gb2312 and send GBK
    document = read(render_html(text, tmp_path / "r.html", encoding="gbk", charset="gb2312"))
    assert (document.text, document.encoding) == (text, "gb18030")


def test_utf8_page_with_a_stale_gb2312_declaration_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>部门整体支出绩效自评报告</p></body></html>'
    data = page.encode("utf-8")
    assert data.decode("gb18030")  # these UTF-8 bytes are valid GBK too, so the declaration alone would win
    document = read_document("r.html", data)
    assert (document.text, document.encoding) == ("部门整体支出绩效自评报告", "utf-8")


WEBFORMS_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><form id="form1" method="post">
<div class="topbar"><a href="/">网站首页</a><a href="/zwgk">信息公开</a></div>
<div class="wz">您现在的位置：<a>首页</a>&gt;<a>财政预决算</a></div>
<div class="wrap"><div class="left-col"><a>通知公告</a><a>工作动态</a><a>政策解读</a><a>人事任免</a></div>
<div class="article"><h1 class="title">湛江市某局2025年度部门整体支出绩效自评报告</h1>
<div class="zoom">
&nbsp;&nbsp;一、基本情况<br>我局内设7个科室，行政编制35名。<br/>
<table class="table border-bottom"><tr><td>项目</td><td><p>预算数</p><p>（万元）</p></td><td></td><td>执行数</td></tr>
<tr><td>合计</td><td>1,234.56</td><td></td><td>1,200.00</td></tr></table>
<p>二、绩效目标完成情况</p><p>　　全年预算执行率97.2%，较上年提高1.5个百分点。</p>
<p>三、存在的问题及改进措施：部分项目前期论证不够充分，绩效目标设置不够细化，下一步将加强项目库管理。</p>
</div></div>
<div class="related"><h3>相关文章</h3><ul><li><a>关于做好2026年预算编制工作的通知</a></li>
<li><a>湛江市财政局2025年部门决算公开</a></li></ul></div></div>
<div class="bottom">主办单位：湛江市人民政府办公室 网站标识码：4408000001</div>
</form></body></html>"""


def test_html_page_inside_a_webforms_form_keeps_title_content_and_table_rows() -> None:
    document = read_document("article.aspx", WEBFORMS_PAGE.encode("utf-8"))
    assert document.format == "html"
    assert document.text.split("\n") == [
        "湛江市某局2025年度部门整体支出绩效自评报告", "一、基本情况", "我局内设7个科室，行政编制35名。",
        "项目 预算数 （万元） 执行数", "合计 1,234.56 1,200.00", "二、绩效目标完成情况",
        "全年预算执行率97.2%，较上年提高1.5个百分点。",
        "三、存在的问题及改进措施：部分项目前期论证不够充分，绩效目标设置不够细化，下一步将加强项目库管理。"]


def test_html_breadcrumb_and_site_registration_are_dropped_by_their_text() -> None:
    page = """<html><body><div class="wz">当前位置：<a>首页</a> &gt; <a>通知公告</a></div>
    <div class="a1"><p>关于2025年度部门整体支出绩效自评结果的公示</p></div>
    <div class="a2"><p>网站标识码：4408000001 粤ICP备05001234号</p></div></body></html>"""
    assert read_document("r.html", page.encode()).text == "关于2025年度部门整体支出绩效自评结果的公示"


# ---------------------------------------------------------------- unknown extensions and the error type

def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    pdf = render_pdf(REPORT, tmp_path / "r.pdf").read_bytes()
    word = render_docx(REPORT, tmp_path / "r.docx").read_bytes()
    page = render_html(REPORT, tmp_path / "r.html").read_bytes()
    assert read_document("download.bin", pdf).format == "pdf"
    assert read_document("download", word).format == "docx"
    assert read_document("r.php", page).format == "html"
    assert read_document("README", REPORT.encode("gbk")).format == "txt"
    assert error_kind("image.jpg", b"\xff\xd8\xff\xe0" + bytes(300)) == "unsupported"
    assert error_kind("sheet.xlsx", _zip_with("xl/workbook.xml")) == "truncated"   # a workbook without its parts
    assert error_kind("archive.zip", _zip_with("notes.txt")) == "unsupported"


def _zip_with(member: str) -> bytes:
    """A small zip archive holding one member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def test_document_error_has_kind_and_message_and_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(DocumentError("encrypted", "PDF is password-protected")))
    assert (error.kind, error.message, str(error)) == ("encrypted", "PDF is password-protected",
                                                      "PDF is password-protected")
    with pytest.raises(ValueError):
        DocumentError("nonsense", "x")
