"""总览: how many reports, from where and when; the headline figures; the latest reports and problems."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import overview as queries

f = ui.page("总览", "已导入的部门整体支出绩效自评报告：数量、地区与年度覆盖、主要指标与最新发现。")


def coverage_tile(head: dict) -> tuple[str, str, str]:
    """有报告的地区 / 范围内地区总数: the units under the province in view, or the provinces."""
    province = head["focus_province"]
    covered = head["areas"] if province else head["provinces"]
    help_text = (f"有报告的地区 / {province}下辖的地级单位（直辖市为区县）总数。" if province
                 else "有报告的省份 / 全国省份总数。")
    return (f"{head['area_label']}覆盖", f"{ui.num(covered)} / {head['areas_total']}", help_text)


head = queries.overview_headline(f)
st.caption(f"范围：{ui.describe(f)}")
if not head.get("department_years"):
    ui.nothing()
    st.stop()
ui.metrics([
    ("报告", ui.num(head["reports"], unit="份"), "导入的报告文件数，含被重发报告取代的。"),
    ("部门", ui.num(head["departments"], unit="个"), None),
    coverage_tile(head),
    ("年度", f"{head['first_year']}–{head['last_year']}" if head["first_year"] else "—", None),
    ("平均自评得分", ui.num(head["average_score"], 1, "分"), f"有得分的 {ui.num(head['scored'])} 个部门年度的平均值。"),
])
ui.metrics([
    ("本年支出合计（万元）", ui.wan(head["expenditure_wan_yuan"]), None),
    ("“三公”经费实际（万元）", ui.wan(head["three_public_actual_wan_yuan"]), None),
    ("“三公”经费预算（万元）", ui.wan(head["three_public_budget_wan_yuan"]), None),
    ("“三公”超预算部门", ui.num(head["three_public_over_budget"], unit="个"), None),
    ("报告中的问题", ui.num(head["problems"], unit="条"), None),
])

left, right = st.columns(2)
with left:
    by_group = queries.reports_by_year_group(f)
    ui.chart(charts.reports_by_year(by_group, "区域" if head["focus_province"] else "省份"))
    st.caption("每个部门每年度计一份（重发报告只计最新一份）；不受年度筛选影响。")
with right:
    ui.chart(charts.coverage_heatmap(queries.coverage_by_area_year(f), "地区" if head["focus_province"] else "省份"))

st.subheader("最新报告")
ui.table(queries.recent_reports(f), "overview_recent", "最新报告",
         columns=["department_name", "fiscal_year", "province", "prefecture", "self_score", "grade", "problem_count",
                  "finding_count", "missing_key_fact_count", "report_date"])

st.subheader("最新发现的问题")
ui.table(queries.recent_problems(f), "overview_problems", "最新问题",
         columns=["department_name", "fiscal_year", "problem_category", "problem_text"])
