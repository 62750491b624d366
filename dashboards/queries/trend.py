"""Queries of 趋势: one department over the years, and the peer group over the years.
"""
from __future__ import annotations

import pandas as pd

from dashboards.db import query
from dashboards.queries.filters import Filters, where


def department_trend(department_id: str) -> pd.DataFrame:
    """One department, one row per year: score (own or later report), spending, structure, 三公."""
    return query("""
        with years as (
            select fiscal_year from marts.mart_score_trend where department_id = ?
            union select fiscal_year from marts.mart_spending_structure where department_id = ?)
        select y.fiscal_year, st.score as self_score, st.grade, st.score_source, m.report_id,
               m.income_total_wan_yuan, m.expenditure_total_wan_yuan, m.expenditure_personnel_wan_yuan,
               m.expenditure_public_wan_yuan, m.expenditure_project_wan_yuan,
               m.expenditure_basic_other_wan_yuan,
               m.execution_rate_pct,
               t.three_public_budget_wan_yuan, t.three_public_actual_wan_yuan, t.three_public_actual_to_budget,
               t.public_funds_budget_wan_yuan, t.public_funds_actual_wan_yuan
        from years y
        left join marts.mart_score_trend st on st.department_id = ? and st.fiscal_year = y.fiscal_year
        left join marts.mart_spending_structure m on m.department_id = ? and m.fiscal_year = y.fiscal_year
        left join marts.mart_three_public_control t on t.report_id = m.report_id
        order by y.fiscal_year""", [department_id] * 4)


def group_trend(f: Filters) -> pd.DataFrame:
    """The peer group under the filters (all years), one row per year: averages and sums."""
    w, p = where(f, alias="s", year=False)
    return query(f"""
        select s.fiscal_year, count(*) as departments, count(s.self_score) as scored,
               avg(s.self_score) as self_score, quantile_cont(s.self_score, 0.25) as score_p25,
               quantile_cont(s.self_score, 0.75) as score_p75, avg(s.execution_rate_pct) as execution_rate_pct,
               sum(m.income_total_wan_yuan) as income_total_wan_yuan,
               sum(m.expenditure_total_wan_yuan) as expenditure_total_wan_yuan,
               sum(m.expenditure_personnel_wan_yuan) as expenditure_personnel_wan_yuan,
               sum(m.expenditure_public_wan_yuan) as expenditure_public_wan_yuan,
               sum(m.expenditure_project_wan_yuan) as expenditure_project_wan_yuan,
               sum(m.expenditure_basic_other_wan_yuan) as expenditure_basic_other_wan_yuan,
               sum(t.three_public_budget_wan_yuan) as three_public_budget_wan_yuan,
               sum(t.three_public_actual_wan_yuan) as three_public_actual_wan_yuan,
               sum(t.three_public_actual_wan_yuan) filter (where t.three_public_budget_wan_yuan is not null)
                 / nullif(sum(t.three_public_budget_wan_yuan) filter (where t.three_public_actual_wan_yuan is not null), 0)
                 as three_public_actual_to_budget,
               count(*) filter (where t.is_three_public_within_budget = false) as three_public_over_budget
        from marts.mart_self_scores s
        left join marts.mart_spending_structure m using (report_id)
        left join marts.mart_three_public_control t using (report_id)
        {w}
        group by 1 order by 1""", p)
