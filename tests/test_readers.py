"""Formats beyond text: scanned PDFs (OCR), legacy Word (.doc), workbooks (.xlsx, .xls), OFD.

Every file is made here: scans are PDF renderings photographed at 200 dpi in greyscale,
.doc and .xls files are saved by LibreOffice, workbooks are written with xlsxwriter.
OCR is slow on two cores, so only a few pages are read here; the whole sample set is
measured in benchmarks/ocr_bench.py.
"""
from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from conftest import REPORTS, gold_of, sample_reports
from ingest.documents import DocumentError, read_document
from ingest.isolation import attempt
from ingest.limits import OCR_SECONDS_PER_PAGE, hard_limit
from evaluation.evaluate import summarize
from ingest.pipeline import extract_bytes, to_answer
from ingest.readers import office
from ingest.readers.ocr import Box, rebuild_lines
from render import (FONT, _pdf_style, convert_with_libreoffice, render_doc, render_pdf, render_scan,
                    render_scanned_pdf, render_score_workbook)

SHORT_REPORT = REPORTS / "003_979c6e7e2258c587.txt"   # the shortest sample: 6 pages


def _indicators(report: Path) -> list[dict]:
    return [i for i in gold_of(report)["indicator_scores"] if i["max"] is not None]


# ---------------------------------------------------------------- OCR

def test_ocr_quotes_pair_up_in_reading_order():
    boxes = [Box(100, 100, 800, 140, "绩效等级为”优”，", 0.99), Box(100, 200, 800, 240, "“数字政府”建设", 0.99)]
    assert [ln.text for ln in rebuild_lines(boxes)] == ["绩效等级为“优”，", "“数字政府”建设"]


def test_lines_are_rebuilt_from_boxes_and_table_cells_keep_a_gap():
    boxes = [Box(700, 102, 760, 138, "50", 0.99), Box(100, 100, 400, 140, "履职效能", 0.98),
             Box(100, 200, 500, 236, "一、部门基本", 0.95), Box(505, 201, 700, 237, "情况", 0.90),
             Box(850, 101, 900, 139, "48", 0.97)]
    lines = rebuild_lines(boxes)
    assert [ln.text for ln in lines] == ["履职效能\t50\t48", "一、部门基本情况"]
    assert lines[0].box == (100, 100, 900, 140) and lines[0].score == 0.97
    assert lines[1].score == 0.90


@pytest.fixture(scope="module")
def scanned_short(tmp_path_factory):
    """The shortest sample report scanned, and what the pipeline makes of it (read once: OCR is slow)."""
    path = render_scan(SHORT_REPORT.read_text(encoding="utf-8"), tmp_path_factory.mktemp("scan") / "scan.pdf")
    return path, extract_bytes(path.name, path.read_bytes())


def test_a_scanned_report_reads_by_ocr_as_well_as_its_answer_key(scanned_short):
    path, report = scanned_short
    with pymupdf.open(path) as pdf:
        assert not "".join(page.get_text() for page in pdf).strip()      # really no text layer
    answer = to_answer(report)
    answer["report_file"] = SHORT_REPORT.name
    s = summarize([(SHORT_REPORT.name, gold_of(SHORT_REPORT), answer)])
    assert s["overall"]["f1"] >= 0.90, s["misses"]


def test_ocr_facts_know_their_page_box_and_a_lowered_confidence(scanned_short):
    _, r = scanned_short
    assert r.doc.ocr_pages == tuple(range(1, r.doc.pages + 1)) and not r.doc.unreadable_pages
    prov = to_answer(r)["provenance"]
    assert prov["department"]["page"] == 1 and prov["department"]["location"].startswith("p1 [")
    assert all(p["location"] for p in prov.values())
    by_key = {(f.group, f.key): f.confidence for f in extract_bytes(SHORT_REPORT.name, SHORT_REPORT.read_bytes()).facts
              if f.group in ("meta", "amounts", "rates", "headcount")}
    pairs = [(f.confidence, by_key[(f.group, f.key)]) for f in r.facts if (f.group, f.key) in by_key]
    assert pairs and all(ocr <= text for ocr, text in pairs)
    assert any(ocr < text for ocr, text in pairs), "OCR confidence lowers the facts' confidence"


def _scan_table_pdf(rows: list[list[str]], path: Path) -> Path:
    """A 自评表 printed as a ruled table, then scanned at 200 dpi greyscale."""
    style = _pdf_style()
    table = Table(rows, style=[("FONT", (0, 0), (-1, -1), FONT, 11), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    printed = path.with_suffix(".print.pdf")
    SimpleDocTemplate(str(printed), pagesize=A4).build([table])
    del style
    source = pymupdf.open(printed)
    scan = pymupdf.open()
    for page in source:
        pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        new = scan.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=pix.tobytes("jpeg", jpg_quality=85))
    scan.save(str(path))
    return path


def test_a_scanned_score_table_reads_as_a_table(tmp_path):
    report = REPORTS / "002_1be51992f5290d93.txt"
    gold = gold_of(report)
    items = _indicators(report)[:12]
    rows = [[f"{gold['fiscal_year']}年度部门整体支出绩效自评表", "", ""], ["三级指标", "分值", "自评得分"]]
    rows += [[i["name"], f"{i['max']:g}", f"{i['score']:g}"] for i in items]
    rows.append(["合计", "100", f"{gold['self_score']:g}"])
    path = _scan_table_pdf(rows, tmp_path / "table.pdf")
    answer = to_answer(extract_bytes(path.name, path.read_bytes()))
    got = [(i["name"], i["max"], i["score"]) for i in answer["indicator_scores"]]
    assert got == [(i["name"], i["max"], i["score"]) for i in items]
    assert answer["self_score"] == gold["self_score"]


def test_a_mixed_pdf_reads_text_pages_and_ocrs_only_the_scanned_one(tmp_path):
    text = SHORT_REPORT.read_text(encoding="utf-8")
    pages = [p for p in text.split("\n\n") if p.strip()]
    typed = render_pdf("\n".join(pages[: len(pages) // 2]), tmp_path / "typed.pdf")
    scanned = render_scan("\n".join(pages[len(pages) // 2:][:6]), tmp_path / "scanned.pdf")
    mixed = pymupdf.open(typed)
    with pymupdf.open(scanned) as other:
        mixed.insert_pdf(other, from_page=0, to_page=0)
    mixed.save(str(tmp_path / "mixed.pdf"))
    document = read_document("mixed.pdf", (tmp_path / "mixed.pdf").read_bytes())
    last = mixed.page_count
    assert document.ocr_pages == (last,) and document.pages == last
    first_scanned_line = pages[len(pages) // 2].strip()[:8]
    assert first_scanned_line in document.text.split("\f")[last - 1].replace(" ", "")
    assert all(span.location.startswith(f"p{last} ") for span in document.spans)


def test_a_page_ocr_cannot_read_is_a_finding_and_flags_the_report(tmp_path):
    typed = pymupdf.open(render_pdf(SHORT_REPORT.read_text(encoding="utf-8"), tmp_path / "typed.pdf"))
    with pymupdf.open(render_scanned_pdf(tmp_path / "blot.pdf")) as blot:   # grey pictures with a black bar
        typed.insert_pdf(blot, from_page=0, to_page=0)
    typed.save(str(tmp_path / "r.pdf"))
    r = extract_bytes("r.pdf", (tmp_path / "r.pdf").read_bytes())
    assert r.doc.unreadable_pages == (typed.page_count,)
    assert [f.rule for f in r.findings if f.rule == "unreadable_page"] == ["unreadable_page"]
    assert r.status == "partial"


def test_a_scan_without_any_readable_page_is_still_no_text_layer(tmp_path):
    with pytest.raises(DocumentError) as caught:
        read_document("scan.pdf", render_scanned_pdf(tmp_path / "scan.pdf").read_bytes())
    assert caught.value.kind == "no_text_layer" and "OCR" in caught.value.message


# ---------------------------------------------------------------- .doc / .wps

@pytest.fixture(scope="module")
def doc_files(tmp_path_factory) -> list[tuple[Path, Path]]:
    d = tmp_path_factory.mktemp("doc")
    return [(p, render_doc(p.read_text(encoding="utf-8"), d / f"{p.stem}.doc")) for p in sample_reports()]


def test_doc_reports_score_as_well_as_their_answer_keys(doc_files):
    pairs = []
    for report, path in doc_files:
        assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")          # a real Word 97-2003 file
        answer = to_answer(extract_bytes(path.name, path.read_bytes()))
        assert answer and read_document(path.name, path.read_bytes()).format == "doc"
        answer["report_file"] = report.name
        pairs.append((report.name, gold_of(report), answer))
    s = summarize(pairs)
    assert s["overall"]["f1"] >= 0.97, s["misses"]


def test_a_wps_file_and_concurrent_conversions_work(doc_files):
    data = doc_files[0][1].read_bytes()
    with ThreadPoolExecutor(3) as pool:
        texts = list(pool.map(lambda name: read_document(name, data).text, ["a.doc", "b.wps", "c.doc"]))
    assert texts[0] == texts[1] == texts[2] and "绩效" in texts[0]


def test_a_conversion_over_time_is_stopped(doc_files):
    with pytest.raises(office.ConversionError) as caught:
        office.convert(doc_files[0][1].read_bytes(), ".doc", timeout=0.05)
    assert caught.value.kind == "timeout"


def test_a_missing_converter_says_what_to_install(doc_files, monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(DocumentError) as caught:
        read_document("r.doc", doc_files[0][1].read_bytes())
    assert caught.value.kind == "missing_converter" and "libreoffice-writer-nogui" in caught.value.message


def test_a_damaged_doc_is_truncated():
    with pytest.raises(DocumentError) as caught:
        read_document("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    assert caught.value.kind == "truncated"


# ---------------------------------------------------------------- workbooks

SCORE_REPORT = REPORTS / "004_3fe8e0490e208816.txt"


@pytest.fixture(scope="module")
def score_workbook(tmp_path_factory) -> Path:
    gold = gold_of(SCORE_REPORT)
    return render_score_workbook(gold["department"], gold["fiscal_year"], _indicators(SCORE_REPORT),
                                 gold["self_score"], tmp_path_factory.mktemp("xlsx") / "自评表.xlsx")


def _assert_score_sheet_report(path: Path) -> None:
    gold = gold_of(SCORE_REPORT)
    answer = to_answer(extract_bytes(path.name, path.read_bytes()))
    assert (answer["department"], answer["fiscal_year"], answer["self_score"]) == \
           (gold["department"], gold["fiscal_year"], gold["self_score"])
    got = [(i["name"], i["max"], i["score"]) for i in answer["indicator_scores"]]
    assert got == [(i["name"], i["max"], i["score"]) for i in _indicators(SCORE_REPORT)]


def test_a_score_workbook_alone_is_a_report_with_every_indicator(score_workbook):
    _assert_score_sheet_report(score_workbook)


def test_workbook_facts_name_their_sheet_and_cells(score_workbook):
    answer = to_answer(extract_bytes(score_workbook.name, score_workbook.read_bytes()))
    first = answer["provenance"]["indicator_scores.0"]
    assert first["location"] == "自评表!A4:E4"            # the first indicator row, 一级指标 to 自评得分
    assert answer["provenance"]["self_score"]["location"].startswith("自评表!A")
    assert answer["provenance"]["department"]["location"] == "自评表!A2"


def test_merged_cells_are_propagated_in_the_grid(score_workbook):
    from ingest.readers.workbook import read_workbook
    sheet = read_workbook(score_workbook.read_bytes())[0]
    level = [row[0] for row in sheet.rows[3:6]]
    assert [c.value for c in level] == ["决策"] * 3 and [c.anchor for c in level] == [True, False, False]
    assert sheet.rows[0][4].value == sheet.rows[0][0].value and sheet.rows[0][4].ref == "自评表!E1"


def test_an_xls_workbook_reads_like_the_xlsx(score_workbook, tmp_path):
    xls = convert_with_libreoffice(score_workbook, "xls", tmp_path)
    assert xls.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    _assert_score_sheet_report(xls)


def test_a_damaged_workbook_is_truncated(score_workbook):
    with pytest.raises(DocumentError) as caught:
        read_document("r.xlsx", score_workbook.read_bytes()[:2000])
    assert caught.value.kind == "truncated"


# ---------------------------------------------------------------- OFD

FIXTURES = Path(__file__).parent / "fixtures"


def test_an_ofd_report_reads_like_its_text():
    # report.ofd: the PDF rendering of SHORT_REPORT saved as OFD by another library (easyofd)
    data = (FIXTURES / "report.ofd").read_bytes()
    document = read_document("r.ofd", data)
    assert document.format == "ofd" and document.pages and document.pages > 1
    answer = to_answer(extract_bytes("r.ofd", data))
    answer["report_file"] = SHORT_REPORT.name
    s = summarize([(SHORT_REPORT.name, gold_of(SHORT_REPORT), answer)])
    assert s["overall"]["f1"] >= 0.97, s["misses"]
    assert read_document("download", data).format == "ofd"          # recognised without its extension


def test_a_damaged_ofd_is_truncated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
    with pytest.raises(DocumentError) as caught:
        read_document("r.ofd", buffer.getvalue())
    assert caught.value.kind in ("truncated", "no_text_layer")


# ---------------------------------------------------------------- folders

def test_a_folder_ingest_names_every_file_it_does_not_load(tmp_path, capsys):
    import duckdb

    from ingest.load import run_ingest
    folder = tmp_path / "attachments"
    folder.mkdir()
    (folder / SHORT_REPORT.name).write_bytes(SHORT_REPORT.read_bytes())
    (folder / "report.ofd").write_bytes((FIXTURES / "report.ofd").read_bytes())
    (folder / "stamp.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(300))
    (folder / "notes.json").write_text("{}")
    db = tmp_path / "w.duckdb"
    assert run_ingest([str(folder)], db, workers=1) == 1
    err = capsys.readouterr().err
    assert "stamp.jpg: unsupported" in err and "skipped 1 file(s) that are not report documents: notes.json" in err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select file_name, error_kind from raw.load_errors").fetchall() == [("stamp.jpg", "unsupported")]
        assert sorted(con.execute("select format from raw.reports").fetchall()) == [("ofd",), ("txt",)]


def test_reading_a_scan_widens_the_time_budget_page_by_page(tmp_path):
    """OCR takes seconds a page: a scan must not be cut off by the budget meant for extraction."""
    text = "\n".join(SHORT_REPORT.read_text(encoding="utf-8").splitlines()[:90])
    path = render_scan(text, tmp_path / "scan.pdf")
    outcome = attempt(str(path), lambda report: report.meta("department"), budget=1.0)
    assert outcome.failure is None, outcome.failure
    assert outcome.result


def test_a_worker_is_killed_later_for_files_whose_reading_takes_long():
    assert hard_limit("a.txt", 10 ** 6, 60, 5) == 65
    assert hard_limit("a.PDF", 5_000_000, 60, 5) == 65 + 100 * OCR_SECONDS_PER_PAGE
    assert hard_limit("a.doc", 1000, 60, 5) == 65 + office.TIMEOUT_S


def test_files_whose_reading_may_take_long_get_a_pool_with_a_later_hard_limit():
    from ingest.load import KILL_GRACE_SECONDS, _by_hard_limit
    todo = [("a.txt", 1000, 0), ("scan.pdf", 5_000_000, 0), ("b.docx", 1000, 0)]
    groups = _by_hard_limit(todo, 60)
    assert groups == [(60 + KILL_GRACE_SECONDS, [todo[0], todo[2]]),
                      (hard_limit("scan.pdf", 5_000_000, 60, KILL_GRACE_SECONDS), [todo[1]])]
    assert _by_hard_limit(todo, None) == [(None, todo)]
