"""报告详情: one report: every fact with its quote, the quote highlighted in the report text, the
indicator scores, the problems and what validation found. Other pages link here with ?report=<id>."""
import streamlit as st

from dashboards import charts, review, ui
from dashboards.queries import credibility, filters
from dashboards.queries import report as queries

f = ui.page("报告详情", "一份报告抽取出的全部事实及其原文出处、指标得分、问题与校验发现。")

# The report in the URL (a link from another page) selects the department and the report below.
url_report = st.query_params.get("report")
linked = queries.report_info(url_report) if queries.is_report_id(url_report) else {}
if url_report and not linked:
    st.warning("网址中的报告不存在（可能来自旧的构建），请在下方重新选择。")
if linked and url_report != st.session_state.get("report_current"):
    st.session_state["report_current"] = url_report
    if linked.get("department_id"):
        st.session_state["report_department"] = linked["department_id"]
        st.session_state["report_pick"] = url_report

depts = filters.departments(f)
names = dict(zip(depts["department_id"], depts["department_name"]))
if linked.get("department_id") and linked["department_id"] not in names:
    names[linked["department_id"]] = linked["department_name"]
if not names and not linked:
    ui.nothing()
    st.stop()



def _department_changed() -> None:
    st.session_state["report_dismissed"] = url_report   # the picked department's report replaces the linked one


c1, c2 = st.columns([3, 2])
dept = c1.selectbox("部门", list(names), key="report_department", format_func=lambda d: names.get(d, d),
                    persist_state="session", on_change=_department_changed)
rid = None
if linked and not linked.get("department_id") and url_report != st.session_state.get("report_dismissed"):
    rid = url_report   # linked from 数据质量: a report that belongs to no department-year
    c2.caption("网址中的报告未能归入部门（缺少部门名称或年度），以下为该报告。")
elif dept:
    reports = queries.department_reports(dept)
    labels = {r.report_id: f"{r.fiscal_year}年度 · {r.file_name}" + ("（已被取代）" if r.is_superseded else "")
              for r in reports.itertuples()}
    rid = c2.selectbox("报告", list(labels), key="report_pick", format_func=lambda r: labels.get(r, r),
                       persist_state="session")
if not rid:
    st.info("请选择一个部门。其他页面表格中的“查看报告”也会打开这里。")
    st.stop()
st.session_state["report_current"] = rid
st.query_params["report"] = rid

info = linked if rid == url_report else queries.report_info(rid)
facts = queries.report_facts(rid, info)
place = " · ".join(p for p in (info.get("province"), info.get("prefecture"), info.get("county"), info.get("region"))
                 if p)
st.subheader(f"{info.get('department_name') or info.get('department_name_stated') or '（未识别部门）'}"
             + (f" {info['fiscal_year']}年度" if info.get("fiscal_year") else "（年度不详）"))
st.caption(f"{place} · 文件 {info['file_name']} · 报告编号 {rid[:12]}…")
if info.get("is_superseded"):
    st.warning("本报告已被同一部门年度的重发报告取代，分析页面使用取代它的报告。")
    if info.get("superseded_by_report_id"):
        st.page_link(f"views/{ui.REPORT_PAGE}.py", label="查看取代它的报告", icon=":material/arrow_forward:",
                     query_params={**ui.filter_params(f), "report": info["superseded_by_report_id"]})
rank = f"第 {info['peer_rank']} / {info['peer_count']} 名" if info.get("peer_rank") else "—"
ui.metrics([
    ("自评得分", ui.num(info.get("self_score"), 1, "分"), None),
    ("等级", (info.get("grade") or "—") + ("（按得分推定）" if info.get("is_grade_derived") else ""),
     "报告未写明等级时，按总分推定（90 分及以上为优，80–90 为良，60–80 为中，60 以下为差）。"
     if info.get("is_grade_derived") else None),
    ("同级名次", rank, "同年度、同行政层级中按总分的名次。"),
    ("本年支出（万元）", ui.wan(info.get("expenditure_total_wan_yuan")), None),
    ("预算执行率", ui.pct_value(info.get("execution_rate_pct")), None),
    ("事实 / 缺失关键事实", f"{info['fact_count']} / {info['missing_key_fact_count']}", info.get("missing_key_facts_zh")),
], columns=3)

flags = credibility.report_flags(rid)
tabs = st.tabs(["事实与出处", "指标得分", "问题", "校验发现", f"自评可信度（{len(flags)}）"]
               + (["审核与更正"] if review.enabled() else []))
tab_facts, tab_scores, tab_problems, tab_findings, tab_credibility = tabs[:5]
with tab_facts:
    if facts.empty:
        st.info("这份报告没有抽取到金额、比率或人数。")
    else:
        if facts["fact_group"].eq("amounts").any():
            ui.chart(charts.report_amounts(facts))
        def _pick_fact() -> None:
            rows = st.session_state["report_facts_table"].selection.rows
            if rows:
                st.session_state["report_fact"] = facts.index[rows[0]]

        st.caption("选中表格中的一行，即在下方原文中定位该事实。")
        ui.table(facts, "report_facts", f"报告事实_{rid[:12]}", link=False, on_select=_pick_fact,
                 columns=["fact_label_zh", "display_value", "display_unit", "unit_stated", "is_unit_corrected",
                          "is_corrected", "quote", "section", "page", "extraction_method", "confidence"])
        text = queries.report_text(rid, info)
        st.markdown("#### 原文出处")
        pick = st.selectbox("事实", list(facts.index), key="report_fact",
                            format_func=lambda i: f"{facts.at[i, 'fact_label_zh']}：{facts.at[i, 'quote']}")
        row = facts.loc[pick]
        if text is None:
            st.info(f"原文句段：「{row['quote']}」（{row['section'] or '章节不详'}）。"
                    "本次构建未发布报告全文（publish_report_text 设为 false），无法在全文中定位；"
                                    "去掉该设置重新运行 `jixiao build` 即可。")
        else:
            span = ui.locate(text, row["quote"], row["char_start"], row["char_end"])
            if span is None:
                st.warning(f"在报告全文中找不到原文句段「{row['quote']}」。")
            else:
                if not span[2]:
                    st.caption("记录的偏移与原文不符，已按句段在全文中重新定位。")
                st.caption(f"章节：{row['section'] or '—'} · 字符 {span[0]}–{span[1]}")
                st.html(ui.quote_in_context(text, span[:2]))
                with st.expander("报告全文（高亮全部出处）"):
                    spans = [(s[0], s[1], lbl) for lbl, q, a, b in
                             facts[["fact_label_zh", "quote", "char_start", "char_end"]].itertuples(index=False)
                             if (s := ui.locate(text, q, a, b))]
                    st.html(ui.text_with_marks(text, spans, focus=span[:2]))
with tab_scores:
    indicators = queries.report_indicators(rid, info)
    if indicators.empty:
        st.info("这份报告没有抽取到指标得分。")
    else:
        if info.get("indicator_deductions"):
            st.caption(f"扣分指标：{info['indicator_deductions']}")
        ui.chart(charts.indicator_scores(indicators))
        ui.table(indicators, "report_indicators", f"指标得分_{rid[:12]}", link=False)
with tab_problems:
    problems = queries.report_problems(rid, info)
    if problems.empty:
        st.info("这份报告没有抽取到“存在的问题”。")
    else:
        ui.table(problems, "report_problems", f"问题_{rid[:12]}", link=False)
with tab_findings:
    findings = queries.report_findings(rid)
    if findings.empty:
        st.success("导入校验没有发现问题。")
    else:
        ui.table(findings, "report_findings", f"校验发现_{rid[:12]}", link=False,
                 columns=["rule_label", "severity", "message", "fact_keys", "quote", "rule_id"])
    if info.get("missing_key_facts"):
        st.caption(f"缺失的关键事实：{info['missing_key_facts_zh']}")
with tab_credibility:
    if flags.empty:
        st.success("报告自身的事实与其自评得分没有发现矛盾。")
    for flag in flags.itertuples():
        ui.flag_with_quotes(flag)
if review.enabled():
    with tabs[5]:
        review.form(rid, facts, info)
