"""Queries of 问题分析: problems by category and by a dimension, and the texts behind a cell.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import query
from dashboards.queries.filters import Filters, where

# Dimensions the heat map may group by: name in the URL -> (SQL expression, label). An unknown name raises.
DIMENSIONS = {
    "province": ("coalesce(province, '（未知）')", "省份"),
    "prefecture": ("coalesce(prefecture, county, '（省级）')", "地级市"),
    "fiscal_year": ("cast(fiscal_year as varchar)", "年度"),
    "region": ("coalesce(region, '（未分区）')", "省内区域"),
    "department_kind": ("coalesce(department_kind, '（未分类）')", "部门类别"),
}


def problem_heatmap(f: Filters, dim: str) -> pd.DataFrame:
    """Problems per category and dimension value, beside the department-years of that value."""
    expr, _ = DIMENSIONS[dim]
    w, p = where(f, year=dim != "fiscal_year")
    return query(f"""
        with problems as (
            select {expr} as dim_value, problem_category, any_value(problem_category_order) as category_order,
                   cast(sum(problem_count) as integer) as problems, count(*) as department_years_with
            from marts.mart_problem_categories {w} group by 1, 2),
        base as (
            select {expr} as dim_value, count(*) as department_years from marts.mart_self_scores {w} group by 1)
        select p.dim_value, p.problem_category, p.category_order, p.problems, p.department_years_with,
               b.department_years, p.department_years_with / nullif(b.department_years, 0) as share_of_department_years
        from problems p left join base b using (dim_value)
        order by p.category_order, p.dim_value""", p + p)


def problem_categories(f: Filters) -> pd.DataFrame:
    w, p = where(f)
    return query(f"""
        select problem_category, any_value(problem_category_order) as category_order,
               cast(sum(problem_count) as integer) as problems, count(*) as department_years_with
        from marts.mart_problem_categories {w} group by 1 order by problems desc, category_order""", p)


def problem_texts(f: Filters, dim: str, dim_value: str | None, category: str | None,
                  limit: int = 500) -> pd.DataFrame:
    """The problem texts behind one heat-map cell (or a row or column of it when one side is None)."""
    expr, _ = DIMENSIONS[dim]
    extra = []
    params: list[Any] = []
    if dim_value is not None:
        extra.append(f"{expr} = ?")
        params.append(str(dim_value))
    if category is not None:
        extra.append("problem_category = ?")
        params.append(category)
    w, p = where(f, year=dim != "fiscal_year", extra=extra)
    return query(f"""
        select report_id, department_name, prefecture, county, fiscal_year, problem_category,
               unnest(string_split(problem_texts, '；')) as problem_text
        from (select * from marts.mart_problem_categories {w}
              order by fiscal_year desc, department_name, problem_category_order limit {int(limit)})
        limit {int(limit)}""", params + p)
