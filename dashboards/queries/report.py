"""Queries of 报告详情: one report's facts with their quotes, indicators, problems, findings and text.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from dashboards.db import FINDINGS_TABLE, TEXTS_TABLE, has_table, query, scalar_row
from dashboards.queries.labels import fact_labels, label_keys

REPORT_ID_RE = re.compile(r"^[0-9a-f]{16,64}$")


def is_report_id(value: Any) -> bool:
    return isinstance(value, str) and bool(REPORT_ID_RE.fullmatch(value))


def report_info(report_id: str) -> dict[str, Any]:
    """The report's data-quality row with its department's place and its score; {} if unknown."""
    if not is_report_id(report_id):
        return {}
    info = scalar_row("""
        select q.*, d.department_name, d.province, d.prefecture, d.county, d.region, d.admin_level, d.department_kind,
               s.self_score, s.grade, s.is_grade_derived, s.peer_rank, s.peer_count, s.execution_rate_pct,
               s.expenditure_total_wan_yuan,
               s.indicator_deductions
        from marts.mart_data_quality q
        left join marts.dim_department d using (department_id)
        left join marts.mart_self_scores s using (report_id)
        where q.report_id = ?""", [report_id])
    if info:
        info["missing_key_facts_zh"] = label_keys(info.get("missing_key_facts"), fact_labels())
    return info


def department_reports(department_id: str) -> pd.DataFrame:
    return query("""
        select report_id, fiscal_year, file_name, is_selected, is_superseded, report_date
        from marts.mart_data_quality where department_id = ?
        order by fiscal_year desc, is_selected desc, report_date desc nulls last, report_id""", [department_id])


def _same_report(info: dict[str, Any] | None, alias: str = "") -> tuple[str, list[Any]]:
    """Extra predicates department_id/fiscal_year for a report's lookups: the marts are not sorted by
    report_id, and these let DuckDB skip most of a large table (same rows, fewer strings compared)."""
    a = f"{alias}." if alias else ""
    if info and info.get("department_id") and info.get("fiscal_year") is not None:
        return f" and {a}department_id = ? and {a}fiscal_year = ?", [info["department_id"], int(info["fiscal_year"])]
    return "", []


def report_facts(report_id: str, info: dict[str, Any] | None = None) -> pd.DataFrame:
    narrow, extra = _same_report(info, "p")
    df = query(f"""
        select p.fact_key, p.fact_label_zh, p.fact_group,
               case when p.fact_group = 'amounts' then p.value_wan_yuan else p.fact_value end as display_value,
               case p.fact_group when 'amounts' then '万元' when 'rates' then '%' when 'headcount' then '人'
                    else coalesce(k.mart_unit, '') end as display_unit,
               p.unit_stated, p.is_unit_corrected, p.has_conflicting_values, p.quote, p.section, p.page,
               p.char_start, p.char_end, p.extraction_method, p.confidence, p.is_corrected, p.reviewer
        from marts.mart_fact_provenance p left join marts.dim_fact_key k using (fact_key)
        where p.report_id = ?{narrow}
        order by coalesce(k.sort_order, 999), p.fact_key""", [report_id, *extra])
    df["fact_label_zh"] = df["fact_label_zh"].fillna(df["fact_key"])   # a key the dictionary lacks keeps its id
    return df


def report_indicators(report_id: str, info: dict[str, Any] | None = None) -> pd.DataFrame:
    narrow, extra = _same_report(info)
    return query(f"""
        select indicator_seq, indicator_name, max_score, score, deduction, score_rate, has_deduction
        from marts.mart_indicator_scores where report_id = ?{narrow} order by indicator_seq""", [report_id, *extra])


def report_problems(report_id: str, info: dict[str, Any] | None = None) -> pd.DataFrame:
    narrow, extra = _same_report(info)
    return query(f"""
        select problem_category, unnest(string_split(problem_texts, '；')) as problem_text
        from marts.mart_problem_categories where report_id = ?{narrow} order by problem_category_order""",
                 [report_id, *extra])


def report_findings(report_id: str) -> pd.DataFrame:
    """The report's validation findings, errors first, the rule named in Chinese (the rule registry); a unit
    correction with the sentence of the figure corrected."""
    if not has_table(FINDINGS_TABLE):
        return pd.DataFrame(columns=["rule_id", "rule_label", "severity", "message", "fact_keys", "quote"])
    df = query(f"""
        select rule as rule_id, rule_label_zh as rule_label, severity, message, fact_keys,
               corrected_fact_quote as quote
        from {FINDINGS_TABLE}
        where report_id = ?
        order by case severity when 'error' then 1 when 'warning' then 2 else 3 end, rule""", [report_id])
    labels = fact_labels()
    df["fact_keys"] = df["fact_keys"].map(lambda k: label_keys(k, labels))
    return df


def report_text(report_id: str, info: dict[str, Any] | None = None) -> str | None:
    """The normalised text the quotes' offsets point into, where the build published it."""
    if not has_table(TEXTS_TABLE):
        return None
    narrow, extra = _same_report(info)
    df = query(f"select report_text from {TEXTS_TABLE} where report_id = ?{narrow}", [report_id, *extra])
    return None if df.empty else df["report_text"].iloc[0]
