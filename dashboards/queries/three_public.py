"""Queries of 三公经费与运行成本.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import query, scalar_row
from dashboards.queries.filters import Filters, where


def three_public_summary(f: Filters) -> dict[str, Any]:
    w, p = where(f)
    return scalar_row(f"""
        select count(*) as departments,
               count(*) filter (where three_public_budget_wan_yuan is not null
                                and three_public_actual_wan_yuan is not null) as with_both,
               sum(three_public_budget_wan_yuan) filter (where three_public_actual_wan_yuan is not null) as budget,
               sum(three_public_actual_wan_yuan) filter (where three_public_budget_wan_yuan is not null) as actual,
               count(*) filter (where is_three_public_within_budget = false) as over_budget,
               count(*) filter (where is_public_funds_within_budget = false) as public_funds_over_budget,
               sum(public_funds_budget_wan_yuan) filter (where public_funds_actual_wan_yuan is not null)
                 as public_funds_budget,
               sum(public_funds_actual_wan_yuan) filter (where public_funds_budget_wan_yuan is not null)
                 as public_funds_actual,
               median(three_public_expenditure_share) as median_expenditure_share
        from marts.mart_three_public_control {w}""", p)


def three_public_points(f: Filters, limit: int = 2000) -> pd.DataFrame:
    """Department-years with both budget and actual (the largest budgets first, at most `limit`)."""
    w, p = where(f, extra=["three_public_budget_wan_yuan is not null", "three_public_actual_wan_yuan is not null"])
    return query(f"""
        select report_id, department_name, prefecture, fiscal_year, three_public_budget_wan_yuan,
               three_public_actual_wan_yuan, three_public_actual_to_budget, is_three_public_within_budget
        from marts.mart_three_public_control {w}
        order by three_public_budget_wan_yuan desc, department_name limit {int(limit)}""", p)


def three_public_ratio_buckets(f: Filters) -> pd.DataFrame:
    """Department-years per bucket of 三公 actual ÷ budget (the warehouse's buckets, empty ones too)."""
    w, p = where(f, extra=["three_public_ratio_bucket_order is not null"])
    return query(f"""
        select b.bucket_order, b.label_zh as bucket, count(t.three_public_ratio_bucket_order) as departments
        from marts.dim_ratio_bucket b
        left join (select three_public_ratio_bucket_order from marts.mart_three_public_control {w}) t
            on t.three_public_ratio_bucket_order = b.bucket_order
        group by 1, 2 order by 1""", p)


def three_public_by_prefecture(f: Filters) -> pd.DataFrame:
    w, p = where(f, extra=["three_public_budget_wan_yuan is not null", "three_public_actual_wan_yuan is not null"])
    return query(f"""
        select coalesce(prefecture, county, '（省级）') as prefecture, count(*) as departments,
               sum(three_public_budget_wan_yuan) as three_public_budget_wan_yuan,
               sum(three_public_actual_wan_yuan) as three_public_actual_wan_yuan,
               sum(three_public_actual_wan_yuan) / nullif(sum(three_public_budget_wan_yuan), 0)
                 as three_public_actual_to_budget,
               count(*) filter (where not is_three_public_within_budget) as over_budget
        from marts.mart_three_public_control {w}
        group by 1 order by three_public_budget_wan_yuan desc""", p)


def three_public_by_year(f: Filters) -> pd.DataFrame:
    w, p = where(f, year=False)
    return query(f"""
        select fiscal_year, count(*) as departments,
               sum(three_public_budget_wan_yuan) filter (where three_public_actual_wan_yuan is not null)
                 as three_public_budget_wan_yuan,
               sum(three_public_actual_wan_yuan) filter (where three_public_budget_wan_yuan is not null)
                 as three_public_actual_wan_yuan,
               count(*) filter (where is_three_public_within_budget = false) as over_budget,
               count(*) filter (where is_three_public_within_budget is not null) as with_both
        from marts.mart_three_public_control {w} group by 1 order by 1""", p)


def over_budget(f: Filters, limit: int = 1000) -> pd.DataFrame:
    """Department-years whose 三公 or 公用经费 actual exceeds the budget, the largest excess first."""
    w, p = where(f, extra=["(is_three_public_within_budget = false or is_public_funds_within_budget = false)"])
    return query(f"""
        select report_id, department_name, prefecture, county, fiscal_year,
               three_public_budget_wan_yuan, three_public_actual_wan_yuan, three_public_actual_to_budget,
               -three_public_saving_wan_yuan as three_public_excess_wan_yuan,
               public_funds_budget_wan_yuan, public_funds_actual_wan_yuan, public_funds_actual_to_budget,
               three_public_expenditure_share
        from marts.mart_three_public_control {w}
        order by greatest(coalesce(three_public_actual_to_budget, 0), coalesce(public_funds_actual_to_budget, 0)) desc,
                 department_name
        limit {int(limit)}""", p)


def three_public_table(f: Filters, limit: int = 5000) -> pd.DataFrame:
    """Every department-year's 三公 and 公用经费 figures under the filters (the largest budgets first)."""
    w, p = where(f)
    return query(f"""
        select report_id, department_name, prefecture, county, fiscal_year,
               three_public_budget_wan_yuan, three_public_actual_wan_yuan, three_public_actual_to_budget,
               is_three_public_within_budget, three_public_actual_yoy_change,
               public_funds_budget_wan_yuan, public_funds_actual_wan_yuan, public_funds_actual_to_budget,
               is_public_funds_within_budget, three_public_expenditure_share
        from marts.mart_three_public_control {w}
        order by three_public_budget_wan_yuan desc nulls last, department_name limit {int(limit)}""", p)
