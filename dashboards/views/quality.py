"""数据质量: what extraction found and missed per report, validation findings, files that failed to load."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import quality as queries

f = ui.page("数据质量", "每份报告抽取到什么、缺了什么，导入校验的发现，以及无法读取的文件。")

s = queries.quality_summary(f)
st.caption(f"范围：{ui.describe(f)}（地区筛选按报告所属部门；未归入部门的报告只在不筛地区时计入）。")
ui.metrics([
    ("报告", ui.num(s["reports"], unit="份"), None),
    ("部分抽取", ui.num(s["status_partial"], unit="份"), "抽取状态不是“完整”的报告。"),
    ("缺关键事实", ui.num(s["missing_key_facts"], unit="份"), "缺少至少一个关键事实（如本年支出、自评总分）。"),
    ("有校验发现", ui.num(s["with_findings"], unit="份"), f"其中错误级 {ui.num(s['with_error'])} 份。"),
    ("单位更正", ui.num(s["corrected"], unit="份"), "有金额的单位（元/万元）按会计恒等式更正。"),
    ("导入失败文件", ui.num(s["load_errors"], unit="个"), None),
], columns=6)

left, right = st.columns(2)
with left:
    ui.chart(charts.fact_coverage(queries.fact_coverage(f)))
with right:
    findings = queries.findings_by_rule(f)
    if findings.empty:
        st.success("没有校验发现。")
    else:
        ui.chart(charts.findings_by_rule(findings))
        ui.table(findings, "quality_rules", "校验发现_按规则", link=False,
                 columns=["rule_label", "severity", "findings", "reports"])

st.subheader("人工审核")
by_rule, by_fact = queries.corrections_by("extraction_method"), queries.corrections_by("fact_key")
if by_rule.empty:
    st.caption("还没有人工审核记录。用 `jixiao serve --review` 启动看板后，可在报告详情中更正、补充或确认事实。")
else:
    left, right = st.columns(2)
    with left:
        st.caption("按抽取规则")
        ui.table(by_rule.rename(columns={"dim_value": "extraction_method"}), "quality_corrections_rule",
                 "人工审核_按规则", link=False)
    with right:
        st.caption("按事实")
        ui.table(by_fact.rename(columns={"dim_value": "fact_label_zh"}), "quality_corrections_fact",
                 "人工审核_按事实", link=False)

st.subheader("逐份报告")
only = st.toggle("只看有问题的报告", value=True, key="quality_only_issues")
ui.table(queries.quality_reports(f, only_issues=only), "quality_reports", "数据质量_逐份报告",
         columns=["file_name", "department_name", "fiscal_year", "extraction_status", "fact_count",
                  "missing_key_fact_count", "missing_key_facts", "finding_count", "finding_rules",
                  "unit_corrected_fact_count", "indicator_score_count", "problem_count", "is_superseded"])

st.subheader("导入失败的文件")
errors = queries.load_errors()
if errors.empty:
    st.success("没有导入失败的文件。")
else:
    ui.table(errors, "quality_errors", "导入失败", link=False)
