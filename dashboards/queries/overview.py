"""Queries of 总览: headline figures, coverage, the latest reports and problems.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import query, scalar_row
from dashboards.queries.filters import Filters, report_where, where


# The place a department-year is counted under on the coverage views: nationally its province;
# within a province the unit directly under it (a prefecture, or for a municipality or a 省直辖 county
# the county-level unit itself); a provincial department counts under the province.
AREA = "coalesce(prefecture, county, province)"


def focus_province(f: Filters) -> str | None:
    """The province the coverage views are about: the one chosen, else the only one loaded (None: several)."""
    if f.province is not None:
        return f.province
    df = query("select distinct province from marts.dim_department where province is not null limit 2")
    return df["province"].iloc[0] if len(df) == 1 else None


def overview_headline(f: Filters) -> dict[str, Any]:
    where_sql, params = where(f)
    row = scalar_row(f"""
        with s as (select * from marts.mart_self_scores {where_sql}),
        t as (select * from marts.mart_three_public_control {where_sql}),
        pr as (select * from marts.mart_problem_categories {where_sql})
        select
            (select count(*) from s) as department_years,
            (select count(distinct department_id) from s) as departments,
            (select count(distinct province) from s) as provinces,
            (select count(distinct {AREA}) filter (where prefecture is not null or county is not null) from s) as areas,
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
    """, params * 3)
    row["focus_province"] = province = focus_province(f)
    row.update(coverage_total(f, province))
    report_where_sql, report_params = report_where(f)
    row.update(scalar_row(f"""
        select count(*) as reports,
               count(*) filter (where q.is_superseded) as superseded,
               count(*) filter (where q.is_unassigned) as unassigned
        from marts.mart_data_quality q left join marts.dim_department d using (department_id) {report_where_sql}""",
                          report_params))
    return row


def _units(f: Filters, province: str | None) -> tuple[str, list[Any]]:
    """SQL over dim_place p: the units the coverage counts (the units under the province, or the
    provinces), with the place filters that apply to them."""
    if province is None:
        return ("select p.province as area, cast(p.adcode as integer) as area_order, p.nbs_region as grouping "
                "from marts.dim_place p where p.admin_level = 'province' and p.nbs_region is not null"
                + (" and p.nbs_region = ?" if f.nbs_region else ""), [f.nbs_region] if f.nbs_region else [])
    clauses, params = ["p.parent_place_id = (select adcode from marts.dim_place "
                       "where admin_level = 'province' and province = ?)"], [province]
    for column, value in (("p.region", f.region), ("p.place_name", f.prefecture or f.county)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return ("select p.place_name as area, cast(p.adcode as integer) as area_order, p.region as grouping "
            "from marts.dim_place p where " + " and ".join(clauses), params)


def coverage_total(f: Filters, province: str | None) -> dict[str, Any]:
    """How many units the coverage tile counts against, and what they are called."""
    units_sql, params = _units(f, province)
    n = int(scalar_row(f"select count(*) as n from ({units_sql})", params)["n"] or 0)
    return {"areas_total": n, "area_label": "下辖地区" if province else "省份"}


def reports_by_year_group(f: Filters) -> pd.DataFrame:
    """Department-years (selected reports) per fiscal year and group: by province when several are
    loaded and none is chosen; within one province by its regions where it has them, else by its
    units. The year filter does not apply. Columns: fiscal_year, group_name, group_order, department_years."""
    province = focus_province(f)
    where_sql, params = where(f, year=False)
    if province is None:
        group, order = "s.province", "min(cast(p.province_adcode as integer))"
    elif scalar_row("select count(*) as n from marts.dim_place where province = ? and region is not null",
                    [province])["n"]:
        group, order = "coalesce(s.region, '（未分区）')", "coalesce(min(p.region_order), 999)"
    else:
        group, order = "s.area", "min(cast(coalesce(p.prefecture_adcode, p.adcode) as integer))"
    return query(f"""
        select s.fiscal_year, {group} as group_name, {order} as group_order, count(*) as department_years
        from (select *, {AREA} as area from marts.mart_self_scores {where_sql}) s
        left join marts.dim_place p using (place_id)
        group by 1, 2 order by 3, 1""", params)


def coverage_by_area_year(f: Filters) -> pd.DataFrame:
    """Department-years per unit and year: the units under the focus province (or every province),
    every reported year, zeros too. Columns: area, area_order, grouping, fiscal_year, department_years,
    average_score."""
    province = focus_province(f)
    where_sql, params = where(f, year=False)
    units_sql, unit_params = _units(f, province)
    area = "province" if province is None else AREA
    return query(f"""
        with counts as (
            select {area} as area, fiscal_year, count(*) as department_years, avg(self_score) as average_score
            from marts.mart_self_scores {where_sql} group by 1, 2),
        grid as (
            select u.area, u.area_order, u.grouping, y.fiscal_year
            from ({units_sql}) u cross join marts.dim_year y where y.department_year_count > 0)
        select g.area, g.area_order, g.grouping, g.fiscal_year, coalesce(c.department_years, 0) as department_years,
               c.average_score
        from grid g left join counts c using (area, fiscal_year)
        order by g.area_order, g.fiscal_year""", params + unit_params)


def recent_reports(f: Filters, limit: int = 15) -> pd.DataFrame:
    wr, pr = report_where(f)
    return query(f"""
        select q.report_id, coalesce(d.department_name, q.department_name_stated) as department_name,
               q.fiscal_year, d.province, d.prefecture, s.self_score, s.grade, q.problem_count, q.finding_count,
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
