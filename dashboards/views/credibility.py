"""自评可信度: where a report's own facts do not support its self score. Departments ranked by flags;
each flag with the two quotes that prove it, side by side, and a link to 报告详情."""
import streamlit as st

from dashboards import charts, ui
from dashboards.queries import credibility as queries

f = ui.page("自评可信度", "报告自身的事实不支持其自评得分之处：高分低执行、满分指标与自认问题矛盾、等级与得分不符等。"
                       "规则与阈值见 seeds/credibility_rules.csv。")
if not queries.available():
    st.info("当前构建没有可信度数据表，请重新运行 `jixiao build`。")
    st.stop()

s = queries.summary(f)
st.caption(f"范围：{ui.describe(f)}。")
ui.metrics([
    ("部门年度", ui.num(s["department_years"], unit="个"), None),
    ("有可信度标记", ui.num(s["flagged"], unit="个"), f"占 {ui.pct(s['flagged_share'])}。"),
    ("有高严重度标记", ui.num(s["flagged_high"], unit="个"), "高分低执行、执行率指标满分但未达目标、超预算但成本指标满分。"),
    ("标记总数", ui.num(s["flags"], unit="条"), None),
])

by_rule = queries.flags_by_rule(f)
if by_rule.empty:
    st.success("当前筛选范围内没有可信度标记。")
    st.stop()
ui.chart(charts.flags_by_rule(by_rule))

st.subheader("按标记数排列的部门")
ranked = queries.ranking(f)
ui.table(ranked, "credibility_ranking", "自评可信度",
         columns=["department_name", "fiscal_year", "prefecture", "county", "self_score", "grade",
                  "execution_rate_pct", "flag_count", "high_severity_flag_count", "flag_labels_zh"])

st.subheader("标记与原文")
top = st.selectbox("展开的部门数", [10, 20, 50], key="credibility_top")
shown = ranked.head(top)
details = queries.flags(f, list(shown["department_id"].unique()))
for row in shown.itertuples():
    own = details[(details["department_id"] == row.department_id) & (details["fiscal_year"] == row.fiscal_year)]
    with st.expander(f"{row.department_name} · {row.fiscal_year}年度 · {row.flag_count} 个标记"
                     f"（自评 {ui.num(row.self_score, 1, '分')}）"):
        st.page_link(f"views/{ui.REPORT_PAGE}.py", label="在报告详情中查看全文与全部事实",
                     icon=":material/description:", query_params={**ui.filter_params(f), "report": row.report_id})
        for flag in own.itertuples():
            ui.flag_with_quotes(flag)
