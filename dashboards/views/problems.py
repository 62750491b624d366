"""问题分析: problem categories as a heat map (category × prefecture, year, region or kind), and the
problem texts behind a cell (click it, or pick it below)."""
import altair as alt
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import problems as queries

f = ui.page("问题分析", "报告“存在的问题”按类别归类：哪些问题在哪些地区、哪些年度集中出现，以及问题原文。")

dim = st.segmented_control("按什么分组", list(queries.DIMENSIONS), key="problems_dim", bind="query-params",
                           default="prefecture", format_func=lambda d: queries.DIMENSIONS[d][1]) or "prefecture"
dim_title = queries.DIMENSIONS[dim][1]
if dim == "fiscal_year":
    st.caption("按年度分组时不受年度筛选影响。")

cells = queries.problem_heatmap(f, dim)
if cells.empty:
    ui.nothing("当前筛选条件下，报告中没有归类的问题。")
    st.stop()
categories = list(cells.sort_values("category_order")["problem_category"].drop_duplicates())
values = sorted(cells["dim_value"].unique())


def _select_cell() -> None:
    picked = st.session_state["problems_heatmap"].selection.get("cell") or []
    if picked:
        st.session_state["problems_category"] = picked[0].get("problem_category")
        st.session_state["problems_value"] = picked[0].get("dim_value")


cell = alt.selection_point(name="cell", fields=["dim_value", "problem_category"])
ui.chart(charts.problem_heatmap(cells, dim_title, cell), key="problems_heatmap", on_select=_select_cell,
         selection_mode="cell")

left, right = st.columns([2, 3])
with left:
    ui.chart(charts.problem_categories(queries.problem_categories(f if dim != "fiscal_year" else f.without_year())))
with right:
    st.subheader("问题原文")
    category = st.selectbox("问题类别", [None, *categories], key="problems_category", bind="query-params",
                            format_func=lambda v: "全部类别" if v is None else v)
    value = st.selectbox(dim_title, [None, *values], key="problems_value", bind="query-params",
                         format_func=lambda v: f"全部{dim_title}" if v is None else v)
    st.caption("点击热力图中的格子，或在这里选择类别与分组，下表列出对应的问题原文。")
texts = queries.problem_texts(f, dim, value, category)
ui.table(texts, "problems_texts", "问题原文",
         columns=["department_name", "prefecture", "fiscal_year", "problem_category", "problem_text"])
