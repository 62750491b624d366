"""The table model: a rectangular grid of cells with merged cells propagated."""
from __future__ import annotations

from ingest.grid import Cell, Grid, render_pipe


def test_rows_are_padded_to_one_width():
    g = Grid([[Cell("一级指标"), Cell("分值"), Cell("得分")], [Cell("产出")]], 0, 10)
    assert g.width == 3 and g.height == 2
    assert g.texts(1) == ["产出", "", ""]


def test_fill_down_propagates_a_merged_label_and_marks_the_copies():
    g = Grid([[Cell("产出指标", 0, 4), Cell("数量指标", 5, 9)], [Cell(""), Cell("质量指标", 15, 19)]], 0, 20)
    filled = g.fill_down([0])
    assert filled.texts(1) == ["产出指标", "质量指标"]
    assert filled.rows[1][0].merged and not filled.rows[0][0].merged
    assert g.texts(1) == ["", "质量指标"]                 # the original grid is left as it was


def test_row_span_ignores_merged_copies():
    g = Grid([[Cell("产出指标", 0, 4)], [Cell("")]], 0, 30).fill_down([0])
    assert g.row_span(0) == (0, 4)
    assert g.row_span(1) == (0, 30)                       # nothing of its own: the table's span


def test_render_pipe_keeps_empty_cells_and_escapes_bars():
    assert render_pipe([["项目", "", "a|b"], ["合计", "1 2", "3"]]) == "| 项目 |  | a｜b |\n| 合计 | 1 2 | 3 |"


def test_pipe_table_with_collapsed_merged_cells_is_read_as_indicators():
    from ingest.pipeline import extract_bytes, to_answer
    text = ("北京市海淀区农业农村局2023年度部门整体支出绩效自评表\n"
            "| 年度绩效指标 | 一级指标 | 二级指标 | 三级指标 | 目标值 | 完成值 | 得分 | |||\n"
            "| 产出指标 | 数量指标 | 培训农民人次 | 500人次 | 520人次 | 10 | ||||\n"
            "| 质量指标 | 培训合格率 | 90% | 95% | 20 | |||||\n"
            "| 总分 | 100分 | ||||||||\n")
    a = to_answer(extract_bytes("t.txt", text.encode()))
    assert a["indicator_scores"] == [{"name": "培训农民人次", "max": None, "score": 10},
                                     {"name": "培训合格率", "max": None, "score": 20}]
    assert a["self_score"] == 100


def test_spaced_table_and_the_same_form_run_together_on_one_line_read_alike():
    from ingest.pipeline import extract_bytes, to_answer
    header = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施"
    rows = ["产出指标 数量指标 培训农民人次 ≥500人次 520人次 10 10 无",
            "效益指标 社会效益指标 农民增收幅度 ≥5% 4.5% 10 9 天气影响"]
    title = "北京市海淀区农业农村局2023年度部门整体支出绩效自评表\n"
    per_line = to_answer(extract_bytes("a.txt", (title + "\n".join([header, *rows])).encode()))
    one_line = to_answer(extract_bytes("b.txt", (title + " ".join([header, *rows])).encode()))
    expected = [{"name": "培训农民人次", "max": 10, "score": 10}, {"name": "农民增收幅度", "max": 10, "score": 9}]
    assert per_line["indicator_scores"] == expected
    assert one_line["indicator_scores"] == expected


def test_glued_form_without_separators_reads_rows_by_their_yes_no_cell():
    from ingest.extract.grids import split_points
    from ingest.pipeline import extract_bytes, to_answer
    assert split_points("1010") == ("10", "10") and split_points("22") == ("2", "2")
    assert split_points("107.6") == ("10", "7.6")
    text = ("北京市海淀区农业农村局2023年度部门整体绩效自评表自评总分(分)96.5"
            "执行率(%)执行率权重执行率得分(分)O95%109.5"
            "指标名称计量单位指标性质年初指标值全年完成值指标权重(分)指标得分(分)是否核心指标"
            "培训农民人次人次定量指标500人次520人次1010是农民满意度%定量指标90%95%55否")
    a = to_answer(extract_bytes("g.txt", text.encode()))
    assert a["self_score"] == 96.5
    assert a["rates"]["budget_execution_rate"] == 95
    assert [(i["name"], i["max"], i["score"]) for i in a["indicator_scores"]] == [
        ("执行率", 10, 9.5), ("培训农民人次人次", 10, 10), ("农民满意度", 5, 5)]


def test_short_spaced_rows_align_their_figures_under_the_points_column():
    from ingest.pipeline import extract_bytes, to_answer
    text = ("北京市海淀区农业农村局2023年度部门整体支出绩效自评报告\n具体评分情况见下表：\n"
            "一级指标 二级指标 三级指标 分值 自评得分 扣分原因\n"
            "投入 预算编制 预算编制科学性 8 7 年中追加较多\n"
            "目标设置 绩效目标明确性 8 7.5 个别指标未量化\n"
            "资金使用合规性 8 8\n合计 100 94.25\n")
    a = to_answer(extract_bytes("s.txt", text.encode()))
    assert [(i["name"], i["max"], i["score"]) for i in a["indicator_scores"]] == [
        ("预算编制科学性", 8, 7), ("绩效目标明确性", 8, 7.5), ("资金使用合规性", 8, 8)]


def test_one_cell_per_line_form_gives_its_label_value_pairs():
    from ingest.pipeline import extract_bytes, to_answer
    text = ("部门（单位）名称：北京市海淀区农业农村局\n报告日期：2024年3月5日\n一、部门（单位）基本概况 |\n"
            "|\n人员编制 |\n45 |\n实有人数 |\n43 |\n|||||||\n"
            "基本支出总额 |\n864.2万 |\n项目支出总额 |\n0 | ||||\n"
            "二、绩效自评得分\n本部门2023年度部门整体支出绩效自评得分为92分。")
    a = to_answer(extract_bytes("f.txt", text.encode()))
    assert a["headcount"] == {"authorized": 45, "actual": 43}
    assert a["amounts"] == {"expenditure_basic": 8642000.0, "expenditure_project": 0.0}
