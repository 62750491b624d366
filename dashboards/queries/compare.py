"""Queries of 部门对比: the peer group of one year.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import query, scalar_row
from dashboards.queries.filters import Filters, where

# Sort orders of the peer table: name in the URL -> (ORDER BY clause, label). An unknown name raises.
SORTS = {
    "score_desc": ("self_score desc nulls last, department_name", "自评得分（高→低）"),
    "score_asc": ("self_score asc nulls last, department_name", "自评得分（低→高）"),
    "expenditure_desc": ("expenditure_total_wan_yuan desc nulls last, department_name", "本年支出（大→小）"),
    "execution_asc": ("execution_rate_pct asc nulls last, department_name", "预算执行率（低→高）"),
    "three_public_ratio_desc": ("three_public_actual_to_budget desc nulls last, department_name",
                                "“三公”经费执行比（高→低）"),
    "name": ("department_name", "部门名称"),
}


def peers(f: Filters, sort: str = "score_desc") -> pd.DataFrame:
    """One row per department of the peer group in f.year: score, spending structure, 三公 control."""
    order = SORTS[sort][0]
    w, p = where(f, alias="s")
    return query(f"""
        select s.report_id, s.department_id, s.department_name, s.prefecture, s.county, s.region, s.admin_level,
               s.department_kind, s.self_score, s.grade, s.peer_rank, s.peer_count, s.peer_average_score,
               s.execution_rate_pct, s.expenditure_total_wan_yuan,
               m.expenditure_basic_wan_yuan, m.expenditure_personnel_wan_yuan, m.expenditure_public_wan_yuan,
               m.expenditure_project_wan_yuan,
               m.expenditure_basic_other_wan_yuan,
               m.basic_share, m.project_share, m.personnel_share, m.public_share,
               t.three_public_budget_wan_yuan, t.three_public_actual_wan_yuan, t.three_public_actual_to_budget,
               t.is_three_public_within_budget, c.flag_count, c.flag_labels_zh
        from marts.mart_self_scores s
        left join marts.mart_spending_structure m using (report_id)
        left join marts.mart_three_public_control t using (report_id)
        left join marts.mart_score_credibility c using (report_id)
        {w}
        order by {order}""", p)


def peer_summary(f: Filters) -> dict[str, Any]:
    w, p = where(f, alias="s")
    return scalar_row(f"""
        select count(*) as departments, count(s.self_score) as scored, avg(s.self_score) as average_score,
               median(s.self_score) as median_score, min(s.self_score) as min_score, max(s.self_score) as max_score,
               avg(s.execution_rate_pct) as average_execution_rate_pct,
               sum(s.expenditure_total_wan_yuan) as expenditure_wan_yuan,
               count(*) filter (where t.is_three_public_within_budget = false) as three_public_over_budget
        from marts.mart_self_scores s left join marts.mart_three_public_control t using (report_id) {w}""", p)
