"""趋势: one department, or the group under the sidebar filters, over the years."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import filters
from dashboards.queries import trend as queries

f = ui.page("趋势", "一个部门或一组部门历年的自评得分、收支规模、支出结构与“三公”经费。年度筛选在本页不适用。")

mode = st.radio("对象", ["单个部门", "整组"], key="trend_mode", bind="query-params", horizontal=True,
                help="整组：左侧筛选条件下的全部部门，得分取平均，金额取合计。")
if mode == "单个部门":
    depts = filters.departments(f)
    if depts.empty:
        ui.nothing()
        st.stop()
    names = dict(zip(depts["department_id"], depts["department_name"]))
    longest = int(depts["years"].fillna(0).to_numpy().argmax())   # default: the longest history
    dept = st.selectbox("部门", list(names), index=longest, key="trend_department", bind="query-params",
                        format_func=lambda d: names.get(d, d))
    df = queries.department_trend(dept)
    st.caption(f"{names[dept]}：{len(df)} 个年度。得分含其后报告追述的以往年度得分（灰色点）。")
else:
    df = queries.group_trend(f)
    st.caption(f"整组：{ui.describe(f.without_year()).replace('全部年度 · ', '') or '全部部门'}，"
               f"{int(df['departments'].sum()) if not df.empty else 0:,} 个部门年度。")
if df.empty:
    ui.nothing()
    st.stop()

group = mode == "整组"
structure = [c for c, _ in charts.STRUCTURE]
three_public = ["three_public_budget_wan_yuan", "three_public_actual_wan_yuan"]
money = {"income_total_wan_yuan": "本年收入", "expenditure_total_wan_yuan": "本年支出"}
left, right = st.columns(2)
with left:
    ui.chart_if(df, ["self_score"], charts.score_trend(df, group), "自评得分", "没有自评得分。")
    ui.chart_if(df, structure, charts.structure_by_year(df), "支出结构（万元）",
                "报告没有写明人员经费、公用经费或项目支出。")
with right:
    title = "收支规模（万元）" + ("，合计" if group else "")
    ui.chart_if(df, list(money), charts.money_trend(df, money, title), title, "报告没有写明收支总额。")
    ui.chart_if(df, three_public, charts.budget_actual_by(df, "fiscal_year", "年度", "“三公”经费：预算与实际（万元）"),
                "“三公”经费：预算与实际（万元）", "报告没有写明“三公”经费。")

st.subheader("历年明细")
cols = ["fiscal_year", "self_score"] + (["score_source"] if not group else ["departments", "scored"]) + [
    "execution_rate_pct", "income_total_wan_yuan", "expenditure_total_wan_yuan", "expenditure_personnel_wan_yuan",
    "expenditure_public_wan_yuan", "expenditure_project_wan_yuan", "three_public_budget_wan_yuan",
    "three_public_actual_wan_yuan", "three_public_actual_to_budget"]
ui.table(df, "trend_years", "趋势", columns=cols)
if not group:
    for row in df.dropna(subset=["report_id"]).itertuples():
        st.page_link(f"views/{ui.REPORT_PAGE}.py", label=f"{names[dept]} {row.fiscal_year}年度报告详情",
                     icon=":material/description:", query_params={**ui.filter_params(f), "report": row.report_id})
