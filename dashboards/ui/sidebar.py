"""The sidebar's filters, bound to the URL (`bind="query-params"`): a view can be shared by its link,
and a value from the URL is accepted only if it is one of the widget's options (read from the marts),
so nothing typed into a URL reaches SQL except as one of those options, and then as a parameter.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboards import db
from dashboards.queries import filters as scope
from dashboards.queries.labels import value_labels

FILTER_KEYS = ("province", "prefecture", "county", "region", "nbs", "level", "kind", "year")


ALL = "全部"


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
    level = pick("行政层级", "level", options["admin_level"], fmt=lambda v: value_labels().get("admin_level", {}).get(v, v))
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
           "nbs": f.nbs_region, "level": value_labels().get("admin_level", {}).get(f.admin_level) if f.admin_level else None,
           "kind": f.kind, "year": f.year}
    return {k: str(v) for k, v in out.items() if v is not None}


def describe(f: scope.Filters, year: int | None = None) -> str:
    """The filters in words, for captions: "2024年度 · 某省 · 某市 · 县级"."""
    y = year if year is not None else f.year
    parts = [f"{y}年度" if y else "全部年度", f.province, f.prefecture, f.county, f.region, f.nbs_region,
             value_labels().get("admin_level", {}).get(f.admin_level) if f.admin_level else None, f.kind]
    return " · ".join(p for p in parts if p)
