"""Tables with Chinese headers and formats (from marts.dim_column_label and dim_value_label), a link
to 报告详情 on each row, and CSV and Excel downloads."""
from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboards.queries import filters as scope
from dashboards.queries.labels import column_labels, value_labels
from dashboards.ui.sidebar import filter_params, filters

REPORT_PAGE = "report"   # url_path of 报告详情

# Column labels and formats, shared by every table (and the downloads' headers).


def report_url(report_id: str, f: scope.Filters | None = None) -> str:
    """A link to 报告详情 for one report, keeping the sidebar filters."""
    params = filter_params(f or filters())
    params["report"] = report_id
    return f"{REPORT_PAGE}?{urlencode(params)}"


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col, labels in value_labels().items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=labels: m.get(v, v) if isinstance(v, str) else v)
    return out


def _download_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = _labelled(df.drop(columns=["report_link"], errors="ignore"))
    labels = column_labels()
    return out.rename(columns={c: labels[c][0] for c in out.columns if c in labels})


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
    labels = column_labels()
    for c in show:
        if c in labels and c not in config:
            label, fmt = labels[c]
            dtype = shown[c].dtype
            if pd.api.types.is_bool_dtype(dtype):
                config[c] = st.column_config.CheckboxColumn(label)
            elif pd.api.types.is_datetime64_any_dtype(dtype):
                config[c] = st.column_config.DatetimeColumn(
                    label, format="YYYY-MM-DD" if c == "report_date" else "YYYY-MM-DD HH:mm")
            elif fmt and pd.api.types.is_numeric_dtype(dtype):
                config[c] = st.column_config.NumberColumn(label, format=fmt)
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
