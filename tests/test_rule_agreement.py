"""数据质量 and the dbt tests agree: on the sample reports, the regression reports and a generated
corpus, ingested for real and built with dbt, the findings the data-quality page shows
(marts.mart_validation_findings) are exactly the rule registry's checks the warehouse finds broken."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from generate.cli import generate
from ingest.load import run_ingest
from warehouse.build import build
from warehouse.paths import SAMPLE_REPORTS_DIR

REGRESSIONS = Path(__file__).parent / "regressions"
DOCUMENT_SUFFIXES = {".txt", ".pdf", ".docx", ".doc", ".html", ".htm", ".wps", ".xlsx", ".xls", ".ofd"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("agreement")
    generated = root / "generated"
    generate(120, generated, 13)
    reports = root / "reports"
    reports.mkdir()
    for folder in (SAMPLE_REPORTS_DIR, REGRESSIONS, generated):
        for path in folder.iterdir():
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                shutil.copy(path, reports / f"{folder.name}_{path.name}")
    db = root / "warehouse.duckdb"
    run_ingest([str(reports)], db, workers=1, quiet=True)
    report = build(db, target_path=root / "target")
    assert report.ok, report.failures   # agrees_with_ingest_findings among them
    return report.published


def _reports(db: Path, sql: str) -> dict[str, set[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        out: dict[str, set[str]] = {}
        for report_id, rule in con.execute(sql).fetchall():
            out.setdefault(report_id, set()).add(rule)
        return out


def test_the_data_quality_page_and_the_warehouse_checks_agree_on_every_report(built):
    shown = _reports(built, """
        select findings.report_id, findings.rule from marts.mart_validation_findings as findings
        where findings.severity in ('error', 'warning')
          and findings.rule in (select rule_id from seeds.validation_rules
                                where relation in ('sum_eq', 'each_le', 'each_ge', 'ratio_pct_eq'))""")
    broken = _reports(built, "select report_id, rule_id from intermediate.int_validation_rule_violations")
    assert shown, "the corpus should break some rules"
    assert shown.keys() == broken.keys()
    for report_id, rules in shown.items():   # a part larger than its whole may be told by its failed sum
        assert rules <= broken[report_id], report_id


def test_every_unit_correction_is_a_finding_with_the_corrected_sentence(built):
    with duckdb.connect(str(built), read_only=True) as con:
        corrections = con.execute("""
            select findings.fact_keys, findings.corrected_fact_quote, facts.is_unit_corrected
            from marts.mart_validation_findings as findings
            left join marts.mart_fact_provenance as facts
                on facts.report_id = findings.report_id and facts.fact_key = findings.fact_keys
            where findings.rule_kind = 'correction'""").fetchall()
        marked = con.execute("select count(*) from marts.mart_fact_provenance where is_unit_corrected").fetchone()[0]
    assert corrections, "the samples and the generated corpus hold unit typos"
    assert all(quote and is_corrected for _, quote, is_corrected in corrections), corrections
    assert marked == len(corrections)
