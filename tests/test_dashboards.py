"""The dashboards under streamlit.testing.v1.AppTest, on marts built from the five sample reports.

Every page runs without an exception and shows the sample reports' figures; the empty warehouse
says what to run; values typed into the URL never reach SQL; a newly published build is picked up.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import db, ui
from dashboards.queries import compare, filters, overview, problems
from dashboards.queries import report as report_queries
from warehouse.build import build
from warehouse.paths import PUBLISHED_NAME
from ingest.load import run_ingest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboards" / "app.py")
PAGES = ["overview", "compare", "trend", "three_public", "problems", "credibility", "report", "quality"]
TITLES = {"overview": "总览", "compare": "部门对比", "trend": "趋势", "three_public": "三公经费与运行成本",
          "problems": "问题分析", "credibility": "自评可信度", "report": "报告详情", "quality": "数据质量"}
LECHANG = "乐昌市政务服务和数据管理局"
ZHANJIANG = "湛江市政务服务和数据管理局"
JIANGMEN = "江门市政务服务和数据管理局"


@pytest.fixture(scope="module")
def marts(tmp_path_factory) -> Path:
    """The published marts of the five sample reports (ingested by the real extractor), with texts."""
    folder = tmp_path_factory.mktemp("dash")
    db = folder / "warehouse.duckdb"
    assert run_ingest([str(p) for p in sorted((ROOT / "data" / "reports").glob("*.txt"))], db, quiet=True) == 0
    report = build(db, target_path=folder / "target",
                   extra_args=["--vars", "{publish_report_text: true}", "--exclude-resource-type", "test"])
    assert report.ok, report.failures
    return report.published


@pytest.fixture
def app(marts, monkeypatch):
    """A function that runs one page (through the entry file) with the given URL query parameters."""
    monkeypatch.setenv("JIXIAO_MARTS", str(marts))

    def run(page: str = "overview", **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page != "overview":
            for k, v in params.items():   # as if the page's own URL had been opened
                at.query_params[k] = v
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run


def report_id_of(marts: Path, department: str) -> str:
    with duckdb.connect(str(marts), read_only=True) as con:
        return con.execute("select report_id from marts.mart_self_scores where department_name = ?",
                           [department]).fetchone()[0]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def chart_titles(at: AppTest) -> list[str]:
    out = []
    for s in specs(at):
        for part in [s, *s.get("layer", [])]:
            t = part.get("title")
            if t:
                out.append(t if isinstance(t, str) else t.get("text"))
    return out


def tooltip_titles(spec: dict) -> list[str]:
    found = []
    for part in [spec, *spec.get("layer", [])]:
        tips = part.get("encoding", {}).get("tooltip", [])
        found += [t.get("title", "") for t in (tips if isinstance(tips, list) else [tips])]
    return found


def table_text(at: AppTest) -> str:
    return "\n".join(df.value.astype(str).to_csv() for df in at.dataframe)


# ------------------------------------------------------------------------------------------ every page

@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_a_chart_and_no_error(app, page):
    at = app(page)
    assert at.title[0].value == TITLES[page]
    assert not at.error, [e.value for e in at.error]
    assert at.get("vega_lite_chart"), "no chart"
    assert at.dataframe, "no table"
    assert len(at.get("download_button")) >= 2 * len(at.dataframe) - 2   # CSV + Excel under the tables
    for spec in specs(at):   # Chinese axis labels stay horizontal; tooltips carry titles
        for part in [spec, *spec.get("layer", [])]:
            x = part.get("encoding", {}).get("x", {})
            if x.get("type") in ("ordinal", "nominal"):
                assert x.get("axis", {}).get("labelAngle") == 0, (page, x)
        assert all(tooltip_titles(spec)), (page, "tooltip without a title")


def test_overview_headline_figures(app):
    at = app("overview")
    assert metric(at, "报告") == "5 份"
    assert metric(at, "部门") == "5 个"
    assert metric(at, "下辖地区覆盖") == "4 / 21"
    assert metric(at, "年度") == "2023–2025"
    assert metric(at, "平均自评得分") == "98.3 分"          # (96.8 + 99 + 97.5 + 100) / 4
    assert metric(at, "“三公”经费实际（万元）") == "9.57"   # 7.08 + 0.07 + 2.42
    assert metric(at, "报告中的问题") == "9 条"
    assert "绩效评价专业性有待加强" in table_text(at)
    assert {"各年度报告数（按区域）", "地区覆盖情况（报告份数）"} <= set(chart_titles(at))


def test_compare_ranks_the_2024_peers(app):
    at = app("compare", year="2024")
    peers = at.dataframe[0].value
    assert list(peers["department_name"]) == [LECHANG, ZHANJIANG]     # score 99 before 97.5
    assert list(peers["self_score"]) == [99.0, 97.5]
    assert metric(at, "平均自评得分") == "98.25 分"
    assert metric(at, "平均预算执行率") == "79.24%"                    # (58.48 + 100) / 2
    assert {"自评得分排名", "支出结构（占比）", "“三公”经费：预算与实际（万元）"} <= set(chart_titles(at))
    tips = [t for s in specs(at) for t in tooltip_titles(s)]
    assert "本年支出（万元）" in tips and "占比" in tips and "实际 ÷ 预算" in tips
    # every department links to 报告详情, keeping the filters
    assert peers["report_link"].iloc[0] == f"report?year=2024&report={report_id_of_df(peers, LECHANG)}"


def report_id_of_df(df: pd.DataFrame, department: str) -> str:
    return df.loc[df["department_name"] == department, "report_id"].iloc[0]


def test_compare_default_year_and_sort_from_url(app):
    at = app("compare", compare_sort="自评得分（低→高）")   # bound widgets write their label to the URL
    assert any("2024年度" in c.value for c in at.caption)      # the year with the most reports (latest of equals)
    assert list(at.dataframe[0].value["department_name"]) == [ZHANJIANG, LECHANG]


def test_three_public_zhanjiang_2024(app):
    at = app("three_public", year="2024", prefecture="湛江市")
    assert metric(at, "“三公”预算合计（万元）") == "21.15"
    assert metric(at, "“三公”实际合计（万元）") == "7.08"
    assert metric(at, "实际 ÷ 预算") == "33.5%"
    assert metric(at, "“三公”超预算部门") == "0 个"
    row = at.dataframe[-1].value.iloc[0]
    assert row["department_name"] == ZHANJIANG
    assert (row["three_public_budget_wan_yuan"], row["three_public_actual_wan_yuan"]) == (21.15, 7.08)
    assert any("当前范围内没有" in s.value for s in at.success)      # nobody over budget
    scatter = next(s for s in specs(at) if "虚线" in json.dumps(s, ensure_ascii=False))
    assert "预算数（万元）" in tooltip_titles(scatter)


def test_trend_of_one_department_includes_scores_stated_later(app):
    at = app("trend", trend_department=JIANGMEN)
    years = at.dataframe[0].value
    assert list(years["fiscal_year"]) == [2021, 2022, 2023]
    assert list(years["self_score"]) == [87.0, 90.1, 100.0]
    assert list(years["score_source"]) == ["其后报告追述", "其后报告追述", "本年度报告"]
    links = [p.proto.page for p in at.get("page_link")] if at.get("page_link") else []
    assert links, "no link to the report"


def test_trend_of_the_group(app):
    at = app("trend", trend_mode="整组", region="粤西")
    years = at.dataframe[0].value
    assert list(years["fiscal_year"]) == [2024, 2025]
    assert years.loc[years["fiscal_year"] == 2024, "three_public_actual_wan_yuan"].iloc[0] == 7.08


def test_problems_heat_map_and_the_texts_behind_a_cell(app):
    at = app("problems")
    heat = next(s for s in specs(at) if "问题类别 ×" in json.dumps(s, ensure_ascii=False))
    assert "params" in json.dumps(heat)                              # a cell can be clicked
    assert "绩效评价专业性有待加强" in table_text(at)
    at = app("problems", problems_category="目标设置", problems_value="湛江市")
    texts = at.dataframe[0].value
    assert list(texts["department_name"]) == ["吴川市政务服务和数据管理局"]
    assert texts["problem_text"].iloc[0].startswith("绩效目标设置的科学性有待提升")
    at = app("problems", problems_dim="年度")
    assert "年度" in at.selectbox(key="problems_value").label


def test_report_detail_highlights_each_quote(app, marts):
    rid = report_id_of(marts, LECHANG)
    at = app("report", report=rid)
    assert metric(at, "自评得分") == "99.0 分"
    assert metric(at, "预算执行率") == "58.48%"
    facts = at.dataframe[0].value
    rate = facts[facts["fact_label_zh"] == "预算执行率（资金支出率）"].iloc[0]
    assert (rate["display_value"], rate["display_unit"]) == (58.48, "%")
    assert "58.48%" in rate["quote"]
    html = [h.value for h in at.get("html")]
    first_quote = facts["quote"].iloc[0]
    assert any(f">{first_quote}</mark>" in h for h in html), "quote not highlighted in the text"
    assert "政府采购实际 ≤ 预算" in table_text(at)                    # the validation finding, named
    # picking another fact moves the highlight
    at.selectbox(key="report_fact").select(int(rate.name)).run()
    assert any(f">{rate['quote']}</mark>" in h.value for h in at.get("html"))


def test_report_detail_shows_a_unit_correction_with_the_sentence_corrected(app, marts):
    rid = report_id_of(marts, "广州市海珠区政务服务数据管理局")
    findings = next(df.value for df in app("report", report=rid).dataframe if "rule_label" in df.value)
    correction = findings[findings["rule_label"] == "金额单位笔误已更正"].iloc[0]
    assert correction["quote"].endswith("一般公共预算 5454.98 元")     # the sentence of the figure corrected


def test_report_detail_without_published_texts(marts, tmp_path, monkeypatch):
    """A build with publish_report_text false has no mart_report_texts: the quote is shown without its text."""
    served = tmp_path / PUBLISHED_NAME
    shutil.copy(marts, served)
    with duckdb.connect(str(served)) as con:
        con.execute("drop table marts.mart_report_texts")
    monkeypatch.setenv("JIXIAO_MARTS", str(served))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.query_params["report"] = report_id_of(marts, LECHANG)
    at.switch_page("views/report.py").run()
    assert not at.exception
    assert any("未发布报告全文" in i.value for i in at.info)
    assert "政府采购实际 ≤ 预算" in table_text(at)


def test_report_detail_without_a_link_picks_a_department(app):
    at = app("report")
    assert at.selectbox(key="report_department").value
    assert at.get("vega_lite_chart")


def test_report_detail_of_an_unassigned_report(marts, tmp_path, monkeypatch):
    """A report without a department-year (linked from 数据质量) is shown too; picking a department leaves it."""
    served = tmp_path / PUBLISHED_NAME
    shutil.copy(marts, served)
    rid = report_id_of(marts, JIANGMEN)
    with duckdb.connect(str(served)) as con:
        con.execute("update marts.mart_data_quality set department_id = null, fiscal_year = null, "
                    "is_unassigned = true where report_id = ?", [rid])
    monkeypatch.setenv("JIXIAO_MARTS", str(served))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.query_params["report"] = rid
    at.switch_page("views/report.py").run()
    assert not at.exception
    assert any("未能归入部门" in c.value for c in at.caption)
    assert at.subheader[0].value.startswith(JIANGMEN)                 # the name the report states
    with duckdb.connect(str(served), read_only=True) as con:
        zhanjiang = con.execute("select department_id from marts.dim_department where department_name = ?",
                                [ZHANJIANG]).fetchone()[0]
    at.selectbox(key="report_department").select(zhanjiang).run()
    assert not at.exception and at.subheader[0].value.startswith(ZHANJIANG)


def test_every_extracted_fact_has_a_chinese_label(marts):
    with duckdb.connect(str(marts), read_only=True) as con:
        unlabelled = con.execute("select distinct fact_key from marts.mart_fact_provenance "
                                 "where fact_label_zh is null").fetchall()
        headcount = dict(con.execute("select fact_key, fact_label_zh from marts.mart_fact_provenance "
                                     "where fact_group = 'headcount'").fetchall())
    assert unlabelled == []
    assert headcount["contract_staff"] == "编外人员" and headcount["authorized_institution"] == "事业编制数"


def test_quality_lists_what_is_missing(app):
    at = app("quality")
    assert metric(at, "报告") == "5 份"
    assert metric(at, "缺关键事实") == "3 份"
    per_report = next(df.value for df in at.dataframe if "file_name" in df.value.columns)
    jm = per_report[per_report["department_name"] == JIANGMEN].iloc[0]
    assert "本年收入" in jm["missing_key_facts"]                     # named in Chinese
    assert any("没有导入失败的文件" in s.value for s in at.success)


# ------------------------------------------------------------------------------------------ edge cases

@pytest.mark.parametrize("page", PAGES)
def test_empty_warehouse_says_what_to_run(tmp_path, monkeypatch, page):
    monkeypatch.setenv("JIXIAO_MARTS", str(tmp_path / PUBLISHED_NAME))
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception
    assert any("还没有可展示的数据" in i.value for i in at.info)
    assert any("jixiao ingest" in m.value and "jixiao build" in m.value for m in at.markdown)


INJECTIONS = {
    "year": "2024; drop table marts.mart_self_scores; --",
    "region": "粤西' or '1'='1",
    "prefecture": "湛江市\"); select * from raw.reports; --",
    "level": "county' union select report_text from marts.mart_report_texts --",
    "kind": "' or 1=1 --",
    "compare_sort": "department_name; drop table marts.dim_department",
    "compare_n": "1e9",
    "problems_dim": "prefecture from marts.dim_place; --",
    "trend_department": "x' or '1'='1",
    "report": "' or 1=1 --",
}


@pytest.mark.parametrize("page", PAGES)
def test_sql_injection_in_the_url_is_ignored(app, marts, page):
    at = app(page, **INJECTIONS)
    assert not at.error
    for key in ("year", "region", "prefecture", "level", "kind"):   # not an option: the filter stays 全部
        assert at.session_state[key] is None
    text = table_text(at) + "".join(m.value for m in at.markdown)
    assert "drop table" not in text and "union select" not in text
    with duckdb.connect(str(marts), read_only=True) as con:          # nothing was dropped
        assert con.execute("select count(*) from marts.mart_self_scores").fetchone()[0] == 5
        assert con.execute("select count(*) from marts.dim_department").fetchone()[0] == 5


def test_dashboards_read_only_schema_marts():
    sources = [ROOT / "dashboards" / "db.py", *(ROOT / "dashboards" / "queries").glob("*.py"),
               *(ROOT / "dashboards" / "views").glob("*.py")]
    for path in sources:
        other = re.findall(r"\b(?:raw|staging|intermediate|seeds)\.[a-z_]+", path.read_text(encoding="utf-8"))
        assert not other, (path.name, other)
    assert all(t.startswith("marts.") for t in (db.TEXTS_TABLE, db.FINDINGS_TABLE, db.LOAD_ERRORS_TABLE))


def test_url_values_reach_sql_only_as_parameters():
    sql, params = filters.where(filters.Filters(year=2024, region="粤西' or '1'='1"))
    assert "粤西" not in sql and "2024" not in sql and params == [2024, "粤西' or '1'='1"]
    with pytest.raises(KeyError):
        compare.peers(filters.Filters(), sort="name; drop table x")
    with pytest.raises(KeyError):
        problems.problem_heatmap(filters.Filters(), dim="prefecture; --")
    assert report_queries.report_info("' or 1=1 --") == {}


def test_a_new_build_is_picked_up_without_errors(marts, tmp_path, monkeypatch):
    """The published file is replaced (os.replace) while the app holds a connection to the old one."""
    served = tmp_path / PUBLISHED_NAME
    shutil.copy(marts, served)
    monkeypatch.setenv("JIXIAO_MARTS", str(served))
    assert overview.overview_headline(filters.Filters())["departments"] == 5
    nxt = tmp_path / "next.duckdb"
    shutil.copy(marts, nxt)
    with duckdb.connect(str(nxt)) as con:
        con.execute("delete from marts.mart_self_scores where department_name = ?", [LECHANG])
        con.execute("checkpoint")
    os.replace(nxt, served)
    assert overview.overview_headline(filters.Filters())["departments"] == 4
    served.unlink()                                                   # and gone again: the empty state
    assert db.status() == "missing"


def test_downloads_have_chinese_headers(marts, monkeypatch):
    """Headers and coded values in Chinese, as the marts label them (dim_column_label, dim_value_label)."""
    monkeypatch.setenv("JIXIAO_MARTS", str(marts))
    df = pd.DataFrame({"department_name": ["乐昌市政务服务和数据管理局"], "self_score": [99.0],
                       "admin_level": ["county"], "report_id": ["ab" * 32]})
    csv = ui.to_csv(df)
    assert csv.startswith("\ufeff".encode()) and "部门,自评得分（分）,层级".encode() in csv and "县级".encode() in csv
    with zipfile.ZipFile(io.BytesIO(ui.to_excel(df))) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "自评得分（分）" in strings and "乐昌市政务服务和数据管理局" in strings


def test_serve_runs_streamlit_on_localhost(tmp_path):
    from jixiao import serve
    cmd = serve.command(8600)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert serve.environment(tmp_path / "w.duckdb")["JIXIAO_MARTS"] == str(tmp_path.resolve() / PUBLISHED_NAME)


def test_locate_checks_offsets_against_the_text():
    text = "前言。预算执行率为 58.48%。结尾。"
    assert ui.locate(text, "预算执行率为 58.48%", 3, 16) == (3, 16, True)
    assert ui.locate(text, "预算执行率为 58.48%", 0, 13) == (3, 16, False)       # wrong offsets: found again
    assert ui.locate(text, "不存在的句子", 0, 5) is None
    html = ui.quote_in_context("<b>" + text, (6, 18))
    assert "&lt;b&gt;" in html and "<mark" in html                                  # report text is escaped


# ------------------------------------------------------------------------------ 自评可信度 and review

def test_credibility_page_ranks_the_flagged_departments_with_both_quotes(app):
    at = app("credibility")
    assert "自评可信度" in at.title[0].value
    assert LECHANG in table_text(at)             # 99 points with 58.48 % execution
    assert "可信度标记（按规则）" in chart_titles(at)
    lechang = next(e for e in at.expander if LECHANG in e.label)
    shown = " ".join(m.value for m in lechang.markdown) + " ".join(h.proto.body for h in lechang.get("html"))
    assert "自评得分 99 分，但预算执行率仅 58.48%" in shown
    assert "58.48%" in shown and "99 分" in shown    # both quotes


def test_report_page_shows_its_flags_and_no_review_form_by_default(app, marts, monkeypatch):
    monkeypatch.delenv("JIXIAO_REVIEW", raising=False)
    at = app("report", report=report_id_of(marts, LECHANG))
    labels = [t.label for t in at.tabs]
    assert any(label.startswith("自评可信度（") and label != "自评可信度（0）" for label in labels)
    assert "审核与更正" not in labels
    assert not [b for b in at.button if b.label == "保存审核结果"]


def test_a_reviewer_saves_a_correction_to_the_corrections_file(app, marts, monkeypatch, tmp_path):
    store = tmp_path / "corrections.jsonl"
    monkeypatch.setenv("JIXIAO_REVIEW", "1")
    monkeypatch.setenv("JIXIAO_CORRECTIONS", str(store))
    rid = report_id_of(marts, LECHANG)
    at = app("report", report=rid)
    assert "审核与更正" in [t.label for t in at.tabs]
    at.selectbox(key="review_path").set_value("meta.self_score")
    at.radio(key="review_action").set_value("correct")
    at.text_input(key="review_value").input("95")
    at.text_input(key="review_reviewer").input("张三")
    next(b for b in at.button if b.label == "保存审核结果").click().run()
    assert not at.exception
    assert any("已保存" in s.value for s in at.success), [e.value for e in at.error]
    saved = [json.loads(line) for line in store.read_text(encoding="utf-8").splitlines()]
    assert [(c["report_id"], c["fact_path"], c["action"], c["value"], c["reviewer"]) for c in saved] == [
        (rid, "meta.self_score", "correct", "95.0000", "张三")]


def test_a_malformed_correction_is_refused_with_a_message(app, marts, monkeypatch, tmp_path):
    store = tmp_path / "corrections.jsonl"
    monkeypatch.setenv("JIXIAO_REVIEW", "1")
    monkeypatch.setenv("JIXIAO_CORRECTIONS", str(store))
    at = app("report", report=report_id_of(marts, LECHANG))
    at.selectbox(key="review_path").set_value("meta.self_score")
    at.radio(key="review_action").set_value("correct")
    at.text_input(key="review_value").input("1 or 1=1")
    at.text_input(key="review_reviewer").input("张三")
    next(b for b in at.button if b.label == "保存审核结果").click().run()
    assert any("未保存" in e.value for e in at.error)
    assert not store.exists()
