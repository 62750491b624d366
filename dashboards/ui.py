"""Pieces every page shares: the sidebar filters (kept in the URL), the empty state, tables with
CSV and Excel downloads, number formatting and links to 报告详情.

Filter widgets are bound to the URL (`bind="query-params"`): a view can be shared by its link, and a
value from the URL is accepted only if it is one of the widget's options (read from the marts), so
nothing typed into a URL reaches SQL except as one of those options, and then as a parameter.
"""
from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboards import db
from dashboards.queries import filters as scope

FILTER_KEYS = ("province", "prefecture", "county", "region", "nbs", "level", "kind", "year")
ALL = "全部"
REPORT_PAGE = "report"   # url_path of 报告详情

# Column labels and formats, shared by every table (and the downloads' headers).
_WAN = {"format": "accounting"}
COLUMNS: dict[str, tuple[str, dict[str, Any]]] = {
    "department_name": ("部门", {}),
    "prefecture": ("地级市", {}),
    "county": ("县（市、区）", {}),
    "province": ("省份", {}),
    "region": ("省内区域", {}),
    "nbs_region": ("四大地区", {}),
    "admin_level": ("层级", {}),
    "department_kind": ("部门类别", {}),
    "fiscal_year": ("年度", {"format": "%d"}),
    "self_score": ("自评得分（分）", {"format": "%.1f"}),
    "grade": ("等级", {}),
    "peer_rank": ("同级名次", {"format": "%d"}),
    "peer_count": ("同级部门数", {"format": "%d"}),
    "peer_average_score": ("同级平均分（分）", {"format": "%.2f"}),
    "execution_rate_pct": ("预算执行率（%）", {"format": "%.2f"}),
    "income_total_wan_yuan": ("本年收入（万元）", _WAN),
    "expenditure_total_wan_yuan": ("本年支出（万元）", _WAN),
    "expenditure_basic_wan_yuan": ("基本支出（万元）", _WAN),
    "expenditure_personnel_wan_yuan": ("人员经费（万元）", _WAN),
    "expenditure_public_wan_yuan": ("日常公用经费（万元）", _WAN),
    "expenditure_basic_other_wan_yuan": ("基本支出未细分（万元）", _WAN),
    "expenditure_project_wan_yuan": ("项目支出（万元）", _WAN),
    "basic_share": ("基本支出占比", {"format": "percent"}),
    "project_share": ("项目支出占比", {"format": "percent"}),
    "personnel_share": ("人员经费占比", {"format": "percent"}),
    "public_share": ("公用经费占比", {"format": "percent"}),
    "three_public_budget_wan_yuan": ("“三公”预算（万元）", _WAN),
    "three_public_actual_wan_yuan": ("“三公”实际（万元）", _WAN),
    "three_public_actual_to_budget": ("“三公”实际÷预算", {"format": "percent"}),
    "three_public_excess_wan_yuan": ("“三公”超支（万元）", _WAN),
    "is_three_public_within_budget": ("“三公”在预算内", {}),
    "three_public_actual_yoy_change": ("“三公”较上年", {"format": "percent"}),
    "three_public_expenditure_share": ("“三公”占本年支出", {"format": "percent"}),
    "three_public_over_budget": ("“三公”超预算部门数", {"format": "%d"}),
    "public_funds_budget_wan_yuan": ("公用经费预算（万元）", _WAN),
    "public_funds_actual_wan_yuan": ("公用经费决算（万元）", _WAN),
    "public_funds_actual_to_budget": ("公用经费实际÷预算", {"format": "percent"}),
    "is_public_funds_within_budget": ("公用经费在预算内", {}),
    "departments": ("部门数", {"format": "%d"}),
    "scored": ("有得分部门数", {"format": "%d"}),
    "over_budget": ("超预算部门数", {"format": "%d"}),
    "score_source": ("得分来源", {}),
    "problem_category": ("问题类别", {}),
    "problem_text": ("问题原文", {}),
    "problem_count": ("问题（条）", {"format": "%d"}),
    "finding_count": ("校验发现（条）", {"format": "%d"}),
    "error_finding_count": ("错误级发现", {"format": "%d"}),
    "missing_key_fact_count": ("缺失关键事实数", {"format": "%d"}),
    "missing_key_facts": ("缺失的关键事实", {}),
    "finding_rules": ("发现涉及的规则", {}),
    "unit_corrected_fact_count": ("单位更正数", {"format": "%d"}),
    "indicator_score_count": ("指标得分条数", {"format": "%d"}),
    "fact_count": ("事实数", {"format": "%d"}),
    "file_name": ("文件名", {}),
    "extraction_status": ("抽取状态", {}),
    "is_superseded": ("已被取代", {}),
    "is_unassigned": ("未归入部门", {}),
    "report_date": ("填报日期", {}),
    "ingested_at": ("导入时间", {}),
    "fact_label_zh": ("事实", {}),
    "display_value": ("数值", {"format": "%.2f"}),
    "display_unit": ("单位", {}),
    "unit_stated": ("原文单位", {}),
    "is_unit_corrected": ("单位已更正", {}),
    "has_conflicting_values": ("存在冲突值", {}),
    "quote": ("原文", {}),
    "section": ("章节", {}),
    "page": ("页码", {"format": "%d"}),
    "char_start": ("起始偏移", {"format": "%d"}),
    "char_end": ("结束偏移", {"format": "%d"}),
    "extraction_method": ("抽取规则", {}),
    "confidence": ("置信度", {"format": "%.2f"}),
    "indicator_seq": ("序号", {"format": "%d"}),
    "indicator_name": ("指标", {}),
    "max_score": ("分值（分）", {"format": "%.2f"}),
    "score": ("得分（分）", {"format": "%.2f"}),
    "deduction": ("扣分（分）", {"format": "%.2f"}),
    "score_rate": ("得分率", {"format": "percent"}),
    "has_deduction": ("有扣分", {}),
    "rule_id": ("规则编号", {}),
    "rule_label": ("规则", {}),
    "severity": ("严重程度", {}),
    "message": ("说明", {}),
    "fact_keys": ("涉及事实", {}),
    "error_kind": ("错误类型", {}),
    "occurred_at": ("发生时间", {}),
    "source_path": ("文件路径", {}),
    "dim_value": ("分组", {}),
    "problems": ("问题（条）", {"format": "%d"}),
    "department_years_with": ("涉及部门年度", {"format": "%d"}),
    "department_years": ("部门年度数", {"format": "%d"}),
    "share_of_department_years": ("占部门年度", {"format": "percent"}),
    "fact_group": ("分组", {}),
    "coverage": ("覆盖率", {"format": "percent"}),
    "reports_with": ("找到的报告（份）", {"format": "%d"}),
    "reports": ("报告（份）", {"format": "%d"}),
    "findings": ("发现（条）", {"format": "%d"}),
    "is_key": ("关键事实", {}),
    "report_link": ("报告详情", {}),
    "flag_count": ("可信度标记（个）", {"format": "%d"}),
    "high_severity_flag_count": ("高严重度标记", {"format": "%d"}),
    "flag_labels_zh": ("可信度标记", {}),
    "flag_sentences_zh": ("标记说明", {}),
    "sentence_zh": ("说明", {}),
    "corrections": ("更正（条）", {"format": "%d"}),
    "confirmations": ("确认（条）", {"format": "%d"}),
    "is_corrected": ("人工更正", {}),
    "fact_value_extracted": ("提取值", {"format": "%.2f"}),
    "reviewer": ("审核人", {}),
}
VALUE_LABELS = {
    "admin_level": scope.ADMIN_LEVELS,
    "score_source": {"own_report": "本年度报告", "later_report": "其后报告追述"},
    "severity": {"error": "错误", "warning": "警告", "correction": "已更正", "high": "高", "medium": "中", "low": "低"},
    "extraction_status": {"ok": "完整", "partial": "部分", "failed": "失败"},
    "fact_group": {"amounts": "金额", "rates": "比率", "headcount": "人数", "meta": "基本信息"},
}


# --------------------------------------------------------------------------------------------------
# Sidebar filters

def sidebar_filters() -> scope.Filters:
    """The shared filters in the sidebar, bound to the URL: the province first, then the places under
    it, the region, level, kind and year. Returns the current Filters."""
    st.sidebar.markdown("### 筛选")
    try:
        options = scope.filter_options()
    except db.NoMarts:
        st.sidebar.caption("尚无可筛选的数据。")
        return scope.Filters()

    def pick(label: str, key: str, values: list, fmt: Callable[[Any], str] = str, help: str | None = None):
        return st.sidebar.selectbox(label, [None, *values], key=key, bind="query-params", help=help,
                                    format_func=lambda v: ALL if v is None else fmt(v))

    def under(name: str, province: str | None, prefecture: str | None = None) -> list:
        return list(dict.fromkeys(v for v, prov, pref in options[name]
                                  if (province is None or prov == province)
                                  and (prefecture is None or pref == prefecture)))

    province = pick("省份", "province", options["province"], help="先选省份，其余筛选只列出该省的地区。")
    prefecture = pick("地级市", "prefecture", under("prefecture", province))
    county = pick("县（市、区）", "county", under("county", province, prefecture))
    regions = under("region", province)
    region = pick("省内区域", "region", regions) if regions else None
    nbs_region = pick("四大地区", "nbs", options["nbs_region"]) if len(options["nbs_region"]) > 1 else None
    level = pick("行政层级", "level", options["admin_level"], fmt=lambda v: scope.ADMIN_LEVELS.get(v, v))
    kind = pick("部门类别", "kind", options["kind"])
    year = pick("年度", "year", options["year"], help="评价年度；对比类页面未选年度时显示报告最多的年度。")
    f = scope.Filters(year=year, province=province, prefecture=prefecture, county=county, region=region,
                      nbs_region=nbs_region, admin_level=level, kind=kind)
    st.session_state["filters"] = f
    if not f.is_empty():
        st.sidebar.button("清除筛选", on_click=_clear_filters, width="stretch")
    st.sidebar.caption("筛选条件保存在网址中，复制网址即可分享当前视图。")
    return f


def _clear_filters() -> None:
    for k in FILTER_KEYS:
        st.session_state[k] = None


def filters() -> scope.Filters:
    """The filters chosen in the sidebar (set by app.py on every run)."""
    return st.session_state.get("filters") or scope.Filters()


def filter_params(f: scope.Filters) -> dict[str, str]:
    """The filters as the URL writes them (what the bound widgets put there)."""
    out = {"province": f.province, "prefecture": f.prefecture, "county": f.county, "region": f.region,
           "nbs": f.nbs_region, "level": scope.ADMIN_LEVELS.get(f.admin_level) if f.admin_level else None,
           "kind": f.kind, "year": f.year}
    return {k: str(v) for k, v in out.items() if v is not None}


def describe(f: scope.Filters, year: int | None = None) -> str:
    """The filters in words, for captions: "2024年度 · 某省 · 某市 · 县级"."""
    y = year if year is not None else f.year
    parts = [f"{y}年度" if y else "全部年度", f.province, f.prefecture, f.county, f.region, f.nbs_region,
             scope.ADMIN_LEVELS.get(f.admin_level) if f.admin_level else None, f.kind]
    return " · ".join(p for p in parts if p)


# --------------------------------------------------------------------------------------------------
# Page frame

def page(title: str, caption: str) -> scope.Filters:
    """Title and caption of a page; stops with the empty state when no build is published yet."""
    st.title(title)
    st.caption(caption)
    state = db.status()
    if state != "ok":
        empty_state(state)
        st.stop()
    return filters()


def empty_state(state: str) -> None:
    path = db.marts_file()
    if state == "missing":
        st.info(f"还没有可展示的数据：未找到已发布的数据文件 `{path}`。")
    else:
        st.warning(f"数据文件 `{path}` 中没有完整的分析表（schema `marts`），可能来自旧版本的构建。")
    st.markdown(
        "请先导入报告并构建分析表，然后刷新本页：\n\n"
        "```bash\n"
        "jixiao ingest data/reports      # 导入报告（txt、pdf、docx、html）\n"
        "jixiao build                    # 构建分析表并发布\n"
        "```\n\n"
        "或一次完成（样例报告）：`jixiao demo`。构建期间看板继续显示上一次完成的构建。")


def year_or_default(f: scope.Filters) -> int | None:
    """The chosen year, else the year with the most reports (with a caption saying so)."""
    if f.year is not None:
        return f.year
    y = scope.default_year(f)
    if y is not None:
        st.caption(f"未选择年度，显示报告最多的年度：**{y}年度**（可在左侧筛选中更改）。")
    return y


def nothing(message: str = "当前筛选条件下没有数据。") -> None:
    st.info(message + "可在左侧调整筛选条件。")


# --------------------------------------------------------------------------------------------------
# Numbers

def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def wan(v: Any) -> str:
    """An amount in 万元, without the unit (labels carry it): two places, whole 万元 from 10,000 on."""
    if _missing(v):
        return "—"
    return f"{float(v):,.0f}" if abs(float(v)) >= 10000 else f"{float(v):,.2f}"


def pct(v: Any, digits: int = 1) -> str:
    """A fraction as percent."""
    return "—" if _missing(v) else f"{float(v) * 100:.{digits}f}%"


def pct_value(v: Any, digits: int = 2) -> str:
    """A value already in percent."""
    return "—" if _missing(v) else f"{float(v):.{digits}f}%"


def num(v: Any, digits: int = 0, unit: str = "") -> str:
    if _missing(v):
        return "—"
    s = f"{float(v):,.{digits}f}"
    return f"{s} {unit}".rstrip()


def metrics(items: list[tuple[str, str, str | None]], columns: int | None = None) -> None:
    """A row of st.metric: (label, formatted value, help)."""
    cols = st.columns(columns or len(items))
    for i, (label, value, help_text) in enumerate(items):
        cols[i % len(cols)].metric(label, value, help=help_text)


# --------------------------------------------------------------------------------------------------
# Tables

def report_url(report_id: str, f: scope.Filters | None = None) -> str:
    """A link to 报告详情 for one report, keeping the sidebar filters."""
    params = filter_params(f or filters())
    params["report"] = report_id
    return f"{REPORT_PAGE}?{urlencode(params)}"


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col, labels in VALUE_LABELS.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=labels: m.get(v, v) if isinstance(v, str) else v)
    return out


def _download_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = _labelled(df.drop(columns=["report_link"], errors="ignore"))
    return out.rename(columns={c: COLUMNS[c][0] for c in out.columns if c in COLUMNS})


def to_csv(df: pd.DataFrame) -> bytes:
    return _download_frame(df).to_csv(index=False).encode("utf-8-sig")   # BOM: Excel opens it as UTF-8


def to_excel(df: pd.DataFrame, sheet: str = "数据") -> bytes:
    out = _download_frame(df)
    for c in out.columns:   # Excel has no time zones
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.tz_localize(None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xl:
        out.to_excel(xl, sheet_name=sheet[:31], index=False)
        ws = xl.sheets[sheet[:31]]
        for i, c in enumerate(out.columns):
            ws.set_column(i, i, min(60, max(10, len(str(c)) * 2 + 2)))
        ws.freeze_panes(1, 0)
    return buf.getvalue()


def table(df: pd.DataFrame, key: str, file_stem: str, *, columns: list[str] | None = None,
          link: bool = True, height: int | str = "auto", on_select: Callable[[], None] | None = None) -> Any:
    """st.dataframe with Chinese headers and formats, a 报告详情 link column, CSV and Excel downloads.

    `columns`: the columns to show, in order (all when None); report_id is never shown but is kept in
    the downloads. Sorting: click a column header. `on_select`: a callback for a row selection.
    """
    shown = _labelled(df)
    show = list(columns or [c for c in df.columns if c not in ("report_id", "department_id")])
    config: dict[str, Any] = {}
    if link and "report_id" in df.columns:
        f = filters()
        shown["report_link"] = [report_url(r, f) if isinstance(r, str) else None for r in df["report_id"]]
        show.insert(show.index("department_name") + 1 if "department_name" in show else 0, "report_link")
        config["report_link"] = st.column_config.LinkColumn("报告", display_text="查看报告", width="small",
                                                            help="打开这份报告的详情：每个数字及其原文出处")
    for c in show:
        if c in COLUMNS and c not in config:
            label, kw = COLUMNS[c]
            dtype = shown[c].dtype
            if pd.api.types.is_bool_dtype(dtype):
                config[c] = st.column_config.CheckboxColumn(label)
            elif pd.api.types.is_datetime64_any_dtype(dtype):
                config[c] = st.column_config.DatetimeColumn(
                    label, format="YYYY-MM-DD" if c == "report_date" else "YYYY-MM-DD HH:mm")
            elif "format" in kw and pd.api.types.is_numeric_dtype(dtype):
                config[c] = st.column_config.NumberColumn(label, format=kw["format"])
            else:
                config[c] = st.column_config.Column(label)
                if not pd.api.types.is_numeric_dtype(dtype):
                    shown[c] = shown[c].astype("object").where(shown[c].notna(), "—")
    event = st.dataframe(shown, column_order=show, column_config=config, hide_index=True, width="stretch",
                         height=height, key=f"{key}_table", **({"on_select": on_select, "selection_mode": "single-row"}
                                                                if on_select else {}))
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.download_button("CSV", data=lambda: to_csv(df), file_name=f"{file_stem}.csv", mime="text/csv",
                           key=f"{key}_csv", icon=":material/download:", on_click="ignore", help="下载 CSV（UTF-8）")
        st.download_button("Excel", data=lambda: to_excel(df), file_name=f"{file_stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", icon=":material/download:", on_click="ignore", help="下载 Excel")
        st.caption(f"共 {len(df):,} 行。点击列名可排序。")
    return event


def chart(ch, key: str | None = None, **kwargs):
    return st.altair_chart(ch, width="stretch", key=key, **kwargs)


def chart_if(df: pd.DataFrame, columns: list[str], ch, title: str, missing: str) -> None:
    """The chart if any of `columns` has a value, else its title and a note of what the reports do not state."""
    present = [c for c in columns if c in df.columns]
    if present and df[present].fillna(0).ne(0).any().any():
        chart(ch)
    else:
        st.markdown(f"**{title}**")
        st.info(missing)


# --------------------------------------------------------------------------------------------------
# Quotes in the report text

def locate(text: str, quote: str | None, start: Any, end: Any) -> tuple[int, int, bool] | None:
    """Where `quote` is in `text`: (start, end, offsets_exact). The stored offsets are trusted only if
    text[start:end] == quote; otherwise the quote is searched for (nearest to the stored start)."""
    if not text or not quote:
        return None
    if not _missing(start) and not _missing(end):
        s, e = int(start), int(end)
        if 0 <= s < e <= len(text) and text[s:e] == quote:
            return s, e, True
    hits, i = [], text.find(quote)
    while i >= 0:
        hits.append(i)
        i = text.find(quote, i + 1)
    if not hits:
        return None
    anchor = 0 if _missing(start) else int(start)
    s = min(hits, key=lambda h: abs(h - anchor))
    return s, s + len(quote), False


def _escape(t: str) -> str:
    import html
    return html.escape(t).replace("\n", "<br>")


TEXT_STYLE = ("font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:15px;line-height:1.9;"
              "padding:12px 16px;border:1px solid #e0e0e0;border-radius:6px;background:#fafafa;")
MARK = "background:#ffe082;padding:0 2px;border-radius:2px;"
FOCUS = "background:#ff7043;color:#fff;padding:0 2px;border-radius:2px;"


def quote_in_context(text: str, span: tuple[int, int], width: int = 160) -> str:
    """HTML: the quote highlighted with `width` characters of text either side."""
    s, e = span
    a, b = max(0, s - width), min(len(text), e + width)
    return (f"<div style=\"{TEXT_STYLE}\">{'…' if a else ''}{_escape(text[a:s])}"
            f"<mark style=\"{FOCUS}\">{_escape(text[s:e])}</mark>{_escape(text[e:b])}{'…' if b < len(text) else ''}</div>")


def text_with_marks(text: str, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None = None) -> str:
    """HTML: the whole text with every (start, end, title) span highlighted, overlaps skipped."""
    out, pos = [], 0
    for s, e, title in sorted(spans):
        if s < pos:
            continue
        style = FOCUS if focus == (s, e) else MARK
        out.append(_escape(text[pos:s]))
        out.append(f"<mark title=\"{_escape(str(title))}\" style=\"{style}\">{_escape(text[s:e])}</mark>")
        pos = e
    out.append(_escape(text[pos:]))
    return f"<div style=\"{TEXT_STYLE}max-height:520px;overflow-y:auto;\">{''.join(out)}</div>"


def flag_with_quotes(flag: Any) -> None:
    """One credibility flag: its sentence, then the two quotes that prove it side by side."""
    st.markdown(f"**{_escape(flag.rule_label)}**（{VALUE_LABELS['severity'].get(flag.severity, flag.severity)}）："
                f"{_escape(flag.sentence_zh)}")
    left, right = st.columns(2)
    for column, quote in ((left, flag.quote_a), (right, flag.quote_b)):
        with column:
            if isinstance(quote, str) and quote:
                st.html(f"<div style=\"{TEXT_STYLE}\"><mark style=\"{MARK}\">{_escape(quote)}</mark></div>")
            else:
                st.caption("（原文未定位）")
