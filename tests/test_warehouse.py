"""The dbt warehouse: marts built from a raw fixture of the five sample reports' answers.

Builds run through warehouse.build (dbt in-process, publish by atomic replace) into temporary folders;
each scenario builds once per module.
"""
from __future__ import annotations

import copy
import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from warehouse.build import build
from warehouse.export import mart_tables, run_export
from warehouse.paths import DBT_PROJECT_DIR as PROJECT_DIR
from warehouse.paths import build_path, marts_path
from generate.raw_warehouse import gold_reports, make_raw_warehouse

MARTS = [
    "dim_column_label", "dim_department", "dim_fact_key", "dim_place", "dim_ratio_bucket", "dim_value_label",
    "dim_year", "mart_corrections", "mart_credibility_flags",
    "mart_data_quality", "mart_fact_provenance", "mart_indicator_scores", "mart_load_errors",
    "mart_problem_categories", "mart_report_texts", "mart_score_credibility", "mart_score_trend",
    "mart_self_scores", "mart_spending_structure", "mart_three_public_control", "mart_validation_findings"]
LECHANG, ZHANJIANG = "乐昌市政务服务和数据管理局", "湛江市政务服务和数据管理局"


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def one(db: Path, sql: str, params: list | None = None) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(sql, params or [])
        rows = cur.fetchall()
        assert len(rows) == 1, rows
        return dict(zip([d[0] for d in cur.description], rows[0]))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def by_department(reports: list[dict], name: str) -> dict:
    return next(r for r in reports if r["department"] == name)


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Path:
    """One dbt target folder for the module, so later builds parse partially."""
    return tmp_path_factory.mktemp("dbt_target")


@pytest.fixture(scope="module")
def gold(tmp_path_factory, target) -> Path:
    """The published marts of the five sample reports."""
    db = make_raw_warehouse(tmp_path_factory.mktemp("gold") / "warehouse.duckdb")
    report = build(db, target_path=target)
    assert report.ok, report.failures
    return report.published


# ----------------------------------------------------------------------------- the five samples

def test_build_publishes_self_contained_marts(gold):
    assert gold == marts_path(gold.parent / "warehouse.duckdb")
    assert not build_path(gold.parent / "warehouse.duckdb").exists()
    with duckdb.connect(str(gold), read_only=True) as con:
        assert mart_tables(con) == MARTS
        # no views: a view would name the build file's catalog or the attached raw warehouse
        assert con.execute("select count(*) from duckdb_views() where not internal").fetchone()[0] == 0
        for schema, table in con.execute(
                "select table_schema, table_name from information_schema.tables").fetchall():
            con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
        # the schema name alone resolves: the catalog is not also called `marts`
        assert con.execute("select count(*) from marts.mart_spending_structure").fetchone()[0] == 5


def test_published_file_carries_every_description(gold):
    """A researcher with the file alone sees the dictionary: every mart and column has its comment."""
    with duckdb.connect(str(gold), read_only=True) as con:
        tables = con.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall()
        columns = con.execute("select table_name, column_name, comment from duckdb_columns() "
                              "where schema_name = 'marts'").fetchall()
        seeds = con.execute("select comment from duckdb_tables() where schema_name = 'seeds' "
                            "and table_name = 'validation_rules'").fetchone()
    assert sorted(t for t, _ in tables) == MARTS
    assert [t for t, comment in tables if not comment] == []
    assert [(t, c) for t, c, comment in columns if not comment] == []
    comments = {(t, c): comment for t, c, comment in columns}
    assert comments[("mart_spending_structure", "expenditure_total_wan_yuan")].startswith("本年支出")
    assert "rule registry" in seeds[0]


def test_five_department_years(gold):
    rows = query(gold, "select department_name, fiscal_year, admin_level, region from marts.mart_spending_structure "
                       "order by fiscal_year, department_name")
    assert rows == [
        ("广州市海珠区政务服务数据管理局", 2023, "county", "珠三角"),
        ("江门市政务服务和数据管理局", 2023, "prefecture", "珠三角"),
        (LECHANG, 2024, "county", "粤北"),
        (ZHANJIANG, 2024, "prefecture", "粤西"),
        ("吴川市政务服务和数据管理局", 2025, "county", "粤西"),
    ]
    assert query(gold, "select count(*) from marts.dim_department")[0][0] == 5
    places = query(gold, "select admin_level, count(*), count(region) from marts.dim_place "
                         "where province = '广东省' group by admin_level order by admin_level")
    assert places == [("county", 122, 122), ("prefecture", 21, 21), ("province", 1, 0)]


def test_lechang_spending_structure(gold):
    r = one(gold, "select * from marts.mart_spending_structure where department_name = ?", [LECHANG])
    assert r["expenditure_total_wan_yuan"] == Decimal("285.53")
    assert r["expenditure_basic_wan_yuan"] == Decimal("231.11")
    assert r["expenditure_project_wan_yuan"] == Decimal("54.42")
    assert r["basic_share"] == pytest.approx(231.11 / 285.53, abs=1e-6)
    assert r["project_share"] == pytest.approx(54.42 / 285.53, abs=1e-6)
    assert r["execution_rate_pct"] == Decimal("58.48")
    assert r["expenditure_yoy_change"] == pytest.approx(285.53 / 374.30 - 1, abs=1e-6)
    assert r["expenditure_yoy_basis"] == "stated_in_report"
    assert r["place_id"] == "440281" and r["prefecture"] == "韶关市"


def test_money_columns_are_decimal_wan_yuan(gold):
    types = dict(query(gold, "select column_name, data_type from information_schema.columns "
                             "where table_schema = 'marts' and table_name = 'mart_spending_structure'"))
    money = [c for c in types if c.endswith("_wan_yuan")]
    assert len(money) > 20
    assert {types[c] for c in money} == {"DECIMAL(18,2)"}
    assert {types[c] for c in types if c.endswith("_pct")} == {"DECIMAL(10,2)"}
    assert {types[c] for c in types if c.endswith("_share")} == {"DOUBLE"}
    r = one(gold, "select * from marts.mart_spending_structure where county = '海珠区'")
    # the unit typo '一般公共预算 5454.98 元' is 万元, so the income sources add up
    assert r["income_general_budget_wan_yuan"] == Decimal("5454.98")
    assert r["income_general_budget_wan_yuan"] + r["income_gov_fund_wan_yuan"] == r["income_total_wan_yuan"]


def test_zhanjiang_three_public_control(gold):
    r = one(gold, "select * from marts.mart_three_public_control where department_name = ?", [ZHANJIANG])
    assert r["three_public_actual_to_budget"] == pytest.approx(70818.37 / 211500, abs=1e-6)
    assert r["three_public_budget_wan_yuan"] == Decimal("21.15")
    assert r["three_public_actual_wan_yuan"] == Decimal("7.08")
    assert r["is_three_public_within_budget"] is True
    assert r["public_funds_actual_to_budget"] == pytest.approx(528671.81 / 715006, abs=1e-6)
    assert r["is_public_funds_within_budget"] is True
    haizhu = one(gold, "select * from marts.mart_three_public_control where county = '海珠区'")
    assert haizhu["three_public_actual_wan_yuan"] == Decimal("2.42")
    assert haizhu["is_three_public_within_budget"] is None  # no budget stated


def test_self_scores_ranks_and_deductions(gold):
    r = one(gold, "select * from marts.mart_self_scores where department_name = ?", [LECHANG])
    assert r["self_score"] == Decimal("99.00")
    assert r["grade_stated"] is None and r["grade"] == "优" and r["is_grade_derived"] is True
    assert (r["peer_rank"], r["peer_count"]) == (1, 1)
    assert r["indicator_count"] == 27
    assert r["indicators_with_deduction_count"] == 2
    assert r["largest_deduction_indicator"] == "部门预算资金支出率"
    assert r["indicator_deductions"] == "部门预算资金支出率 -2.0；政府采购执行率 -2.0"
    assert r["execution_rate_pct"] == Decimal("58.48")
    ranks = query(gold, "select county, peer_rank, peer_count from marts.mart_self_scores "
                        "where fiscal_year = 2023 order by admin_level")
    assert ranks == [("海珠区", 1, 1), (None, 1, 1)]
    wuchuan = one(gold, "select * from marts.mart_self_scores where county = '吴川市'")
    assert wuchuan["self_score"] is None and wuchuan["peer_rank"] is None and wuchuan["peer_count"] == 0


def test_score_trend_uses_earlier_scores_stated_later(gold):
    rows = query(gold, "select fiscal_year, score, grade, score_source from marts.mart_score_trend "
                       "where department_name = '江门市政务服务和数据管理局' order by fiscal_year")
    assert rows == [(2021, Decimal("87.00"), "良", "later_report"), (2022, Decimal("90.10"), "优", "later_report"),
                    (2023, Decimal("100.00"), "优", "own_report")]


def test_problem_categories(gold):
    rows = query(gold, "select problem_category, problem_count, category_share from marts.mart_problem_categories "
                       "where county = '吴川市' order by problem_category_order")
    assert rows == [("目标设置", 1, 0.25), ("绩效监控", 1, 0.25), ("预算执行", 1, 0.25), ("结果应用", 1, 0.25)]
    jiangmen = query(gold, "select problem_category, problem_texts from marts.mart_problem_categories "
                           "where department_name = '江门市政务服务和数据管理局' order by problem_category_order")
    assert [c for c, _ in jiangmen] == ["目标设置", "能力建设"]
    assert jiangmen[1][1] == "绩效评价专业性有待加强"


def test_data_quality(gold):
    rows = {r[0]: r[1:] for r in query(
        gold, "select file_name, is_selected, is_superseded, correction_finding_count, missing_key_facts "
              "from marts.mart_data_quality")}
    assert len(rows) == 5
    assert all(sel and not sup for sel, sup, *_ in rows.values())
    assert rows["004_3fe8e0490e208816.txt"][2] == 1
    assert rows["003_979c6e7e2258c587.txt"][3].split(",") == [
        "income_total", "expenditure_basic", "expenditure_project", "three_public_budget", "three_public_actual",
        "budget_execution_rate"]
    assert rows["002_1be51992f5290d93.txt"][3] is None


def test_every_mart_number_has_its_sentence(gold):
    r = one(gold, "select * from marts.mart_fact_provenance p join marts.dim_department d using (department_id) "
                  "where d.department_name = ? and p.fact_key = 'expenditure_basic'", [LECHANG])
    assert r["value_wan_yuan"] == Decimal("231.11")
    assert r["quote"] == "其中基本支出 231.11 万元" and r["unit_stated"] == "万元"


# ----------------------------------------------------------------------------- scenarios

@pytest.fixture(scope="module")
def extended(tmp_path_factory, gold, target):
    """A re-issued report, a renamed department, a unit typo ingest corrected, a flagged broken identity;
    built while another process holds the published file open."""
    folder = tmp_path_factory.mktemp("extended")
    reports = gold_reports()
    lechang = by_department(reports, LECHANG)
    reissued = copy.deepcopy(lechang)  # an earlier issue of the same report: fewer facts, earlier date
    reissued.update(report_id="f" * 64, report_file="002_first_issue.txt", report_date="2025-03-01", text="",
                    findings=[])  # without its procurement budget, nothing to compare the purchases with
    del reissued["amounts"]["procurement_budget"]
    renamed = copy.deepcopy(by_department(reports, ZHANJIANG))  # the year before the rename
    renamed.update(report_id="e" * 64, report_file="zhanjiang_2023.txt", fiscal_year=2023,
                   report_date="2024-05-20", department="湛江市政务服务数据管理局", self_score=95, text="")
    wuchuan = by_department(reports, "吴川市政务服务和数据管理局")
    typo = copy.deepcopy(wuchuan)  # 项目支出 written "294.02 元": ingest corrected it to 万元 and said so
    typo.update(report_id="d" * 64, report_file="wuchuan_2024.txt", fiscal_year=2024, report_date="2025-06-20",
                text="")
    typo["findings"].append({"rule": "unit_typo_corrected", "severity": "correction",
                             "message": "expenditure_project is stated in 元 … corrected to 2940200.00 元",
                             "fact_keys": "expenditure_project"})
    typo["evidence"] = {**typo["evidence"], "expenditure_project": "项目支出 294.02 元"}
    flagged = copy.deepcopy(wuchuan)  # broken identities that ingest reported
    flagged.update(report_id="c" * 64, report_file="wuchuan_2023.txt", fiscal_year=2023, report_date="2024-06-20",
                   text="")
    flagged["findings"] += [
        {"rule": "basic_plus_project_is_total", "severity": "error", "message": "基本支出 + 项目支出 = 本年支出 fails",
         "fact_keys": "expenditure_total,expenditure_basic,expenditure_project"},
        {"rule": "personnel_plus_public_is_basic", "severity": "error", "message": "人员经费 + 公用经费 = 基本支出 fails",
         "fact_keys": "expenditure_basic,expenditure_personnel,expenditure_public"}]
    flagged["amounts"]["expenditure_basic"] = 3453100.00
    elsewhere = copy.deepcopy(lechang)  # a place of another province, by its names only (no adcode)
    elsewhere.update(report_id="b" * 64, report_file="hunan.txt", department="长沙市芙蓉区政务服务数据管理局",
                     province="湖南省", prefecture="长沙市", county="芙蓉区", adcode=None, text="")
    outside = copy.deepcopy(lechang)  # a place outside the reference divisions (a 新区 is not a division)
    outside.update(report_id="9" * 64, report_file="xinqu.txt", department="长沙市湘江新区政务服务数据管理局",
                   province="湖南省", prefecture="长沙市", county="湘江新区", adcode=None, text="")
    unassigned = copy.deepcopy(wuchuan)  # the extractor found no department name
    unassigned.update(report_id="a" * 64, report_file="anonymous.txt", department=None, text="")
    db = make_raw_warehouse(folder / "warehouse.duckdb",
                            reports + [reissued, renamed, typo, flagged, elsewhere, outside, unassigned])
    with duckdb.connect(str(db)) as con:  # files ingest could not read
        con.execute("insert into raw.load_errors values "
                    "('in/scan.pdf', 'scan.pdf', null, 'no_text_layer', 'PDF has no text layer', now(), 'v'), "
                    "('in/odd.bin', 'odd.bin', null, 'a_new_kind', 'something new', now(), 'v')")

    published = marts_path(db)
    published.write_bytes(gold.read_bytes())  # a previous build, held open by a reader in another process
    reader = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"c = duckdb.connect({str(published)!r}, read_only=True)\n"
         "print(c.execute('select count(*) from marts.mart_spending_structure').fetchone()[0], flush=True)\n"
         "sys.stdin.readline()\n"
         "print(c.execute('select count(*) from marts.mart_spending_structure').fetchone()[0], flush=True)\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "5"
        report = build(db, target_path=target)
        reader.stdin.write("\n")
        reader.stdin.flush()
        still_reading = reader.stdout.readline().strip()
    finally:
        reader.kill()
        reader.wait()
    return {"report": report, "published": published, "reader_saw_after_build": still_reading}


def test_build_is_not_blocked_by_a_reader(extended):
    assert extended["report"].ok, extended["report"].failures
    assert extended["reader_saw_after_build"] == "5"  # the open reader keeps its snapshot
    assert query(extended["published"], "select count(*) from marts.mart_spending_structure")[0][0] == 10


def test_reissued_report_is_superseded(extended):
    db = extended["published"]
    kept = one(db, "select report_id, reports_for_department_year from marts.mart_spending_structure "
                   "join marts.mart_data_quality using (report_id) where department_name = ?", [LECHANG])
    assert kept["report_id"] == by_department(gold_reports(), LECHANG)["report_id"]
    assert kept["reports_for_department_year"] == 2
    dq = one(db, "select * from marts.mart_data_quality where report_id = ?", ["f" * 64])
    assert dq["is_superseded"] is True and dq["is_selected"] is False
    assert dq["superseded_by_report_id"] == kept["report_id"]
    assert query(db, "select superseded_report_count from marts.dim_year where fiscal_year = 2024")[0][0] == 1


def test_renamed_department_keeps_one_id(extended):
    db = extended["published"]
    rows = query(db, "select fiscal_year, department_id, department_name from marts.mart_self_scores "
                     "where prefecture = '湛江市' and county is null order by fiscal_year")
    assert [r[0] for r in rows] == [2023, 2024]
    assert rows[0][1] == rows[1][1] and {r[2] for r in rows} == {ZHANJIANG}
    d = one(db, "select * from marts.dim_department where department_id = ?", [rows[0][1]])
    assert d["has_other_names"] is True and d["first_fiscal_year"] == 2023
    assert d["names_seen"] == "湛江市政务服务和数据管理局；湛江市政务服务数据管理局"


def test_place_by_names_outside_reference_and_unassigned_report(extended):
    db = extended["published"]
    r = one(db, "select p.* from marts.dim_department d join marts.dim_place p using (place_id) "
                "where d.department_name = '长沙市芙蓉区政务服务数据管理局'")
    assert (r["place_id"], r["parent_place_id"], r["nbs_region"], r["is_in_reference"]) == ("430102", "430100", "中部", True)
    r = one(db, "select p.* from marts.dim_department d join marts.dim_place p using (place_id) "
                "where d.department_name = '长沙市湘江新区政务服务数据管理局'")
    assert r["place_id"].startswith("x") and r["is_in_reference"] is False
    assert (r["province"], r["prefecture"], r["county"], r["admin_level"]) == ("湖南省", "长沙市", "湘江新区", "county")
    dq = one(db, "select * from marts.mart_data_quality where report_id = ?", ["a" * 64])
    assert dq["is_unassigned"] is True and dq["is_selected"] is False and dq["department_id"] is None
    assert dq["missing_key_facts"].startswith("department,")


def test_unit_correction_of_ingest_is_shown_with_its_sentence_and_flagged_identity_passes(extended):
    db = extended["published"]
    r = one(db, "select * from marts.mart_spending_structure where county = '吴川市' and fiscal_year = 2024")
    assert r["expenditure_project_wan_yuan"] == Decimal("294.02") and r["has_unit_correction"] is True
    p = one(db, "select * from marts.mart_fact_provenance where report_id = ? and fact_key = 'expenditure_project'",
            ["d" * 64])
    assert (p["fact_value_stated"], p["unit_correction_factor"]) == (Decimal("294.0200"), Decimal("10000"))
    assert p["unit_correction_message"].startswith("expenditure_project is stated in 元")
    finding = one(db, "select * from marts.mart_validation_findings where report_id = ? and severity = 'correction'",
                  ["d" * 64])
    assert (finding["rule_kind"], finding["corrected_fact_quote"]) == ("correction", "项目支出 294.02 元")
    dq = one(db, "select * from marts.mart_data_quality where report_id = ?", ["d" * 64])
    assert (dq["unit_corrected_fact_keys"], dq["correction_finding_count"]) == ("expenditure_project", 1)
    dq = one(db, "select * from marts.mart_data_quality where report_id = ?", ["c" * 64])
    assert dq["has_error_finding"] is True
    assert dq["finding_rules"] == "basic_plus_project_is_total,personnel_plus_public_is_basic,rate_between_0_and_100"


def test_findings_and_load_errors_named_in_chinese(extended):
    db = extended["published"]
    r = one(db, "select * from marts.mart_validation_findings where report_id = ? and rule_kind = 'identity' "
                "order by rule limit 1", ["c" * 64])
    assert (r["rule"], r["rule_label_zh"], r["severity"]) == ("basic_plus_project_is_total",
                                                              "基本支出 + 项目支出 = 本年支出", "error")
    assert (r["department_name"], r["fiscal_year"]) == ("吴川市政务服务和数据管理局", 2023) and r["department_id"]
    errors = dict(query(db, "select file_name, error_kind_label_zh from marts.mart_load_errors"))
    assert errors == {"scan.pdf": "无文字层（扫描件）", "odd.bin": "a_new_kind"}   # an unknown kind keeps its id


def test_broken_fact_fails_build_and_keeps_published_marts(tmp_path, gold, target):
    reports = gold_reports()
    by_department(reports, LECHANG)["amounts"]["expenditure_basic"] = 3311100.00  # basic > total, no finding
    db = make_raw_warehouse(tmp_path / "warehouse.duckdb", reports)
    published = marts_path(db)
    published.write_bytes(gold.read_bytes())
    before = (sha(published), published.stat().st_ino)

    report = build(db, target_path=target)

    assert not report.ok
    failed = " ".join(report.failures)
    assert "agrees_with_ingest_findings" in failed
    assert "assert_shares_between_0_and_1" in failed
    assert (sha(published), published.stat().st_ino) == before
    assert not build_path(db).exists()


def test_export_writes_every_mart(gold, tmp_path):
    db = gold.parent / "warehouse.duckdb"
    for fmt in ("parquet", "csv"):
        out = tmp_path / fmt
        assert run_export(db, fmt, out) == 0
        assert sorted(p.stem for p in out.glob(f"*.{fmt}")) == MARTS
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        with duckdb.connect() as con:
            for mart in MARTS:
                n = con.execute(f"select count(*) from {reader}('{out / (mart + '.' + fmt)}')").fetchone()[0]
                assert n == query(gold, f"select count(*) from marts.{mart}")[0][0]
    # CSV is UTF-8 with a byte-order mark (Excel needs it for the Chinese); Parquet is unchanged
    for mart in MARTS:
        assert (tmp_path / "csv" / f"{mart}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), mart
        assert (tmp_path / "parquet" / f"{mart}.parquet").read_bytes()[:4] == b"PAR1", mart
    departments = (tmp_path / "csv" / "dim_department.csv").read_text(encoding="utf-8-sig")
    assert departments.startswith("department_id,") and LECHANG in departments
    assert not list((tmp_path / "csv").glob(".*")), "temporary files left behind"
    assert run_export(tmp_path / "nowhere" / "warehouse.duckdb", "csv", tmp_path / "x") == 1


def test_dbt_docs_generate(gold, tmp_path):
    from dbt.cli.main import dbtRunner

    from warehouse.build import _close_dbt_duckdb, _env

    copy_of_build = tmp_path / "docs.duckdb"
    copy_of_build.write_bytes(gold.read_bytes())
    with _env(JIXIAO_DB=str(gold.parent / "warehouse.duckdb"), JIXIAO_MARTS_BUILD_PATH=str(copy_of_build),
              DBT_SEND_ANONYMOUS_USAGE_STATS="False"):
        try:
            res = dbtRunner().invoke(["docs", "generate", "--project-dir", str(PROJECT_DIR), "--profiles-dir",
                                      str(PROJECT_DIR), "--target-path", str(tmp_path / "target"), "--quiet"])
        finally:
            _close_dbt_duckdb()
    assert res.success, res.exception
    assert (tmp_path / "target" / "index.html").exists()
    catalog = (tmp_path / "target" / "catalog.json").read_text(encoding="utf-8")
    assert "model.jixiao.mart_self_scores" in catalog and "peer_rank" in catalog


def test_every_model_and_column_is_documented():
    import yaml

    documented: dict[str, set[str]] = {}
    for yml in (PROJECT_DIR / "models").rglob("_models.yml"):
        for m in yaml.safe_load(yml.read_text(encoding="utf-8"))["models"]:
            assert m.get("description"), m["name"]
            cols = m.get("columns", [])
            assert all(c.get("description") for c in cols), m["name"]
            documented[m["name"]] = {c["name"] for c in cols}
    for sql in (PROJECT_DIR / "models").rglob("*.sql"):
        assert sql.stem in documented, f"{sql.stem} has no entry in a _models.yml"
        assert sql.read_text(encoding="utf-8").lstrip().startswith("-- grain:"), f"{sql.stem}: grain comment"
    seeds = yaml.safe_load((PROJECT_DIR / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))["seeds"]
    assert sorted(s["name"] for s in seeds) == sorted(p.stem for p in (PROJECT_DIR / "seeds").glob("*.csv"))
    for seed in seeds:
        header = (PROJECT_DIR / "seeds" / f"{seed['name']}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert [c["name"] for c in seed["columns"]] == header.split(","), seed["name"]
        assert seed.get("description") and all(c.get("description") for c in seed["columns"]), seed["name"]


def test_published_columns_match_documentation(gold):
    import yaml

    for yml in (PROJECT_DIR / "models").rglob("_models.yml"):
        for m in yaml.safe_load(yml.read_text(encoding="utf-8"))["models"]:
            if m["name"] == "stg_raw__report_texts":  # ephemeral: inlined into mart_report_texts
                continue
            cols = [r[0] for r in query(gold, "select column_name from information_schema.columns "
                                              "where table_name = ? order by ordinal_position", [m["name"]])]
            assert cols == [c["name"] for c in m["columns"]], m["name"]


def test_second_build_waits_for_none(gold):
    import fcntl
    import os

    fd = os.open(gold.parent, os.O_RDONLY)  # as a running build holds it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        report = build(gold.parent / "warehouse.duckdb")
    finally:
        os.close(fd)
    assert not report.ok and "another build is running" in report.failures[0]


def test_build_refuses_without_raw(tmp_path):
    report = build(tmp_path / "warehouse.duckdb")
    assert not report.ok and "jixiao ingest" in report.failures[0]
