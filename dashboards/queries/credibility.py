"""Queries of 自评可信度: departments ranked by credibility flags, and each flag with its two quotes.
The rules are evaluated in the warehouse (mart_credibility_flags, mart_score_credibility)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import has_table, query, scalar_row
from dashboards.queries.filters import Filters, where

SCORES_TABLE = "marts.mart_score_credibility"
FLAGS_TABLE = "marts.mart_credibility_flags"


def available() -> bool:
    """False for a build made before the credibility marts existed."""
    return has_table(SCORES_TABLE) and has_table(FLAGS_TABLE)


def summary(f: Filters) -> dict[str, Any]:
    w, p = where(f, alias="c")
    return scalar_row(f"""
        select count(*) as department_years,
               count(*) filter (where c.flag_count > 0) as flagged,
               count(*) filter (where c.high_severity_flag_count > 0) as flagged_high,
               sum(c.flag_count) as flags,
               count(*) filter (where c.flag_count > 0) / nullif(count(*), 0) as flagged_share
        from {SCORES_TABLE} c {w}""", p)


def ranking(f: Filters, limit: int = 2000) -> pd.DataFrame:
    """Department-years with at least one flag, the most flagged (and most severe) first."""
    w, p = where(f, alias="c", extra=["c.flag_count > 0"])
    return query(f"""
        select c.report_id, c.department_id, c.department_name, c.fiscal_year, c.prefecture, c.county,
               c.department_kind, c.self_score, c.grade, c.execution_rate_pct, c.flag_count,
               c.high_severity_flag_count, c.flag_labels_zh, c.flag_sentences_zh
        from {SCORES_TABLE} c {w}
        order by c.flag_count desc, c.high_severity_flag_count desc, c.self_score desc nulls last,
                 c.department_name, c.fiscal_year desc
        limit {int(limit)}""", p)


def flags_by_rule(f: Filters) -> pd.DataFrame:
    w, p = where(f, alias="x")
    return query(f"""
        select x.rule_id, x.rule_label_zh as rule_label, x.severity, x.severity_order, count(*) as flags,
               count(distinct x.department_id || '/' || x.fiscal_year) as department_years
        from {FLAGS_TABLE} x {w}
        group by 1, 2, 3, 4 order by x.severity_order, flags desc""", p)


def flags(f: Filters, department_ids: list[str]) -> pd.DataFrame:
    """Every flag of the given departments in the filtered years, with both quotes and their spans."""
    if not department_ids:
        return pd.DataFrame()
    marks = ", ".join("?" * len(department_ids))
    w, p = where(f, alias="x", extra=[f"x.department_id in ({marks})"])
    return query(f"""
        select x.department_id, x.fiscal_year, x.report_id, x.rule_id, x.rule_label_zh as rule_label,
               x.severity, x.sentence_zh, x.quote_a, x.char_start_a, x.char_end_a, x.quote_b, x.char_start_b,
               x.char_end_b
        from {FLAGS_TABLE} x {w}
        order by x.severity_order, x.rule_id, x.subject""", [*department_ids, *p])


def report_flags(report_id: str) -> pd.DataFrame:
    """The flags of one report (报告详情)."""
    if not available():
        return pd.DataFrame()
    return query(f"""
        select rule_id, rule_label_zh as rule_label, severity, sentence_zh, quote_a, char_start_a, char_end_a,
               quote_b, char_start_b, char_end_b
        from {FLAGS_TABLE} where report_id = ? order by severity_order, rule_id, subject""", [report_id])
