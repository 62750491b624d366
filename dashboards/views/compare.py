"""部门对比: one year, one peer group (the sidebar filters): scores ranked, spending structure, 三公 control."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import compare as queries

f = ui.page("部门对比", "同一年度、同一组同行（行政层级、地级市、区域、部门类别，见左侧筛选）之间比较。")
year = ui.year_or_default(f)
f = f.with_year(year)

c1, c2, c3 = st.columns([2, 1, 1])
sort = c1.selectbox("表格排序", list(queries.SORTS), key="compare_sort", bind="query-params",
                    format_func=lambda k: queries.SORTS[k][1])
top_n = c2.selectbox("图中显示部门数", [20, 30, 50, 100], key="compare_n", bind="query-params")
as_share = c3.toggle("支出结构按占比", value=True, key="compare_share")

peers = queries.peers(f, sort)
if peers.empty:
    ui.nothing()
    st.stop()
s = queries.peer_summary(f)
st.caption(f"同行组：{ui.describe(f)}，共 {len(peers):,} 个部门。")
ui.metrics([
    ("部门数", ui.num(s["departments"], unit="个"), None),
    ("平均自评得分", ui.num(s["average_score"], 2, "分"), None),
    ("得分中位数", ui.num(s["median_score"], 1, "分"), None),
    ("平均预算执行率", ui.pct_value(s["average_execution_rate_pct"]), None),
    ("“三公”超预算", ui.num(s["three_public_over_budget"], unit="个"), None),
])

shown = peers.sort_values(["self_score", "department_name"], ascending=[False, True]).head(top_n)
if len(peers) > top_n:
    st.caption(f"图中显示得分最高的 {top_n} 个部门；完整名单见下表。")
order = list(shown["department_name"])
ui.chart(charts.score_ranking(shown, s["average_score"]))
left, right = st.columns(2)
with left:
    ui.chart(charts.spending_structure(shown, as_share, sort=order))
with right:
    ui.chart(charts.three_public_bars(shown, sort=order))

st.subheader("同行明细")
ui.table(peers, "compare_peers", f"部门对比_{year}",
         columns=["department_name", "prefecture", "county", "admin_level", "self_score", "grade", "peer_rank",
                  "peer_count", "execution_rate_pct", "expenditure_total_wan_yuan", "basic_share", "project_share",
                  "three_public_budget_wan_yuan", "three_public_actual_wan_yuan", "three_public_actual_to_budget",
                  "is_three_public_within_budget", "flag_count", "flag_labels_zh"])
