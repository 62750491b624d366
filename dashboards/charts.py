"""Altair charts of the dashboards: one builder per kind of chart, Chinese titles, units in tooltips.

Builders take the DataFrames of dashboards.queries (already aggregated in SQL) and return a chart;
they never query. Chinese axis labels stay horizontal (labelAngle=0); long names go on the y axis.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

WAN = ",.2f"   # 万元, two places
PCT = ".1%"    # a fraction shown as percent
GRADES = ["优", "良", "中", "差", "未评"]
GRADE_COLORS = ["#2e7d32", "#1976d2", "#f9a825", "#c62828", "#bdbdbd"]
WITHIN = ["在预算内", "超预算"]
WITHIN_COLORS = ["#43a047", "#e53935"]
STRUCTURE = [("expenditure_personnel_wan_yuan", "人员经费"), ("expenditure_public_wan_yuan", "日常公用经费"),
             ("expenditure_basic_other_wan_yuan", "基本支出（未细分）"), ("expenditure_project_wan_yuan", "项目支出")]
STRUCTURE_COLORS = ["#5c6bc0", "#26a69a", "#b0bec5", "#ffa726"]
SEVERITY = {"error": "错误", "warning": "警告", "correction": "已更正"}
SEVERITY_COLORS = ["#e53935", "#fb8c00", "#1e88e5"]


def _x_year(title: str = "年度") -> alt.X:
    return alt.X("fiscal_year:O", title=title, axis=alt.Axis(labelAngle=0))


def _name_axis(title: str | None = None) -> alt.Axis:
    return alt.Axis(title=title, labelLimit=320)


def _height(n: int, per_row: int = 24, minimum: int = 200) -> int:
    """Total height for n rows of a discrete axis; Streamlit fits the title and axes inside it."""
    return max(minimum, per_row * n + 100)


def _empty(df: pd.DataFrame) -> pd.DataFrame:
    return df if df is not None else pd.DataFrame()


# --------------------------------------------------------------------------------------------------
# 总览

def reports_by_year(df: pd.DataFrame, group_title: str) -> alt.Chart:
    """Stacked bars: department-years per fiscal year, by group (province, region or unit), in the
    order the query gives (group_order)."""
    order = list(dict.fromkeys(df.sort_values("group_order")["group_name"])) if not df.empty else []
    return alt.Chart(_empty(df), title=f"各年度报告数（按{group_title}）").mark_bar().encode(
        x=_x_year(),
        y=alt.Y("department_years:Q", title="报告数（份）", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("group_name:N", title=group_title, sort=order,
                        scale=alt.Scale(scheme="tableau10" if len(order) <= 10 else "tableau20")),
        order=alt.Order("group_order:Q"),
        tooltip=[alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("group_name:N", title=group_title),
                 alt.Tooltip("department_years:Q", title="报告数（份）")],
    ).properties(height=300)


def coverage_heatmap(df: pd.DataFrame, area_title: str) -> alt.LayerChart:
    """Unit × year: department-years reported, zeros shown, units in the query's order."""
    order = list(dict.fromkeys(df["area"])) if not df.empty else []
    base = alt.Chart(_empty(df), title=f"{area_title}覆盖情况（报告份数）").encode(
        x=_x_year(),
        y=alt.Y("area:N", title=area_title, sort=order, axis=_name_axis()),
        tooltip=[alt.Tooltip("area:N", title=area_title), alt.Tooltip("grouping:N", title="区域"),
                 alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("department_years:Q", title="报告数（份）"),
                 alt.Tooltip("average_score:Q", title="平均自评得分（分）", format=".1f")],
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.condition("datum.department_years > 0",
                            alt.Color("department_years:Q", title="报告数（份）", scale=alt.Scale(scheme="blues"),
                                      legend=alt.Legend(format="d", tickMinStep=1)),
                            alt.value("#f1f3f5")))
    text = base.mark_text(fontSize=11).encode(
        text=alt.condition("datum.department_years > 0", "department_years:Q", alt.value("")))
    return (rect + text).properties(height=_height(len(order), 22))


# --------------------------------------------------------------------------------------------------
# 部门对比

def score_ranking(df: pd.DataFrame, average: float | None = None) -> alt.LayerChart:
    """Horizontal bars of self scores, best first, coloured by grade, with the peer average as a rule."""
    d = _empty(df).assign(grade=lambda x: x["grade"].fillna("未评"),
                          rank_label=lambda x: x["peer_rank"].astype("string").fillna("—") + " / "
                          + x["peer_count"].astype("string"))
    low = float(d["self_score"].min()) if d["self_score"].notna().any() else 60.0
    domain = [max(0.0, min(60.0, low - 5)), 100.0]
    base = alt.Chart(d, title="自评得分排名").encode(
        y=alt.Y("department_name:N", sort="-x", axis=_name_axis()),
        x=alt.X("self_score:Q", title="自评得分（分）", scale=alt.Scale(domain=domain, clamp=True)),
        tooltip=[alt.Tooltip("department_name:N", title="部门"), alt.Tooltip("self_score:Q", title="自评得分（分）", format=".1f"),
                 alt.Tooltip("grade:N", title="等级"), alt.Tooltip("rank_label:N", title="同级名次"),
                 alt.Tooltip("execution_rate_pct:Q", title="预算执行率（%）", format=".2f"),
                 alt.Tooltip("expenditure_total_wan_yuan:Q", title="本年支出（万元）", format=WAN)],
    )
    bars = base.mark_bar().encode(color=alt.Color("grade:N", title="等级",
                                                   scale=alt.Scale(domain=GRADES, range=GRADE_COLORS)))
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("self_score:Q", format=".1f"))
    layers = [bars, labels]
    if average is not None:
        rule = alt.Chart(pd.DataFrame({"average": [average]})).mark_rule(strokeDash=[4, 3], color="#616161").encode(
            x="average:Q", tooltip=[alt.Tooltip("average:Q", title="同组平均分（分）", format=".2f")])
        layers.append(rule)
    return alt.layer(*layers).properties(height=_height(len(d)))


def structure_long(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Wide spending columns → one row per (`by`, component) with amount and share of the shown total."""
    cols = [c for c, _ in STRUCTURE if c in df.columns]
    long = df.melt(id_vars=[by], value_vars=cols, var_name="component_key", value_name="amount_wan_yuan")
    long["component"] = long["component_key"].map(dict(STRUCTURE))
    long["order"] = long["component_key"].map({c: i for i, (c, _) in enumerate(STRUCTURE)})
    long = long[long["amount_wan_yuan"].fillna(0) > 0]
    total = long.groupby(by)["amount_wan_yuan"].transform("sum")
    long["share"] = long["amount_wan_yuan"] / total
    return long


def spending_structure(df: pd.DataFrame, as_share: bool, sort: list[str] | None = None) -> alt.Chart:
    """Horizontal stacked bars per department: personnel / public / other basic / project."""
    long = structure_long(_empty(df), "department_name")
    x = alt.X("amount_wan_yuan:Q", title="占本年支出（%）" if as_share else "金额（万元）",
              stack="normalize" if as_share else "zero",
              axis=alt.Axis(format="%" if as_share else ",.0f"))
    return alt.Chart(long, title="支出结构" + ("（占比）" if as_share else "（万元）")).mark_bar().encode(
        y=alt.Y("department_name:N", sort=sort or "-x", axis=_name_axis()),
        x=x,
        color=alt.Color("component:N", title="构成", scale=alt.Scale(domain=[n for _, n in STRUCTURE],
                                                                    range=STRUCTURE_COLORS)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("department_name:N", title="部门"), alt.Tooltip("component:N", title="构成"),
                 alt.Tooltip("amount_wan_yuan:Q", title="金额（万元）", format=WAN),
                 alt.Tooltip("share:Q", title="占比", format=PCT)],
    ).properties(height=_height(long["department_name"].nunique() if not long.empty else 0))


def three_public_bars(df: pd.DataFrame, sort: list[str] | None = None) -> alt.LayerChart:
    """Per department: the 三公 budget as a grey bar, the actual as a narrower bar (red when over budget)."""
    d = _empty(df)
    d = d[d["three_public_budget_wan_yuan"].notna() | d["three_public_actual_wan_yuan"].notna()].assign(
        status=lambda x: x["is_three_public_within_budget"].map({True: "在预算内", False: "超预算"}).fillna("缺预算或实际"))
    base = alt.Chart(d, title="“三公”经费：预算与实际（万元）").encode(
        y=alt.Y("department_name:N", sort=sort or "-x", axis=_name_axis()),
        tooltip=[alt.Tooltip("department_name:N", title="部门"),
                 alt.Tooltip("three_public_budget_wan_yuan:Q", title="预算数（万元）", format=WAN),
                 alt.Tooltip("three_public_actual_wan_yuan:Q", title="实际支出（万元）", format=WAN),
                 alt.Tooltip("three_public_actual_to_budget:Q", title="实际 ÷ 预算", format=PCT),
                 alt.Tooltip("status:N", title="控制情况")],
    )
    budget = base.mark_bar(color="#cfd8dc", size=16).encode(
        x=alt.X("three_public_budget_wan_yuan:Q", title="金额（万元）"))
    actual = base.mark_bar(size=8).encode(
        x="three_public_actual_wan_yuan:Q",
        color=alt.Color("status:N", title="实际支出", scale=alt.Scale(domain=WITHIN + ["缺预算或实际"],
                                                                     range=WITHIN_COLORS + ["#90a4ae"])))
    return alt.layer(budget, actual).properties(height=_height(len(d)))


# --------------------------------------------------------------------------------------------------
# 趋势

def score_trend(df: pd.DataFrame, group: bool) -> alt.LayerChart:
    """Score by year: one department (own report or stated by a later one) or a group's average and IQR."""
    d = _empty(df).dropna(subset=["self_score"])
    y = alt.Y("self_score:Q", title="自评得分（分）", scale=alt.Scale(zero=False), axis=alt.Axis(format=".0f"))
    if group:
        band = alt.Chart(d).mark_area(opacity=0.2, color="#1976d2").encode(
            x=_x_year(), y=alt.Y("score_p25:Q", title="自评得分（分）"), y2="score_p75:Q")
        line = alt.Chart(d).mark_line(point=True, color="#1976d2").encode(
            x=_x_year(), y=y,
            tooltip=[alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("self_score:Q", title="平均分（分）", format=".2f"),
                     alt.Tooltip("score_p25:Q", title="下四分位（分）", format=".1f"),
                     alt.Tooltip("score_p75:Q", title="上四分位（分）", format=".1f"),
                     alt.Tooltip("scored:Q", title="有得分的部门数")])
        return alt.layer(band, line, title="自评得分（平均分与四分位区间）").properties(height=280)
    d = d.assign(source=lambda x: x["score_source"].map({"own_report": "本年度报告", "later_report": "其后报告追述"}))
    low = float(d["self_score"].min()) if not d.empty else 60.0
    y = alt.Y("self_score:Q", title="自评得分（分）", scale=alt.Scale(domain=[max(0.0, min(80.0, low - 5)), 100.0]),
              axis=alt.Axis(format=".0f"))
    line = alt.Chart(d).mark_line(color="#1976d2").encode(x=_x_year(), y=y)
    points = alt.Chart(d).mark_point(filled=True, size=90).encode(
        x=_x_year(), y=y,
        shape=alt.Shape("source:N", title="得分来源"),
        color=alt.Color("source:N", title="得分来源", scale=alt.Scale(domain=["本年度报告", "其后报告追述"],
                                                                    range=["#1976d2", "#90a4ae"])),
        tooltip=[alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("self_score:Q", title="自评得分（分）", format=".1f"),
                 alt.Tooltip("grade:N", title="等级"), alt.Tooltip("source:N", title="得分来源")])
    return alt.layer(line, points, title="自评得分").properties(height=280)


def money_trend(df: pd.DataFrame, columns: dict[str, str], title: str) -> alt.Chart:
    """Lines of amounts in 万元 by year, one per column ({column: Chinese name})."""
    d = _empty(df)
    long = d.melt(id_vars=["fiscal_year"], value_vars=[c for c in columns if c in d.columns],
                  var_name="series_key", value_name="amount_wan_yuan").dropna(subset=["amount_wan_yuan"])
    long["series"] = long["series_key"].map(columns)
    return alt.Chart(long, title=title).mark_line(point=True).encode(
        x=_x_year(),
        y=alt.Y("amount_wan_yuan:Q", title="金额（万元）", axis=alt.Axis(format=",.0f")),
        color=alt.Color("series:N", title="项目", sort=list(columns.values())),
        tooltip=[alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("series:N", title="项目"),
                 alt.Tooltip("amount_wan_yuan:Q", title="金额（万元）", format=WAN)],
    ).properties(height=280)


def structure_by_year(df: pd.DataFrame) -> alt.Chart:
    long = structure_long(_empty(df), "fiscal_year")
    return alt.Chart(long, title="支出结构（万元）").mark_bar().encode(
        x=_x_year(),
        y=alt.Y("amount_wan_yuan:Q", title="金额（万元）", axis=alt.Axis(format=",.0f")),
        color=alt.Color("component:N", title="构成", scale=alt.Scale(domain=[n for _, n in STRUCTURE],
                                                                    range=STRUCTURE_COLORS)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("fiscal_year:O", title="年度"), alt.Tooltip("component:N", title="构成"),
                 alt.Tooltip("amount_wan_yuan:Q", title="金额（万元）", format=WAN),
                 alt.Tooltip("share:Q", title="占本年支出", format=PCT)],
    ).properties(height=280)


def budget_actual_by(df: pd.DataFrame, by: str, by_title: str, title: str, horizontal: bool = False) -> alt.Chart:
    """Grouped bars of the 三公 budget and actual (万元) per year or per place."""
    d = _empty(df)
    long = d.melt(id_vars=[by], value_vars=["three_public_budget_wan_yuan", "three_public_actual_wan_yuan"],
                  var_name="kind_key", value_name="amount_wan_yuan").dropna(subset=["amount_wan_yuan"])
    long["kind"] = long["kind_key"].map({"three_public_budget_wan_yuan": "预算数",
                                         "three_public_actual_wan_yuan": "实际支出"})
    ratio = d.set_index(by)["three_public_actual_wan_yuan"] / d.set_index(by)["three_public_budget_wan_yuan"]
    long["ratio"] = long[by].map(ratio)
    cat = alt.X(f"{by}:O", title=by_title, axis=alt.Axis(labelAngle=0), sort=list(d[by]))
    val = alt.Y("amount_wan_yuan:Q", title="金额（万元）", axis=alt.Axis(format=",.0f"))
    offset = alt.XOffset("kind:N", sort=["预算数", "实际支出"])
    if horizontal:
        cat = alt.Y(f"{by}:N", title=by_title, sort=list(d[by]), axis=_name_axis())
        val = alt.X("amount_wan_yuan:Q", title="金额（万元）", axis=alt.Axis(format=",.0f"))
        offset = alt.YOffset("kind:N", sort=["预算数", "实际支出"])
    chart = alt.Chart(long, title=title).mark_bar().encode(
        cat, val, offset,
        color=alt.Color("kind:N", title="", scale=alt.Scale(domain=["预算数", "实际支出"], range=["#b0bec5", "#1976d2"])),
        tooltip=[alt.Tooltip(f"{by}:N", title=by_title), alt.Tooltip("kind:N", title="项目"),
                 alt.Tooltip("amount_wan_yuan:Q", title="金额（万元）", format=WAN),
                 alt.Tooltip("ratio:Q", title="实际 ÷ 预算", format=PCT)],
    )
    return chart.properties(height=_height(d[by].nunique(), 34) if horizontal else 280)


# --------------------------------------------------------------------------------------------------
# 三公经费与运行成本

def budget_actual_scatter(df: pd.DataFrame) -> alt.LayerChart:
    """One point per department-year: 三公 budget against actual, with the line actual = budget."""
    d = _empty(df).assign(status=lambda x: x["is_three_public_within_budget"].map({True: "在预算内", False: "超预算"}))
    top = float(max(d["three_public_budget_wan_yuan"].max(), d["three_public_actual_wan_yuan"].max())) \
        if not d.empty else 1.0
    diagonal = alt.Chart(pd.DataFrame({"v": [0.0, top]})).mark_line(strokeDash=[4, 3], color="#9e9e9e").encode(
        x="v:Q", y="v:Q")
    points = alt.Chart(d).mark_circle(size=70, opacity=0.75).encode(
        x=alt.X("three_public_budget_wan_yuan:Q", title="预算数（万元）"),
        y=alt.Y("three_public_actual_wan_yuan:Q", title="实际支出（万元）"),
        color=alt.Color("status:N", title="控制情况", scale=alt.Scale(domain=WITHIN, range=WITHIN_COLORS)),
        tooltip=[alt.Tooltip("department_name:N", title="部门"), alt.Tooltip("fiscal_year:O", title="年度"),
                 alt.Tooltip("three_public_budget_wan_yuan:Q", title="预算数（万元）", format=WAN),
                 alt.Tooltip("three_public_actual_wan_yuan:Q", title="实际支出（万元）", format=WAN),
                 alt.Tooltip("three_public_actual_to_budget:Q", title="实际 ÷ 预算", format=PCT)],
    )
    return alt.layer(diagonal, points, title="“三公”经费：预算与实际（虚线为实际 = 预算）").properties(height=340)


def ratio_buckets(df: pd.DataFrame) -> alt.Chart:
    d = _empty(df).assign(over=lambda x: x["bucket_order"] > 4)
    return alt.Chart(d, title="“三公”经费执行比分布（实际 ÷ 预算）").mark_bar().encode(
        x=alt.X("bucket:N", title="实际 ÷ 预算", sort=alt.SortField("bucket_order"),
                axis=alt.Axis(labelAngle=0, labelOverlap=False)),
        y=alt.Y("departments:Q", title="部门数", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("over:N", legend=None, scale=alt.Scale(domain=[False, True], range=WITHIN_COLORS)),
        tooltip=[alt.Tooltip("bucket:N", title="区间"), alt.Tooltip("departments:Q", title="部门数")],
    ).properties(height=300)


# --------------------------------------------------------------------------------------------------
# 问题分析

def problem_heatmap(df: pd.DataFrame, dim_title: str, selection: alt.Parameter | None = None) -> alt.LayerChart:
    """Category × dimension value: problems counted; a click selects a cell."""
    d = _empty(df)
    cats = list(d.sort_values("category_order")["problem_category"].drop_duplicates()) if not d.empty else []
    values = sorted(d["dim_value"].unique()) if not d.empty else []
    base = alt.Chart(d, title=f"问题类别 × {dim_title}（问题条数）").encode(
        x=alt.X("problem_category:N", title="问题类别", sort=cats, axis=alt.Axis(labelAngle=0, labelLimit=90,
                                                                                   labelOverlap=False, orient="top")),
        y=alt.Y("dim_value:N", title=dim_title, sort=values, axis=_name_axis()),
        tooltip=[alt.Tooltip("problem_category:N", title="问题类别"), alt.Tooltip("dim_value:N", title=dim_title),
                 alt.Tooltip("problems:Q", title="问题（条）"),
                 alt.Tooltip("department_years_with:Q", title="涉及部门年度"),
                 alt.Tooltip("share_of_department_years:Q", title="占该组部门年度", format=PCT)],
    )
    rect = base.mark_rect(stroke="white", cursor="pointer").encode(
        color=alt.Color("problems:Q", title="问题（条）", scale=alt.Scale(scheme="oranges"),
                        legend=alt.Legend(format="d", tickMinStep=1)))
    if selection is not None:
        rect = rect.add_params(selection).encode(
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)))
    text = base.mark_text(fontSize=11).encode(text="problems:Q")
    return alt.layer(rect, text).properties(height=_height(len(values), 30, 260))


def problem_categories(df: pd.DataFrame) -> alt.Chart:
    d = _empty(df)
    return alt.Chart(d, title="各类问题条数").mark_bar(color="#ef6c00").encode(
        y=alt.Y("problem_category:N", title="问题类别", sort="-x", axis=_name_axis()),
        x=alt.X("problems:Q", title="问题（条）", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("problem_category:N", title="问题类别"), alt.Tooltip("problems:Q", title="问题（条）"),
                 alt.Tooltip("department_years_with:Q", title="涉及部门年度")],
    ).properties(height=_height(len(d)))


# --------------------------------------------------------------------------------------------------
# 报告详情

def report_amounts(df: pd.DataFrame) -> alt.Chart:
    """The report's amounts (万元), in dictionary order."""
    d = _empty(df)
    d = d[(d["fact_group"] == "amounts") & d["display_value"].notna()]
    return alt.Chart(d, title="报告中的金额（万元）").mark_bar(color="#1976d2").encode(
        y=alt.Y("fact_label_zh:N", title=None, sort=list(d["fact_label_zh"]), axis=_name_axis()),
        x=alt.X("display_value:Q", title="金额（万元）", axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("fact_label_zh:N", title="事实"), alt.Tooltip("display_value:Q", title="金额（万元）", format=WAN),
                 alt.Tooltip("unit_stated:N", title="原文单位"), alt.Tooltip("quote:N", title="原文")],
    ).properties(height=_height(len(d), 22))


def indicator_scores(df: pd.DataFrame) -> alt.LayerChart:
    d = _empty(df).dropna(subset=["score"]).assign(
        label=lambda x: x["indicator_seq"].astype(str) + ". " + x["indicator_name"],
        status=lambda x: x["has_deduction"].map({True: "有扣分", False: "满分"}).fillna("满分"))
    order = list(d["label"])
    base = alt.Chart(d, title="指标得分（灰色为分值）").encode(
        y=alt.Y("label:N", title=None, sort=order, axis=_name_axis()),
        tooltip=[alt.Tooltip("indicator_name:N", title="指标"), alt.Tooltip("max_score:Q", title="分值（分）"),
                 alt.Tooltip("score:Q", title="自评得分（分）"), alt.Tooltip("deduction:Q", title="扣分（分）"),
                 alt.Tooltip("score_rate:Q", title="得分率", format=PCT)],
    )
    full = base.mark_bar(color="#e0e0e0").encode(x=alt.X("max_score:Q", title="分（分）"))
    got = base.mark_bar(size=10).encode(
        x="score:Q", color=alt.Color("status:N", title="", scale=alt.Scale(domain=["满分", "有扣分"],
                                                                           range=["#43a047", "#fb8c00"])))
    return alt.layer(full, got).properties(height=_height(len(d), 20))


# --------------------------------------------------------------------------------------------------
# 数据质量

def fact_coverage(df: pd.DataFrame) -> alt.Chart:
    d = _empty(df).assign(key=lambda x: x["is_key"].map({True: "关键事实", False: "其他事实"}))
    return alt.Chart(d, title="各事实的抽取覆盖率（陈述该事实的报告占比）").mark_bar().encode(
        y=alt.Y("fact_label_zh:N", title=None, sort=list(d["fact_label_zh"]), axis=_name_axis()),
        x=alt.X("coverage:Q", title="覆盖率", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("key:N", title="", scale=alt.Scale(domain=["关键事实", "其他事实"], range=["#1976d2", "#90caf9"])),
        tooltip=[alt.Tooltip("fact_label_zh:N", title="事实"), alt.Tooltip("coverage:Q", title="覆盖率", format=PCT),
                 alt.Tooltip("reports_with:Q", title="找到的报告（份）"), alt.Tooltip("reports:Q", title="报告总数（份）")],
    ).properties(height=_height(len(d), 22))


def findings_by_rule(df: pd.DataFrame) -> alt.Chart:
    d = _empty(df).assign(severity_zh=lambda x: x["severity"].map(SEVERITY).fillna(x["severity"]))
    return alt.Chart(d, title="校验发现（按规则）").mark_bar().encode(
        y=alt.Y("rule_label:N", title=None, sort="-x", axis=_name_axis()),
        x=alt.X("findings:Q", title="发现（条）", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("severity_zh:N", title="严重程度",
                        scale=alt.Scale(domain=list(SEVERITY.values()), range=SEVERITY_COLORS)),
        tooltip=[alt.Tooltip("rule_label:N", title="规则"), alt.Tooltip("rule_id:N", title="规则编号"),
                 alt.Tooltip("severity_zh:N", title="严重程度"),
                 alt.Tooltip("findings:Q", title="发现（条）"), alt.Tooltip("reports:Q", title="涉及报告（份）")],
    ).properties(height=_height(d["rule_label"].nunique() if not d.empty else 0, 30))


CREDIBILITY_SEVERITY = {"high": "高", "medium": "中", "low": "低"}


def flags_by_rule(df: pd.DataFrame) -> alt.Chart:
    """Credibility flags per rule, coloured by severity (自评可信度)."""
    d = _empty(df).assign(severity_zh=lambda x: x["severity"].map(CREDIBILITY_SEVERITY).fillna(x["severity"]))
    return alt.Chart(d, title="可信度标记（按规则）").mark_bar().encode(
        y=alt.Y("rule_label:N", title=None, sort="-x", axis=_name_axis()),
        x=alt.X("flags:Q", title="标记（条）", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("severity_zh:N", title="严重程度",
                        scale=alt.Scale(domain=list(CREDIBILITY_SEVERITY.values()), range=SEVERITY_COLORS)),
        tooltip=[alt.Tooltip("rule_label:N", title="规则"), alt.Tooltip("severity_zh:N", title="严重程度"),
                 alt.Tooltip("flags:Q", title="标记（条）"),
                 alt.Tooltip("department_years:Q", title="涉及部门年度")],
    ).properties(height=_height(d["rule_label"].nunique() if not d.empty else 0, 30))
