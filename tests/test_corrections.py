"""Analysts' corrections: the append-only store (warehouse/corrections.py), how the build applies
them above the extracted facts, that they survive re-ingesting a file, the `jixiao corrections`
commands and `jixiao evaluate --corrections`."""
from __future__ import annotations

import hashlib
import json
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from jixiao.cli import main
from warehouse.build import build
from warehouse.corrections import (
    CorrectionError,
    append,
    import_file,
    latest,
    make_correction,
    parse_value,
    read_all,
    snapshot,
)
from warehouse.paths import corrections_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "reports" / "002_1be51992f5290d93.txt"   # 乐昌: self score 99, execution 58.48 %
RID = "a" * 64


def one(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()


# --- the store -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "text", "expected"), [
    ("amounts.income_total", "529.51万元", Decimal("5295100")),
    ("amounts.income_total", "529.51", Decimal("5295100")),            # the marts' unit, 万元
    ("amounts.income_total", "5,295,100元", Decimal("5295100")),
    ("amounts.income_total", "1.2亿元", Decimal("120000000")),
    ("rates.budget_execution_rate", "58.48%", Decimal("58.48")),
    ("headcount.actual", "11人", Decimal("11")),
    ("meta.self_score", "97.5分", Decimal("97.5")),
])
def test_values_are_parsed_into_the_warehouse_units(path, text, expected):
    assert parse_value(path, text) == expected


@pytest.mark.parametrize(("path", "text"), [
    ("meta.self_score", "120"),                  # a score above 100
    ("amounts.income_total", "-5万元"),           # negative money
    ("rates.budget_execution_rate", "58万元"),    # money unit on a rate
    ("amounts.income_total", "1e400"),            # not a figure
    ("amounts.income_total", "'; drop table raw.facts; --"),
])
def test_implausible_or_malformed_values_are_refused(path, text):
    with pytest.raises(CorrectionError):
        parse_value(path, text)


def test_a_correction_needs_a_known_fact_a_reviewer_and_a_quote_to_add():
    with pytest.raises(CorrectionError):
        make_correction(RID, "amounts.not_a_key", "correct", value="1", reviewer="张三")
    with pytest.raises(CorrectionError):
        make_correction(RID, "amounts.income_total", "correct", value="1", reviewer=" ")
    with pytest.raises(CorrectionError):
        make_correction(RID, "amounts.income_total", "add", value="1", reviewer="张三")
    with pytest.raises(CorrectionError):
        make_correction("../../etc", "amounts.income_total", "confirm", reviewer="张三")
    with pytest.raises(CorrectionError):
        make_correction(RID, "meta.grade", "correct", value="甲", reviewer="张三")
    ok = make_correction(RID, "meta.grade", "correct", value="良", reviewer="张三")
    assert ok.value_text == "良" and ok.value is None


def test_the_store_is_append_only_and_the_latest_correction_is_in_force(tmp_path):
    store = tmp_path / "corrections.jsonl"
    first = make_correction(RID, "amounts.income_total", "correct", value="100", reviewer="张三")
    second = make_correction(RID, "amounts.income_total", "confirm", reviewer="李四")
    append(store, [first])
    append(store, [second])
    lines = store.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["correction_id"] for line in lines] == [first.correction_id, second.correction_id]
    assert latest(read_all(store))[(RID, "amounts.income_total")].action == "confirm"


def test_export_and_import_move_corrections_without_duplicates(tmp_path):
    here, there, moved = tmp_path / "here.jsonl", tmp_path / "there.jsonl", tmp_path / "moved.jsonl"
    append(here, [make_correction(RID, "amounts.income_total", "correct", value="100", reviewer="张三"),
                  make_correction(RID, "meta.grade", "correct", value="优", reviewer="张三")])
    shutil.copy(here, moved)
    assert import_file(there, moved) == (2, 0)
    assert import_file(there, moved) == (0, 2)
    assert [c.correction_id for c in read_all(there)] == [c.correction_id for c in read_all(here)]
    assert read_all(there)[0].value == "1000000.0000"


def test_corrections_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("JIXIAO_CORRECTIONS", raising=False)
    db = tmp_path / "w.duckdb"
    append(corrections_path(db), [make_correction(RID, "amounts.income_total", "correct", value="100",
                                                  reviewer="张三", note="原文为万元")])
    assert main(["corrections", "export", str(tmp_path / "out.jsonl"), "--db", str(db)]) == 0
    assert len(read_all(tmp_path / "out.jsonl")) == 1
    other = tmp_path / "other" / "w.duckdb"
    assert main(["corrections", "import", str(tmp_path / "out.jsonl"), "--db", str(other)]) == 0
    assert len(read_all(corrections_path(other))) == 1
    capsys.readouterr()
    assert main(["corrections", "list", "--db", str(other)]) == 0
    listed = capsys.readouterr().out
    assert "amounts.income_total" in listed and "更正数值" in listed and "原文为万元" in listed


def test_a_correction_saved_during_a_snapshot_is_kept(tmp_path):
    store = tmp_path / "corrections.jsonl"
    append(store, [make_correction(RID, "amounts.income_total", "confirm", reviewer="张三")])
    threads = [threading.Thread(target=append, args=(store, [make_correction(
        RID, "headcount.actual", "correct", value=str(n), reviewer="张三")])) for n in range(20)]
    for t in threads:
        t.start()
    snap = snapshot(store, tmp_path / "snap.jsonl")
    for t in threads:
        t.join()
    assert len(read_all(store)) == 21
    assert 1 <= len(read_all(snap)) <= 21   # whole lines only: every line of the snapshot parses


# --- applied by the build, kept across re-ingest ----------------------------------------------------

@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A warehouse with the 乐昌 sample report, corrections recorded, built twice around a re-ingest."""
    folder = tmp_path_factory.mktemp("reviewed")
    reports = folder / "reports"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / SAMPLE.name)
    db = folder / "warehouse.duckdb"
    assert main(["ingest", str(reports), "--db", str(db), "--quiet"]) == 0
    report_id = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    text = one(db, "select text from raw.report_text where report_id = ?", [report_id])[0]
    quote = text[text.index("全年预算资金支出率"):text.index("全年预算资金支出率") + 18]
    store = corrections_path(db)
    append(store, [
        make_correction(report_id, "rates.budget_execution_rate", "correct", value="85.5%", reviewer="张三",
                        note="报告第二处写为 85.5%"),
        make_correction(report_id, "meta.self_score", "correct", value="89", reviewer="张三"),
        make_correction(report_id, "amounts.expenditure_project", "not_stated", reviewer="李四"),
        make_correction(report_id, "headcount.contract_staff", "add", value="3人", quote=quote, reviewer="李四"),
        make_correction(report_id, "amounts.income_total", "confirm", reviewer="李四"),
    ])
    first = build(db, target_path=folder / "target")
    assert first.ok, first.failures
    shutil.copy(first.published, folder / "first.duckdb")
    (reports / SAMPLE.name).touch()  # same bytes, new mtime: ingest hashes it and keeps the report
    assert main(["ingest", str(reports), "--db", str(db), "--quiet"]) == 0
    second = build(db, target_path=folder / "target")
    assert second.ok, second.failures
    return {"db": db, "report_id": report_id, "first": folder / "first.duckdb", "second": second.published,
            "quote": quote}


@pytest.mark.parametrize("build_name", ["first", "second"])
def test_corrections_apply_above_the_extracted_facts(reviewed, build_name):
    marts, rid = reviewed[build_name], reviewed["report_id"]
    value, extracted, corrected, reviewer = one(
        marts, "select fact_value, fact_value_extracted, is_corrected, reviewer from marts.mart_fact_provenance "
               "where report_id = ? and fact_key = 'budget_execution_rate'", [rid])
    assert (value, extracted, corrected, reviewer) == (Decimal("85.5"), Decimal("58.48"), True, "张三")
    assert one(marts, "select execution_rate_pct from marts.mart_self_scores where report_id = ?", [rid]) == (Decimal("85.50"),)
    score, original, is_corrected = one(
        marts, "select self_score, self_score_extracted, is_self_score_corrected from marts.mart_self_scores "
               "where report_id = ?", [rid])
    assert (score, original, is_corrected) == (Decimal("89"), Decimal("99"), True)
    assert one(marts, "select count(*) from marts.mart_fact_provenance where report_id = ? "
                      "and fact_key = 'expenditure_project'", [rid]) == (0,)
    added = one(marts, "select fact_value, is_extracted, quote, char_start from marts.mart_fact_provenance "
                       "where report_id = ? and fact_key = 'contract_staff'", [rid])
    assert added[:3] == (Decimal("3"), False, reviewed["quote"]) and added[3] is not None
    assert one(marts, "select is_confirmed from marts.mart_fact_provenance where report_id = ? "
                      "and fact_key = 'income_total'", [rid]) == (True,)


def test_corrections_are_counted_per_rule_and_fact_key(reviewed):
    rows = duckdb.connect(str(reviewed["second"]), read_only=True).execute(
        "select fact_key, review_action, is_correction, extraction_method is not null from marts.mart_corrections "
        "order by fact_key").fetchall()
    assert rows == [("budget_execution_rate", "correct", True, True), ("contract_staff", "add", True, False),
                    ("expenditure_project", "not_stated", True, True), ("income_total", "confirm", False, True),
                    ("self_score", "correct", True, True)]


def test_evaluate_corrections_counts_reviewed_facts(reviewed, capsys, monkeypatch):
    monkeypatch.delenv("JIXIAO_CORRECTIONS", raising=False)
    assert main(["evaluate", "--corrections", "--db", str(reviewed["db"])]) == 0
    out = capsys.readouterr().out
    # amounts: income_total confirmed (tp), expenditure_project not stated (fp); rates: wrong (fp+fn);
    # headcount: missed (fn); meta: self score wrong (fp+fn)
    assert "amounts" in out and "1/1/0" in out
    assert "rates" in out and "0/1/1" in out
    assert "headcount" in out and "0/0/1" in out
    assert "over 5 reviewed facts" in out
