"""The frame of a page: title and caption, the empty state before a first build, the default year,
the "nothing under these filters" note, rows of metrics and charts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import db
from dashboards.queries import filters as scope
from dashboards.ui.sidebar import filters


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


def metrics(items: list[tuple[str, str, str | None]], columns: int | None = None) -> None:
    """A row of st.metric: (label, formatted value, help)."""
    cols = st.columns(columns or len(items))
    for i, (label, value, help_text) in enumerate(items):
        cols[i % len(cols)].metric(label, value, help=help_text)


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
