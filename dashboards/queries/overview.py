"""Queries of 总览: headline figures, coverage, the latest reports and problems.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import query, scalar_row
from dashboards.queries.filters import Filters, report_where, where


def overview_headline(f: Filters) -> dict[str, Any]:
    w, p = where(f)
    row = scalar_row(f"""
        with s as (select * from marts.mart_self_scores {w}),
        t as (select * from marts.mart_three_public_control {w}),
        pr as (select * from marts.mart_problem_categories {w})
        select
            (select count(*) from s) as department_years,
            (select count(distinct department_id) from s) as departments,
            (select count(distinct prefecture) from s) as prefectures,
            (select count(distinct fiscal_year) from s) as years,
            (select min(fiscal_year) from s) as first_year,
            (select max(fiscal_year) from s) as last_year,
            (select avg(self_score) from s) as average_score,
            (select count(self_score) from s) as scored,
            (select sum(expenditure_total_wan_yuan) from s) as expenditure_wan_yuan,
            (select sum(three_public_actual_wan_yuan) from t) as three_public_actual_wan_yuan,
            (select sum(three_public_budget_wan_yuan) from t) as three_public_budget_wan_yuan,
            (select count(*) from t where is_three_public_within_budget = false) as three_public_over_budget,
            (select cast(coalesce(sum(problem_count), 0) as integer) from pr) as problems
    """, p * 3)
    wp, pp = where(Filters(region=f.region), alias="p", extra=["p.admin_level = 'prefecture'", "p.province = '广东省'"])
    row["prefectures_total"] = int(scalar_row(f"select count(*) as n from marts.dim_place p {wp}", pp)["n"] or 0) \
        if not f.prefecture else 1
    wr, pr_ = report_where(f)
    row.update(scalar_row(f"""
        select count(*) as reports,
               count(*) filter (where q.is_superseded) as superseded,
               count(*) filter (where q.is_unassigned) as unassigned
        from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}""", pr_))
    return row


def reports_by_year_region(f: Filters) -> pd.DataFrame:
    """Department-years (selected reports) per fiscal year and region; the year filter does not apply."""
    w, p = where(f, year=False)
    return query(f"""
        select fiscal_year, coalesce(region, '其他') as region, count(*) as department_years
        from marts.mart_self_scores {w} group by 1, 2 order by 1, 2""", p)


def coverage_by_prefecture_year(f: Filters) -> pd.DataFrame:
    """Department-years per prefecture and year, every Guangdong prefecture and reported year (zeros too)."""
    w, p = where(f, year=False)
    wp, pp = where(Filters(region=f.region, prefecture=f.prefecture), alias="p",
                   extra=["p.admin_level = 'prefecture'", "p.province = '广东省'"])
    return query(f"""
        with counts as (
            select prefecture, fiscal_year, count(*) as department_years, avg(self_score) as average_score
            from marts.mart_self_scores {w} group by 1, 2),
        grid as (
            select p.prefecture, p.region, y.fiscal_year
            from marts.dim_place p cross join marts.dim_year y {wp} {"and" if wp else "where"} y.department_year_count > 0)
        select g.prefecture, g.region, g.fiscal_year, coalesce(c.department_years, 0) as department_years,
               c.average_score
        from grid g left join counts c using (prefecture, fiscal_year)
        order by g.region, g.prefecture, g.fiscal_year""", p + pp)


def recent_reports(f: Filters, limit: int = 15) -> pd.DataFrame:
    wr, pr = report_where(f)
    return query(f"""
        select q.report_id, coalesce(d.department_name, q.department_name_stated) as department_name,
               q.fiscal_year, d.prefecture, s.self_score, s.grade, q.problem_count, q.finding_count,
               q.missing_key_fact_count, q.report_date, q.ingested_at
        from marts.mart_data_quality q
        left join marts.dim_department d using (department_id)
        left join marts.mart_self_scores s using (report_id)
        {wr}
        order by q.fiscal_year desc nulls last, q.report_date desc nulls last, q.ingested_at desc, q.report_id
        limit {int(limit)}""", pr)


def recent_problems(f: Filters, limit: int = 12) -> pd.DataFrame:
    w, p = where(f)
    return query(f"""
        select report_id, department_name, fiscal_year, prefecture, problem_category,
               unnest(string_split(problem_texts, '；')) as problem_text
        from (select * from marts.mart_problem_categories {w}
              order by fiscal_year desc, department_name, problem_category_order limit {int(limit)})
        order by fiscal_year desc, department_name
        limit {int(limit)}""", p)
