"""Credibility flags (seeds/credibility_rules.csv, int_credibility__checks, mart_credibility_flags,
mart_score_credibility): for every rule of the seed, a report that fires it and one that does not,
built through dbt from a raw fixture of report answers."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest

from generate.raw_warehouse import make_raw_warehouse
from warehouse.build import build
from warehouse.paths import DBT_PROJECT_DIR

RULES_CSV = DBT_PROJECT_DIR / "seeds" / "credibility_rules.csv"
COUNTIES = ["越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区"]


def report(name: str, county: str = "越秀区", *, score=None, grade=None, rate=None, amounts=None,
           indicators=(), targets=(), problems=()) -> dict:
    """A report answer with a text that states each fact, and the quotes as evidence."""
    sentences, evidence = [f"{name}2024年度部门整体支出绩效自评报告。"], {}

    def state(key: str, sentence: str) -> None:
        sentences.append(sentence)
        evidence[key] = sentence

    if score is not None:
        state("self_score", f"经自评，本部门整体支出绩效自评得分为{score:g}分")
    if grade is not None:
        state("grade", f"评价等级为{grade}")
    if rate is not None:
        state("budget_execution_rate", f"全年预算执行率为{rate:g}%")
    for key, yuan in (amounts or {}).items():
        state(key, f"{key}为{yuan / 10000:g}万元")
    sentences += [f"{i['name']}（{i['max']:g}分），得{i['score']:g}分" for i in indicators]
    sentences += [p["text"] for p in problems]
    text = "。\n".join(sentences) + "。"
    return {
        "report_file": f"{name}.txt", "report_id": hashlib.sha256(text.encode()).hexdigest(), "text": text,
        "department": name, "province": "广东省", "prefecture": "广州市", "county": county, "admin_level": "county",
        "fiscal_year": 2024, "report_date": "2025-04-01", "self_score": score, "grade": grade,
        "amounts": dict(amounts or {}), "rates": {"budget_execution_rate": rate} if rate is not None else {},
        "headcount": {}, "indicator_scores": list(indicators), "indicator_targets": list(targets),
        "score_history": [], "problems": list(problems), "evidence": evidence,
    }


def problem(text: str, category: str) -> dict:
    return {"text": text, "category": category}


def indicator(name: str, max_score: float, score: float) -> dict:
    return {"name": name, "max": max_score, "score": score}


THREE_PROBLEMS = [problem("部分项目资金支出进度缓慢，预算执行率偏低", "预算执行"),
                  problem("绩效目标设置不够细化量化", "目标设置"),
                  problem("固定资产盘点不及时", "资产管理")]

# rule id -> (a report that fires it, a report that does not)
CASES = {
    "high_score_low_execution": (
        report("越秀区民政局", score=99, rate=58, problems=THREE_PROBLEMS),
        report("越秀区司法局", score=95, rate=96)),
    "execution_full_points_below_target": (
        report("越秀区教育局", score=88, rate=85, indicators=[indicator("预算执行率", 10, 10)],
               targets=[{"name": "预算执行率", "target": "≥95%", "actual": "85%"}]),
        report("越秀区审计局", score=88, rate=97, indicators=[indicator("预算执行率", 10, 10)],
               targets=[{"name": "预算执行率", "target": "≥95%", "actual": "97%"}])),
    "near_full_marks_with_problems": (
        report("越秀区统计局", score=98.5, problems=THREE_PROBLEMS[:2]),
        report("越秀区水务局", score=97, problems=THREE_PROBLEMS[:2])),
    "grade_score_mismatch": (
        report("越秀区商务局", score=85, grade="优"),
        report("越秀区信访局", score=92, grade="优")),
    "cost_over_budget_full_points": (
        report("越秀区档案馆", score=88, amounts={"three_public_budget": 100000, "three_public_actual": 120000},
               indicators=[indicator("“三公”经费控制率", 5, 5)]),
        report("越秀区林业局", score=88, amounts={"three_public_budget": 100000, "three_public_actual": 80000},
               indicators=[indicator("“三公”经费控制率", 5, 5)])),
    "problem_in_full_indicator": (
        report("越秀区应急管理局", score=90, indicators=[indicator("政府采购执行率", 5, 5)],
               problems=[problem("个别采购合同未按时备案", "政府采购")]),
        report("越秀区医疗保障局", score=90, indicators=[indicator("政府采购执行率", 5, 3)],
               problems=[problem("个别采购合同未按时备案", "政府采购")])),
    "indicators_do_not_add_up": (
        report("越秀区科学技术局", score=98, indicators=[indicator("决策", 40, 40), indicator("过程", 30, 28),
                                                  indicator("产出", 30, 25)]),
        report("越秀区农业农村局", score=93, indicators=[indicator("决策", 40, 40), indicator("过程", 30, 28),
                                                  indicator("产出", 30, 25)])),
}
# Peers: ten finance bureaus of one province and year; the one with the top score has the lowest rate.
PEERS = [report(f"{county}财政局", county, score=90 + i * 0.5, rate=99 - i) for i, county in enumerate(COUNTIES[:9])]
PEERS.append(report(f"{COUNTIES[9]}财政局", COUNTIES[9], score=99.5, rate=60))
CASES["peer_top_score_bottom_execution"] = (PEERS[-1], PEERS[0])


@pytest.fixture(scope="module")
def marts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("credibility")
    reports = [r for pair in CASES.values() for r in pair if r not in PEERS] + PEERS
    db = make_raw_warehouse(folder / "warehouse.duckdb", reports)
    result = build(db, target_path=folder / "target")
    assert result.ok, result.failures
    return result.published


def flags(marts: Path, department: str) -> dict[str, dict]:
    with duckdb.connect(str(marts), read_only=True) as con:
        cur = con.execute("select * from marts.mart_credibility_flags where department_name = ?", [department])
        names = [d[0] for d in cur.description]
        return {row["rule_id"]: row for row in (dict(zip(names, r)) for r in cur.fetchall())}


def seed_rule_ids() -> list[str]:
    with RULES_CSV.open(encoding="utf-8") as f:
        return [row["rule_id"] for row in csv.DictReader(f)]


def test_every_rule_of_the_seed_has_a_firing_and_a_quiet_case():
    assert sorted(CASES) == sorted(seed_rule_ids())


@pytest.mark.parametrize("rule_id", seed_rule_ids())
def test_rule_fires_on_its_case(marts, rule_id):
    fired = flags(marts, CASES[rule_id][0]["department"])
    assert rule_id in fired, fired.keys()
    assert fired[rule_id]["sentence_zh"] and "{" not in fired[rule_id]["sentence_zh"]


@pytest.mark.parametrize("rule_id", seed_rule_ids())
def test_rule_stays_quiet_on_its_counter_case(marts, rule_id):
    assert rule_id not in flags(marts, CASES[rule_id][1]["department"])


def test_high_score_low_execution_and_problems_flagged_with_their_quotes(marts):
    case = CASES["high_score_low_execution"][0]
    fired = flags(marts, case["department"])
    assert {"high_score_low_execution", "near_full_marks_with_problems"} <= set(fired)
    hit = fired["high_score_low_execution"]
    assert hit["sentence_zh"] == "自评得分 99 分，但预算执行率仅 58%"
    assert hit["quote_a"] == case["evidence"]["self_score"]
    assert hit["quote_b"] == case["evidence"]["budget_execution_rate"]
    assert case["text"][hit["char_start_b"]:hit["char_end_b"]] == hit["quote_b"]
    assert fired["near_full_marks_with_problems"]["quote_b"] == THREE_PROBLEMS[0]["text"]
    with duckdb.connect(str(marts), read_only=True) as con:
        count, sentences = con.execute(
            "select flag_count, flag_sentences_zh from marts.mart_score_credibility where department_name = ?",
            [case["department"]]).fetchone()
    assert count >= 2 and "预算执行率仅 58%" in sentences and "自认 3 个问题" in sentences


def test_execution_target_comes_from_the_target_table(marts):
    hit = flags(marts, CASES["execution_full_points_below_target"][0]["department"])["execution_full_points_below_target"]
    assert hit["sentence_zh"] == "“预算执行率”指标得满分，但预算执行率仅 85%，低于目标 95%"


def test_every_department_year_has_a_credibility_row(marts):
    with duckdb.connect(str(marts), read_only=True) as con:
        rows, years = con.execute("select count(*), count(distinct department_id || fiscal_year) "
                                  "from marts.mart_score_credibility").fetchone()
        department_years = con.execute("select count(*) from marts.mart_self_scores").fetchone()[0]
    assert rows == years == department_years
