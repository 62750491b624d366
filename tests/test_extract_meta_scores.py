from decimal import Decimal as D

import pytest

from snippets import facts_of, items, values


@pytest.mark.parametrize("text,dept,year,date", [
    ("部门整体支出绩效自评报告\n评价年度：2025 年\n评价单位（公章）：某某县教育局\n填报日期：2026 年 6 月 25 日",
     "某某县教育局", 2025, "2026-06-25"),
    ("2024年度部门整体支出绩效 自评报告\n部门名称：某某市水务局\n填 报 人：张三\n填报日期：2025年8月14日",
     "某某市水务局", 2024, "2025-08-14"),
    (" 部门整体支出绩效自评报告\n（2023 年）\n预算部门：某某市卫生健康局\n 一、部门基本情况", "某某市卫生健康局", 2023, None),
    ("  2023年度某某省某某市某某区农业农村局\n部门整体支出绩效自评报告 \n一、部门基本情况", "某某省某某市某某区农业农村局",
     2023, None),
    ("某某镇人民政府2022年度部门整体支出绩效自评报告\n一、基本情况\n……\n某某镇人民政府\n二〇二三年五月十四日",
     "某某镇人民政府", 2022, "2023-05-14"),
])
def test_meta_department_year_and_date(text, dept, year, date):
    got = values(text, "meta")
    assert got.get("department") == dept
    assert got.get("fiscal_year") == year
    assert got.get("report_date") == date


def test_renamed_department_takes_its_new_name():
    text = ("评价单位：某某市政务服务数据管理局\n2024年，根据机构改革方案，我局名称由原某某市政务服务数据管理局变更为"
            "某某市政务服务和数据管理局，核定设置7个科室。")
    assert values(text, "meta")["department"] == "某某市政务服务和数据管理局"


@pytest.mark.parametrize("text,score,grade", [
    ("综合考量，我局部门整体支出绩效自评得分为 100分，绩效等级为“优”。", D("100"), "优"),
    ("我局 2023 年度部门整体支出绩效自评得分为：96.8 分，绩效等级为优。", D("96.8"), "优"),
    ("根据部门整体支出绩效评价指标体系，我局年度评价得分为97.5分。", D("97.5"), None),
    ("我局 2023 年整体支出绩效自评结果为 99 分。", D("99"), None),
    ("经自评，我单位2023年度部门整体支出绩效自评得分95.6分，评价等级为良好。", D("95.6"), "良"),
    ("本部门整体支出绩效自评总分为93.5分，等级为“良”。", D("93.5"), "良"),
])
def test_total_score_and_grade(text, score, grade):
    got = values("评价年度：2023年\n" + text, "meta")
    assert got.get("self_score") == score
    assert got.get("grade") == grade


def test_indicator_points_are_not_the_total_score():
    text = ("评价年度：2023年\n（二）履职效能分析\n对部门的整体效能进行分析，指标分值 50 分，自评得分 50 分。\n"
            "（1）预算编制合理性（5 分）。\n自评得分 5 分，我局严格编制预算。")
    assert "self_score" not in values(text, "meta")


def test_earlier_years_scores_are_history_not_the_total():
    text = ("评价年度：2023年\n自评得分为 100分，绩效等级为“优”。\n"
            "2021年度，我局部门整体支出绩效自评复核得分为87分，评价等级为“良”；我局重点绩效评价（“数字政府”建设专项资金"
            "绩效评价得分为84.25，评价等级为“良”。\n2022年度，我局部门整体支出绩效自评复核得分为90.10，评价等级为“优”。\n"
            "通过努力，我局 2022 年部门整体支出绩效自评复核得分为90.10，评价等级从 2021 年的“良”提升为“优”。")
    assert values(text, "meta")["self_score"] == D("100")
    assert items(text, "score_history") == [{"year": 2021, "score": D("87"), "grade": "良"},
                                            {"year": 2022, "score": D("90.10"), "grade": "优"}]


def test_indicator_scores_from_headings_inline_and_formulas():
    text = """评价年度：2024年
（一）预算编制情况（28 分）
1. 预算编制。指标分值 18 分。
（1）预算编制合理性（5 分）。
自评得分 5 分，我局结合职能合理编制年度预算。
（2）部门预算资金支出率 (6 分)。
自评得分 4 分，全年预算资金支出率为 58.48%。
（3）资金下达合法性（3 分）。
我局无转移支付，本项不考核。
（4）预算编制约束性。我局本指标综合得分=（1-0%）×4×60%+（1-0%）×4×40%=4。
4. 人员管理。指标分值 2 分。
自评得分 2 分，本年度在编人员共 12 人。
5. 加减分项。
自评得分 3 分，2024 年我局被评为先进单位。
1.预算编制。指标分值 3 分，自评得分 3 分，得分率 100%。
新增项目事项绩效评估（指标分值 3 分，自评得分 3 分）。
（2）绩效结果运用（指标分值 3 分，自评得分 1.8 分）。
未建立完善绩效评价结果与本单位预算编制相挂钩工作机制，扣 1.2 分。
（2）“三公”经费控制情况（指标分值 2 分，自评得分 2 分）。"""
    got = [(i["name"], i["max"], i["score"]) for i in items(text, "indicator_scores")]
    assert got == [("预算编制合理性", D(5), D(5)), ("部门预算资金支出率", D(6), D(4)), ("预算编制约束性", None, D(4)),
                   ("人员管理", D(2), D(2)), ("加减分项", None, D(3)), ("预算编制", D(3), D(3)),
                   ("新增项目事项绩效评估", D(3), D(3)), ("绩效结果运用", D(3), D("1.8")),
                   ("“三公”经费控制情况", D(2), D(2))]


def test_target_table_rows_with_broken_cells_and_merged_level2():
    text = """表 1 产出指标完成情况表
序
号 二级指标 三级指标 年度目标值 年度实现值 指标完成率
1

数量指标

“某某平台”数据处理和分析专

题场景数量

>=5 7 140%

2 档案归档率 100% 100% 100%

3 网站考评分数 >=85 分 120 分 141%

4 安全培训 至少一次 1 100%

5 质量指标 项目验收通过率 85% 100% 118%

6 综合审批平台办公人员满意度 大于 95% 100% 105%

（三）管理效率分析"""
    rows = items(text, "indicator_targets")
    assert [(r["level2"], r["name"], r["completion_rate"]) for r in rows] == [
        ("数量指标", "“某某平台”数据处理和分析专题场景数量", D(140)), ("数量指标", "档案归档率", D(100)),
        ("数量指标", "网站考评分数", D(141)), ("数量指标", "安全培训", D(100)),
        ("质量指标", "项目验收通过率", D(118)), ("质量指标", "综合审批平台办公人员满意度", D(105))]
    assert (rows[2]["target"], rows[2]["actual"]) == (">=85分", "120分")
    assert rows[3]["target"] == "至少一次"
    assert rows[5]["target"] == "大于95%"


def test_quotes_are_exact_text_at_offsets():
    facts, text = facts_of("评价年度：2023年\n（1）绩效结果运用（指标分值 3 分，自评得分 1.8 分）。\n本年收入为 529.51 万元。")
    assert facts
    for f in facts:
        assert 0 <= f.start < f.end <= len(text)


@pytest.mark.parametrize("text,score,grade", [
    ("本次评价得分95.5分，评价等级为“优”。", D("95.5"), "优"),
    ("经评价，综合评分93分。自评结果为“良”。", D("93"), "良"),
    ("经自评，本部门整体支出绩效自评结果为优（满分100分，得92.5分）。", D("92.5"), "优"),
    ("部门联系人张三联系电话自评总分(分)96.4年初预算数全年预算数", D("96.4"), None),
    ("本部门整体绩效自评为优秀。", None, "优"),
])
def test_total_score_other_phrasings(text, score, grade):
    got = values("评价年度：2023年\n" + text, "meta")
    assert (got.get("self_score"), got.get("grade")) == (score, grade)


def test_title_starting_with_guanyu():
    got = values("关于某某县水利局2022年度部门整体支出绩效自评情况的报告\n一、部门概况", "meta")
    assert (got["department"], got["fiscal_year"]) == ("某某县水利局", 2022)


def test_last_years_score_is_history():
    text = "评价年度：2023年\n上年度部门整体支出绩效自评得分为95分，等级为优。本年度部门整体支出绩效自评得分为92分，等级为优。"
    assert values(text, "meta")["self_score"] == D("92")
    assert items(text, "score_history") == [{"year": 2022, "score": D("95"), "grade": "优"}]


def test_inline_points_with_colons():
    got = items("（1）预算编制合理性（指标分值：5分，自评得分：4分）。", "indicator_scores")
    assert got == [{"name": "预算编制合理性", "max": D(5), "score": D(4)}]


def test_total_score_from_the_score_table_when_prose_gives_none():
    text = "评价年度：2023年\n指标名称 分值 得分\n预算编制 20 18\n预算执行 80 76.5\n合计 100 94.5\n四、存在问题\n无。"
    assert values(text, "meta")["self_score"] == D("94.5")
    assert [i["name"] for i in items(text, "indicator_scores")] == ["预算编制", "预算执行"]


def test_grade_written_as_dengci():
    got = values("评价年度：2023年\n经综合评价，部门整体支出绩效自评得分为92.5分，评价等次为优秀。", "meta")
    assert (got["self_score"], got["grade"]) == (D("92.5"), "优")


def test_points_in_prose_lists():
    text = ("评价年度：2023年\n1.投入指标（20分），自评得分18.5分。其中：预算编制合理性（10分），得9.5分；绩效目标合理性（10分），得9分。\n"
            "其中：产出指标分值50分，自评得分48.76分；效益指标分值30分，自评得分29分。\n"
            "（二）履职效能分析\n对部门的整体效能进行分析，指标分值 50 分，自评得分 50 分。")
    got = [(i["name"], i["max"], i["score"]) for i in items(text, "indicator_scores")]
    assert got == [("投入指标", D(20), D("18.5")), ("预算编制合理性", D(10), D("9.5")), ("绩效目标合理性", D(10), D(9)),
                   ("产出指标", D(50), D("48.76")), ("效益指标", D(30), D(29)), ("履职效能", D(50), D(50))]


def test_another_bodys_evaluation_score_is_not_an_indicator():
    text = "评价年度：2023年\n（三）预算绩效管理情况\n省财政厅对困难群众救助补助资金开展重点绩效评价，评价得分91分，等级为“优”。"
    assert items(text, "indicator_scores") == []
    assert "self_score" not in values(text, "meta")


def test_a_renamed_department_takes_its_new_name_anywhere_in_a_long_text():
    from ingest.pipeline import extract_bytes

    text = ("某县农业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n" + "本部门全年预算执行率为98%。" * 300
            + "根据机构改革方案，原某县农业局更名为某县农业农村局，负责全县农业农村工作。")
    facts = extract_bytes("renamed.txt", text.encode()).facts
    assert [f.value for f in facts if f.key == "department"] == ["某县农业农村局"]
