"""The sidebar's filters and the SQL they make: options read from the marts, WHERE clauses with
parameters, the default year, the department picker.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboards.db import query

ADMIN_LEVELS = {"province": "省级", "prefecture": "市级", "county": "县级"}


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters. Values are options read from the marts (see filter_options)."""

    year: int | None = None
    region: str | None = None
    prefecture: str | None = None
    admin_level: str | None = None
    kind: str | None = None

    def without_year(self) -> Filters:
        return replace(self, year=None)

    def with_year(self, year: int | None) -> Filters:
        return replace(self, year=year)


def where(f: Filters, *, alias: str = "", year: bool = True, extra: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """A WHERE clause and its parameters for a department-year mart (columns fiscal_year, region, …)."""
    a = f"{alias}." if alias else ""
    clauses, params = list(extra), []
    for column, value in (("fiscal_year", f.year if year else None), ("region", f.region),
                          ("prefecture", f.prefecture), ("admin_level", f.admin_level),
                          ("department_kind", f.kind)):
        if value is not None:
            clauses.append(f"{a}{column} = ?")
            params.append(value)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def report_where(f: Filters) -> tuple[str, list[Any]]:
    """WHERE for mart_data_quality q joined to dim_department d (place columns from the department)."""
    clauses, params = [], []
    for column, value in (("q.fiscal_year", f.year), ("d.region", f.region), ("d.prefecture", f.prefecture),
                          ("d.admin_level", f.admin_level), ("d.department_kind", f.kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def filter_options() -> dict[str, list]:
    """The values each sidebar filter can take, from the marts (one query: every page runs it)."""
    df = query("""
        select 'year' as filter, cast(fiscal_year as varchar) as value, null as region, -fiscal_year as rank
        from marts.dim_year where department_year_count > 0
        union all
        select 'prefecture', prefecture, any_value(region), 0 from marts.dim_department
        where prefecture is not null group by prefecture
        union all
        select 'kind', department_kind, null, -count(*) from marts.dim_department
        where department_kind is not null group by department_kind
        union all
        select distinct 'admin_level', admin_level, null, 0 from marts.dim_department where admin_level is not null
        order by filter, rank, region nulls last, value""")
    values = {k: list(g["value"]) for k, g in df.groupby("filter", sort=False)}
    regions = set(df.loc[df["filter"] == "prefecture", "region"].dropna())
    order = ["珠三角", "粤东", "粤西", "粤北"]
    return {
        "year": [int(y) for y in values.get("year", [])],
        "region": [r for r in order if r in regions] + sorted(regions - set(order)),
        "prefecture": values.get("prefecture", []),
        "admin_level": [lv for lv in ADMIN_LEVELS if lv in set(values.get("admin_level", []))],
        "kind": values.get("kind", []),
    }


def default_year(f: Filters) -> int | None:
    """The year a single-year page shows when none is chosen: the year with the most department-years
    under the other filters (the latest of equals), as the newest year is often still incomplete."""
    w, p = where(f, year=False)
    df = query(f"select fiscal_year from marts.mart_self_scores {w} group by 1 order by count(*) desc, 1 desc limit 1", p)
    return None if df.empty else int(df["fiscal_year"].iloc[0])


def departments(f: Filters) -> pd.DataFrame:
    """Departments with a report under the filters (any year): id and name, for a picker."""
    w, p = where(f.without_year(), alias="d")
    return query(f"""
        select d.department_id, d.department_name, d.prefecture, d.county, t.years
        from marts.dim_department d
        left join (select department_id, count(*) as years from marts.mart_score_trend group by 1) t using (department_id)
        {w} order by d.department_name""", p)
