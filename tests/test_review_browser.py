"""End to end in headless Chromium, with `jixiao serve --review`: a report whose self score is 99 while
its execution rate is 58 % and it admits three problems is flagged on 自评可信度 with both quotes; a
reviewer corrects its score on 报告详情; the correction reaches the marts after `jixiao build`, survives
re-ingesting the same file and a rebuild, and `jixiao evaluate --corrections` counts it."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from test_browser import ARGS, CHROMIUM, ERRORS, RUNNING, screenshot, serving

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

from jixiao.cli import main  # noqa: E402
from warehouse.build import build  # noqa: E402
from warehouse.corrections import read_all  # noqa: E402

DEPARTMENT = "示例县民政局"
REPORT = f"""{DEPARTMENT}2024年度部门整体支出绩效自评报告

一、部门基本情况
{DEPARTMENT}负责全县社会救助、养老服务、社会事务和民政事业管理等工作。

二、部门整体支出情况
2024年度本部门全年预算数为1200.00万元，执行数为696.00万元，预算执行率为58%。

三、绩效自评情况
经自评，本部门2024年度整体支出绩效自评得分为99分，评价等级为优。

四、存在的问题
（一）部分项目资金支出进度缓慢，预算执行率偏低。
（二）绩效目标设置不够细化量化，部分指标难以衡量。
（三）固定资产管理不够规范，资产盘点不及时。

五、下一步改进措施
加快项目资金支出进度，细化绩效目标，规范资产管理。

{DEPARTMENT}
2025年3月20日
"""


def one(db: Path, sql: str, params: list):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchone()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("review")
    reports = folder / "reports"
    reports.mkdir()
    (reports / "sample_minzheng_2024.txt").write_text(REPORT, encoding="utf-8")
    db = folder / "warehouse.duckdb"
    assert main(["ingest", str(reports), "--db", str(db), "--quiet"]) == 0
    built = build(db, target_path=folder / "target")
    assert built.ok, built.failures
    return {"db": db, "reports": reports, "target": folder / "target", "marts": built.published,
            "report_id": hashlib.sha256(REPORT.encode()).hexdigest()}


@pytest.fixture(scope="module")
def server(warehouse):
    env = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_CORRECTIONS", "JIXIAO_REVIEW")}
    with serving(warehouse["db"], "--review", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        browser.close()


def settle(pg) -> None:
    pg.wait_for_function(RUNNING, timeout=30000)
    pg.wait_for_timeout(500)


def test_the_report_is_flagged_by_two_rules_with_its_quotes(page, server, warehouse):
    flagged = one(warehouse["marts"], "select flag_count, flag_rule_ids from marts.mart_score_credibility "
                                      "where department_name = ?", [DEPARTMENT])
    assert flagged[0] >= 2 and {"high_score_low_execution", "near_full_marks_with_problems"} <= set(flagged[1].split(","))
    page.goto(f"{server}/credibility", wait_until="domcontentloaded")
    page.get_by_text(DEPARTMENT).first.wait_for(timeout=30000)
    settle(page)
    assert page.locator(ERRORS).count() == 0
    page.locator('[data-testid="stExpander"]').filter(has_text=DEPARTMENT).first.locator("summary").click()
    page.get_by_text("自评得分 99 分，但预算执行率仅 58%").wait_for(timeout=15000)
    marks = page.locator("mark").all_inner_texts()
    assert "经自评，本部门2024年度整体支出绩效自评得分为99分" in " ".join(marks)
    assert any("预算执行率为58%" in m for m in marks)
    assert any("部分项目资金支出进度缓慢" in m for m in marks)
    screenshot(page, "credibility")


def test_a_correction_made_on_the_page_reaches_the_marts_and_survives_reingest(page, server, warehouse):
    rid, db = warehouse["report_id"], warehouse["db"]
    page.goto(f"{server}/report?report={rid}", wait_until="domcontentloaded")
    page.get_by_role("tab", name="审核与更正").wait_for(timeout=30000)
    settle(page)
    page.get_by_role("tab", name="审核与更正").click()
    page.get_by_text("更正数值").first.click()      # the action; the fact defaults to the self score
    page.get_by_role("textbox", name="正确数值").fill("92")
    page.get_by_role("textbox", name="说明").fill("自评表合计为92分")
    page.get_by_role("textbox", name="审核人").fill("张三")
    page.get_by_role("button", name="保存审核结果").click()
    page.get_by_text("已保存").wait_for(timeout=15000)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "review")
    saved = read_all(db.parent / "corrections.jsonl")
    assert [(c.report_id, c.fact_path, c.action, c.value, c.reviewer) for c in saved] == [
        (rid, "meta.self_score", "correct", "92.0000", "张三")]

    def corrected_score(marts: Path):
        return one(marts, "select self_score, self_score_extracted, is_self_score_corrected "
                          "from marts.mart_self_scores where report_id = ?", [rid])

    first = build(db, target_path=warehouse["target"])
    assert first.ok, first.failures
    assert corrected_score(first.published) == (92, 99, True)
    (warehouse["reports"] / "sample_minzheng_2024.txt").touch()
    assert main(["ingest", str(warehouse["reports"]), "--db", str(db), "--quiet"]) == 0
    second = build(db, target_path=warehouse["target"])
    assert second.ok, second.failures
    assert corrected_score(second.published) == (92, 99, True)
    assert "near_full_marks_with_problems" not in one(
        second.published, "select flag_rule_ids from marts.mart_score_credibility where report_id = ?", [rid])[0]

    page.goto(f"{server}/report?report={rid}", wait_until="domcontentloaded")
    page.get_by_text("92.0 分").first.wait_for(timeout=30000)   # the app serves the new build


def test_evaluate_corrections_counts_the_page_correction(warehouse, capsys):
    assert main(["evaluate", "--corrections", "--db", str(warehouse["db"])]) == 0
    out = capsys.readouterr().out
    assert "meta" in out and "0/1/1" in out and "over 1 reviewed facts" in out
