"""三公经费与运行成本: “三公” budget against actual, who is over budget, ratios; 公用经费 beside it."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import three_public as queries

f = ui.page("三公经费与运行成本", "“三公”经费（因公出国（境）、公务用车购置及运行、公务接待）与公用经费：预算、实际与超支。")
year = ui.year_or_default(f)
fy = f.with_year(year)

s = queries.three_public_summary(fy)
if not s.get("departments"):
    ui.nothing()
    st.stop()
st.caption(f"范围：{ui.describe(fy)}。")
ui.metrics([
    ("有预算与实际的部门", f"{ui.num(s['with_both'])} / {ui.num(s['departments'])}", "同时写明“三公”预算数与实际支出数的部门。"),
    ("“三公”预算合计（万元）", ui.wan(s["budget"]), "只计同时写明预算与实际的部门。"),
    ("“三公”实际合计（万元）", ui.wan(s["actual"]), None),
    ("实际 ÷ 预算", ui.pct(s["actual"] / s["budget"] if s["budget"] else None), None),
    ("“三公”超预算部门", ui.num(s["over_budget"], unit="个"), None),
    ("公用经费超预算部门", ui.num(s["public_funds_over_budget"], unit="个"), None),
], columns=3)

left, right = st.columns(2)
with left:
    points = queries.three_public_points(fy)
    ui.chart(charts.budget_actual_scatter(points))
    if len(points) >= 2000:
        st.caption("图中为预算最大的 2,000 个部门。")
with right:
    ui.chart(charts.ratio_buckets(queries.three_public_ratio_buckets(fy)))

left, right = st.columns(2)
with left:
    by_place = queries.three_public_by_prefecture(fy)
    if not by_place.empty:
        ui.chart(charts.budget_actual_by(by_place.head(25), "prefecture", "地级市", "各地级市“三公”经费合计（万元）",
                                         horizontal=True))
with right:
    ui.chart(charts.budget_actual_by(queries.three_public_by_year(f), "fiscal_year", "年度",
                                     "历年“三公”经费合计（万元，不受年度筛选影响）"))

st.subheader("超预算的部门")
over = queries.over_budget(fy)
if over.empty:
    st.success("当前范围内没有“三公”经费或公用经费超过预算的部门。")
else:
    ui.table(over, "three_public_over", f"超预算部门_{year}",
             columns=["department_name", "prefecture", "fiscal_year", "three_public_budget_wan_yuan",
                      "three_public_actual_wan_yuan", "three_public_actual_to_budget", "three_public_excess_wan_yuan",
                      "public_funds_budget_wan_yuan", "public_funds_actual_wan_yuan", "public_funds_actual_to_budget"])

st.subheader("全部部门")
ui.table(queries.three_public_table(fy), "three_public_all", f"三公经费_{year}",
         columns=["department_name", "prefecture", "county", "three_public_budget_wan_yuan",
                  "three_public_actual_wan_yuan", "three_public_actual_to_budget", "is_three_public_within_budget",
                  "three_public_actual_yoy_change", "public_funds_budget_wan_yuan", "public_funds_actual_wan_yuan",
                  "public_funds_actual_to_budget", "three_public_expenditure_share"])
