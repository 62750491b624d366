"""Loading into the raw schema: idempotent, incremental, and safe with bad input."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pymupdf
import pytest

from conftest import sample_reports
from ingest import load
from jixiao.cli import main


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as c:
        return {t: c.execute(f"select count(*) from raw.{t}").fetchone()[0]
                for t in load.TABLES + ("load_errors",)}


def _query(db: Path, sql: str, params=None):
    with duckdb.connect(str(db), read_only=True) as c:
        return c.execute(sql, params or []).fetchall()


@pytest.fixture()
def reports_dir(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    for p in sample_reports():
        shutil.copy(p, d / p.name)
    return d


def _pdf_bytes() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Performance report", fontsize=12)
    return doc.tobytes()


@pytest.fixture()
def bad_dir(tmp_path: Path) -> Path:
    d = tmp_path / "bad"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.txt").write_bytes(os.urandom(4096))
    pdf = _pdf_bytes()
    (d / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    (d / "locked.pdf").write_bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret",
                                               owner_pw="owner"))
    (d / "menu.txt").write_text("今日菜单：米饭、青菜、豆腐汤。欢迎光临本店，营业时间为早上九点到晚上九点。", encoding="utf-8")
    (d / "latin1.txt").write_bytes(("Caf\xe9 cr\xe8me br\xfbl\xe9e " * 40).encode("latin-1"))
    (d / "huge.txt").write_bytes(b"a" * (50 * 1024 * 1024))
    return d


def test_ingest_loads_every_sample_with_exact_quotes(tmp_path, reports_dir):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(reports_dir), "--db", str(db), "--quiet"]) == 0
    assert _counts(db)["reports"] == 5
    bad = _query(db, """select count(*) from raw.facts f join raw.report_text t using (report_id)
                        where substr(t.text, f.char_start + 1, f.char_end - f.char_start) <> f.quote""")
    assert bad == [(0,)]
    for table in ("indicator_scores", "indicator_targets", "score_history", "problems"):
        bad = _query(db, f"""select count(*) from raw.{table} f join raw.report_text t using (report_id)
                             where substr(t.text, f.char_start + 1, f.char_end - f.char_start) <> f.quote""")
        assert bad == [(0,)], table


def test_same_files_again_change_nothing(tmp_path, reports_dir):
    db = tmp_path / "w.duckdb"
    main(["ingest", str(reports_dir), "--db", str(db), "--quiet"])
    before = _counts(db), _query(db, "select report_id, ingested_at from raw.reports order by 1")
    # touched files (new mtime, same bytes) are re-read but recognised by their hash
    for p in reports_dir.iterdir():
        os.utime(p, None)
    assert main(["ingest", str(reports_dir), "--db", str(db), "--quiet"]) == 0
    assert main(["ingest", str(reports_dir), "--db", str(db), "--quiet"]) == 0
    assert (_counts(db), _query(db, "select report_id, ingested_at from raw.reports order by 1")) == before


def test_a_changed_file_replaces_its_old_rows(tmp_path, reports_dir):
    db = tmp_path / "w.duckdb"
    main(["ingest", str(reports_dir), "--db", str(db), "--quiet"])
    before = _counts(db)
    target = reports_dir / "002_1be51992f5290d93.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("总收入决算数 285.53", "总收入决算数 295.53"), encoding="utf-8")
    assert main(["ingest", str(reports_dir), "--db", str(db), "--quiet"]) == 0
    assert _counts(db) == before
    rows = _query(db, """select f.value from raw.facts f join raw.reports r using (report_id)
                         where r.file_name = ? and f.fact_key = 'income_total'""", [target.name])
    assert [float(v) for (v,) in rows] == [2955300.0]


def test_each_bad_file_gets_one_error_row_and_the_rest_loads(tmp_path, reports_dir, bad_dir, capsys):
    db = tmp_path / "w.duckdb"
    rc = main(["ingest", str(reports_dir), str(bad_dir), "--db", str(db), "--quiet"])
    assert rc == 1
    kinds = dict(_query(db, "select file_name, error_kind from raw.load_errors"))
    assert kinds == {"empty.txt": "empty", "junk.txt": "binary", "truncated.pdf": "truncated",
                     "locked.pdf": "encrypted", "menu.txt": "not_a_report", "latin1.txt": "encoding",
                     "huge.txt": "too_large"}
    assert _counts(db)["reports"] == 5
    err_lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error:")]
    assert len(err_lines) == 7


def test_bad_input_does_not_damage_what_is_loaded(tmp_path, reports_dir, bad_dir):
    db = tmp_path / "w.duckdb"
    main(["ingest", str(reports_dir), "--db", str(db), "--quiet"])
    before = _query(db, "select * from raw.facts order by all")
    main(["ingest", str(bad_dir), "--db", str(db), "--quiet"])
    assert _query(db, "select * from raw.facts order by all") == before
    # errors are recorded once per file, also when the same bad files come again
    main(["ingest", str(bad_dir), "--db", str(db), "--quiet"])
    assert _counts(db)["load_errors"] == 7


def test_an_interrupted_ingest_keeps_whole_batches_only(tmp_path, reports_dir, monkeypatch):
    db = tmp_path / "w.duckdb"
    monkeypatch.setattr(load, "BATCH", 2)
    real_commit, calls = load._commit, []

    def commit_then_interrupt(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_commit(*args)

    monkeypatch.setattr(load, "_commit", commit_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        load.run_ingest([str(reports_dir)], db, workers=1, quiet=True)
    counts = _counts(db)
    assert counts["reports"] == 2 and counts["report_text"] == 2
    ids = {r[0] for r in _query(db, "select report_id from raw.reports")}
    assert {r[0] for r in _query(db, "select distinct report_id from raw.facts")} <= ids
    monkeypatch.setattr(load, "_commit", real_commit)
    assert load.run_ingest([str(reports_dir)], db, workers=1, quiet=True) == 0
    assert _counts(db)["reports"] == 5


def test_parallel_and_serial_ingest_load_the_same_rows(tmp_path, reports_dir):
    serial, parallel = tmp_path / "s.duckdb", tmp_path / "p.duckdb"
    many = tmp_path / "many"
    many.mkdir()
    for i in range(4):                       # 20 distinct files so the process pool is used
        for p in sample_reports():
            (many / f"{i}_{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n附：第{i}份", encoding="utf-8")
    load.run_ingest([str(many)], serial, workers=1, quiet=True)
    load.run_ingest([str(many)], parallel, workers=2, quiet=True)
    q = "select report_id, fact_key, value, quote from raw.facts order by all"
    assert _query(serial, q) == _query(parallel, q)
    assert _counts(serial)["reports"] == 20
