"""Corrections by reviewers on 报告详情: correct a fact, mark it as not stated, add a missed one with its
quote, or confirm one. Only when the app was started with `jixiao serve --review` (still on 127.0.0.1).

The app never writes the warehouse or the marts: a correction is appended to the corrections file
(warehouse/corrections.py), checked and range-checked there, and applied by the next `jixiao build`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.queries.labels import fact_labels
from warehouse.corrections import ACTION_LABELS, CorrectionError, append, correctable_paths, latest, make_correction, read_all
from warehouse.paths import corrections_path, review_enabled

NEEDS_VALUE = ("correct", "add")


def enabled() -> bool:
    return review_enabled()


def _choices() -> dict[str, str]:
    labels = fact_labels()
    return {path: f"{labels.get(path.split('.', 1)[1], path)}（{path}）" for path in correctable_paths()}


def form(report_id: str, facts: pd.DataFrame, info: dict) -> None:
    """The review form for one report, and the reviews already recorded for it. `facts` and `info` give
    the values shown now, to echo beside a saved correction."""
    choices = _choices()
    extracted = {f"{g}.{k}": v for g, k, v in facts[["fact_group", "fact_key", "display_value"]].itertuples(index=False)}
    extracted |= {"meta.self_score": info.get("self_score"), "meta.grade": info.get("grade")}
    st.caption("审核结果保存在更正文件中（不改动数据仓库），下次运行 `jixiao build` 后在各页面生效；"
               "同一文件重新导入后仍然有效。")
    with st.form("review_form", clear_on_submit=True, enter_to_submit=False):
        path = st.selectbox("事实", list(choices), format_func=lambda p: choices[p], key="review_path")
        action = st.radio("操作", list(ACTION_LABELS), format_func=ACTION_LABELS.get, horizontal=True,
                          key="review_action")
        value = st.text_input("正确数值", key="review_value",
                              help="金额可写 1234.56万元、5,295,100元 或 1.2亿元（不写单位按万元）；比率写 58.48%；"
                                   "等级写 优 / 良 / 中 / 差。更正数值、补充遗漏时必填。")
        quote = st.text_area("报告原文句子", key="review_quote", help="补充遗漏的事实时必填：从报告中复制陈述它的句子。")
        note = st.text_input("说明", key="review_note")
        reviewer = st.text_input("审核人", key="review_reviewer")
        if st.form_submit_button("保存审核结果", type="primary"):
            _save(report_id, path, action, value, quote, note, reviewer, extracted.get(path))
    _recorded(report_id, choices)


def _save(report_id: str, path: str, action: str, value: str, quote: str, note: str, reviewer: str,
          extracted: object) -> None:
    try:
        correction = make_correction(report_id, path, action, value=value if action in NEEDS_VALUE else None,
                                     quote=quote, note=note, reviewer=reviewer)
        append(corrections_path(), [correction])
    except (CorrectionError, OSError) as e:
        st.error(f"未保存：{e}")
        return
    shown = correction.value_text or _plain(correction.value)
    st.success(f"已保存：{ACTION_LABELS[action]} {path} {shown}（提取值：{extracted if extracted is not None else '无'}）。"
               "下次 `jixiao build` 后生效。")


def _recorded(report_id: str, choices: dict[str, str]) -> None:
    try:
        in_force = [c for c in latest(read_all(corrections_path())).values() if c.report_id == report_id]
    except CorrectionError as e:
        st.error(str(e))
        return
    if not in_force:
        return
    st.markdown("##### 本报告已记录的审核")
    st.dataframe(pd.DataFrame([{
        "事实": choices.get(c.fact_path, c.fact_path), "操作": ACTION_LABELS[c.action],
        "数值": c.value_text or _plain(c.value), "原文": c.quote, "说明": c.note, "审核人": c.reviewer, "时间": c.recorded_at,
    } for c in in_force]), hide_index=True, width="stretch")


def _plain(value: str | None) -> str:
    """'92.0000' -> '92', '58.4800' -> '58.48' (values are stored with four decimals)."""
    if not value:
        return ""
    return value.rstrip("0").rstrip(".") if "." in value else value
