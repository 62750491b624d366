"""The sidebar's filters and the SQL they make: options read from the marts, WHERE clauses with
parameters, the default year, the department picker.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboards.db import query



# The sidebar's place and department filters: Filters field -> column of the marts, in sidebar order.
PLACE_COLUMNS = {"province": "province", "prefecture": "prefecture", "county": "county", "region": "region",
                 "nbs_region": "nbs_region", "admin_level": "admin_level", "kind": "department_kind"}


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters. Values are options read from the marts (see filter_options)."""

    year: int | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    region: str | None = None
    nbs_region: str | None = None
    admin_level: str | None = None
    kind: str | None = None

    def without_year(self) -> Filters:
        return replace(self, year=None)

    def with_year(self, year: int | None) -> Filters:
        return replace(self, year=year)

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in ("year", *PLACE_COLUMNS))


def _clauses(f: Filters, prefix: str, year_column: str | None) -> tuple[list[str], list[Any]]:
    pairs = [(year_column, f.year)] if year_column else []
    pairs += [(prefix + column, getattr(f, name)) for name, column in PLACE_COLUMNS.items()]
    clauses = [f"{column} = ?" for column, value in pairs if value is not None]
    return clauses, [value for _, value in pairs if value is not None]


def where(f: Filters, *, alias: str = "", year: bool = True, extra: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """A WHERE clause and its parameters for a department-year mart (columns fiscal_year, province, …)."""
    prefix = f"{alias}." if alias else ""
    clauses, params = _clauses(f, prefix, f"{prefix}fiscal_year" if year else None)
    clauses = list(extra) + clauses
    return ("where " + " and ".join(clauses)) if clauses else "", params


def report_where(f: Filters) -> tuple[str, list[Any]]:
    """WHERE for mart_data_quality q joined to dim_department d (place columns from the department)."""
    clauses, params = _clauses(f, "d.", "q.fiscal_year")
    return ("where " + " and ".join(clauses)) if clauses else "", params


def filter_options() -> dict[str, list]:
    """The values each sidebar filter can take, from the marts (one query: every page runs it), in the
    warehouse's order (places by code, regions by their seeds' order). Place options carry their
    province and prefecture, so the sidebar offers only those under the province chosen."""
    df = query("""
        with d as (
            select d.*, p.province_adcode, p.prefecture_adcode, p.adcode, p.region_order, p.nbs_region_order
            from marts.dim_department d left join marts.dim_place p using (place_id))
        select 'year' as filter, cast(fiscal_year as varchar) as value, null as province, null as prefecture,
               -fiscal_year as rank
        from marts.dim_year where department_year_count > 0
        union all
        select 'province', province, province, null, min(cast(province_adcode as integer)) from d
        where province is not null group by province
        union all
        select 'prefecture', prefecture, province, prefecture, min(cast(prefecture_adcode as integer)) from d
        where prefecture is not null group by province, prefecture
        union all
        select 'county', county, province, prefecture, min(cast(adcode as integer)) from d
        where county is not null group by province, prefecture, county
        union all
        select 'region', region, province, null, min(region_order) from d
        where region is not null group by province, region
        union all
        select 'nbs_region', nbs_region, null, null, min(nbs_region_order) from d
        where nbs_region is not null group by nbs_region
        union all
        select 'kind', department_kind, null, null, -count(*) from d
        where department_kind is not null group by department_kind
        union all
        select 'admin_level', d.admin_level, null, null, min(v.sort_order) from d
        left join marts.dim_value_label v on v.column_name = 'admin_level' and v.value = d.admin_level
        where d.admin_level is not null group by d.admin_level
        order by filter, rank nulls last, value""")
    groups = {k: g for k, g in df.groupby("filter", sort=False)}

    def values(name: str) -> list:
        return list(groups[name]["value"]) if name in groups else []

    def placed(name: str) -> list[tuple[str, str | None, str | None]]:
        g = groups.get(name)
        return [] if g is None else list(zip(g["value"], g["province"], g["prefecture"]))

    return {
        "year": [int(y) for y in values("year")],
        "province": values("province"),
        "prefecture": placed("prefecture"),
        "county": placed("county"),
        "region": placed("region"),
        "nbs_region": values("nbs_region"),
        "admin_level": values("admin_level"),
        "kind": values("kind"),
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
