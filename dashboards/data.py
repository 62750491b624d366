"""Every query of the dashboards, on the published marts file, read-only.

Rules this module keeps:

- SQL is parameterised with `?`. Values that reach SQL come from the sidebar filters, whose options
  are read from the marts themselves, and are still passed as parameters, never formatted in. The
  only identifiers chosen at run time (a dimension, a sort order) are looked up in the whitelists
  below (DIMENSIONS, SORTS); an unknown name raises.
- One read-only connection per published build (`_Marts`): `jixiao build` replaces the file with
  `os.replace`, so the connection is keyed on the file's inode and mtime. When they change, new
  queries wait for the in-flight ones of the old build, the old connection is closed (DuckDB
  caches one database instance per path, so it must be closed before the new file is opened) and
  the new file is opened. A build running in the background is never seen half-done, and the app
  keeps serving the last finished build.
- Results are cached with `st.cache_data(ttl=…)` keyed on the SQL, the parameters and the build's
  file key, so a new build invalidates them. `USE_CACHE = False` bypasses the cache (benchmarks).
- Aggregation happens in SQL; a chart never receives more than a few thousand rows.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from warehouse.paths import published_marts

CACHE_TTL_S = 600
USE_CACHE = True
SCHEMA = "marts"
REQUIRED_TABLES = ("dim_department", "dim_place", "dim_year", "dim_fact_key", "mart_self_scores",
                   "mart_spending_structure", "mart_three_public_control", "mart_problem_categories", "mart_score_trend",
                   "mart_data_quality", "mart_fact_provenance", "mart_indicator_scores")
# Marts that add detail where present: a build may leave out the texts (var publish_report_text), and a
# build older than these marts has none of them.
TEXTS_TABLE = "marts.mart_report_texts"
FINDINGS_TABLE = "marts.mart_validation_findings"
LOAD_ERRORS_TABLE = "marts.mart_load_errors"

ADMIN_LEVELS = {"province": "省级", "prefecture": "市级", "county": "县级"}
# Dimensions a page may group by (problem heat map): name in the URL -> (SQL expression, label).
DIMENSIONS = {
    "prefecture": ("coalesce(prefecture, '（省级）')", "地级市"),
    "fiscal_year": ("cast(fiscal_year as varchar)", "年度"),
    "region": ("coalesce(region, '（省外）')", "区域"),
    "department_kind": ("coalesce(department_kind, '（未分类）')", "部门类别"),
}
# Sort orders of the peer table: name in the URL -> (ORDER BY clause, label).
SORTS = {
    "score_desc": ("self_score desc nulls last, department_name", "自评得分（高→低）"),
    "score_asc": ("self_score asc nulls last, department_name", "自评得分（低→高）"),
    "expenditure_desc": ("expenditure_total_wan_yuan desc nulls last, department_name", "本年支出（大→小）"),
    "execution_asc": ("execution_rate_pct asc nulls last, department_name", "预算执行率（低→高）"),
    "three_public_ratio_desc": ("three_public_actual_to_budget desc nulls last, department_name",
                                "“三公”经费执行比（高→低）"),
    "name": ("department_name", "部门名称"),
}
REPORT_ID_RE = re.compile(r"^[0-9a-f]{16,64}$")


class NoMarts(RuntimeError):
    """No published marts file (or it lacks the marts tables): nothing to show yet."""


# --------------------------------------------------------------------------------------------------
# The published file and its connection

def marts_file() -> Path:
    """The published marts file (see warehouse.paths.published_marts)."""
    return published_marts()


def file_key(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of the file, None when it does not exist: changes when a build is published."""
    try:
        s = os.stat(path)
    except FileNotFoundError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


class _Marts:
    """A read-only connection to one published marts file, reopened when a new build replaces it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._key: tuple[int, int, int] | None = None
        self._in_flight = 0

    def _close(self) -> None:
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.close()
        self._con = None

    def _switch(self, key: tuple[int, int, int] | None) -> None:
        # Queries of the old build finish first: closing a connection closes its cursors.
        self._cond.wait_for(lambda: self._in_flight == 0, timeout=10)
        self._close()
        self._key = key
        if key is not None:
            try:
                self._con = duckdb.connect(str(self.path), read_only=True)
            except (duckdb.Error, OSError):
                self._con, self._key = None, None  # e.g. not a DuckDB file: retried on the next query

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        key = file_key(self.path)
        with self._cond:
            if key != self._key or self._con is None:
                self._switch(key)
            if self._con is None:
                raise NoMarts(f"no published marts at {self.path}")
            con = self._con
            self._in_flight += 1
        try:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    def key(self) -> tuple[int, int, int] | None:
        return file_key(self.path)


@st.cache_resource(show_spinner=False)
def _marts(path: str) -> _Marts:
    return _Marts(Path(path))


def _connection() -> _Marts:
    return _marts(str(marts_file().resolve()))


def _execute(sql: str, params: Sequence[Any]) -> pd.DataFrame:
    with _connection().cursor() as cur:
        return cur.execute(sql, list(params)).df()


@st.cache_data(ttl=CACHE_TTL_S, max_entries=2000, show_spinner=False)
def _cached(sql: str, params: tuple, path: str, key: tuple[int, int, int] | None) -> pd.DataFrame:
    return _execute(sql, params)


def query(sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one parameterised query on the published marts; cached per build unless USE_CACHE is off."""
    if not USE_CACHE:
        return _execute(sql, params)
    conn = _connection()
    return _cached(sql, tuple(params), str(conn.path), conn.key())


def scalar_row(sql: str, params: Sequence[Any] = ()) -> dict[str, Any]:
    df = query(sql, params)
    return {} if df.empty else {k: _py(v) for k, v in df.to_dict("records")[0].items()}


def _py(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


_TABLES: dict[tuple, frozenset[str]] = {}


def tables() -> frozenset[str]:
    """'schema.table' names in the published file; read once per build (the key changes with a new build)."""
    conn = _connection()
    memo_key = (str(conn.path), conn.key())
    names = _TABLES.get(memo_key)
    if names is None:
        df = _execute("select table_schema || '.' || table_name as name from information_schema.tables "
                      "where table_catalog = current_database()", [])
        names = frozenset(df["name"])
        _TABLES.clear()
        _TABLES[memo_key] = names
    return names


def status() -> str:
    """'ok', 'missing' (no published file) or 'incomplete' (a file without the marts tables)."""
    if file_key(marts_file()) is None:
        return "missing"
    try:
        names = tables()
    except (NoMarts, duckdb.Error):
        return "incomplete"
    return "ok" if all(f"{SCHEMA}.{t}" in names for t in REQUIRED_TABLES) else "incomplete"


def has_table(qualified: str) -> bool:
    return qualified in tables()


def build_info() -> dict[str, Any]:
    """When the published build was written and how many reports it holds."""
    path = marts_file()
    key = file_key(path)
    info = scalar_row("select count(*) as reports, max(ingested_at) as last_ingested from marts.mart_data_quality")
    info["path"] = str(path)
    info["published_at"] = pd.Timestamp(key[1], unit="ns", tz="UTC").tz_convert("Asia/Shanghai") if key else None
    return info


# --------------------------------------------------------------------------------------------------
# Filters

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


# --------------------------------------------------------------------------------------------------
# 总览

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
    wr, pr_ = _report_where(f)
    row.update(scalar_row(f"""
        select count(*) as reports,
               count(*) filter (where q.is_superseded) as superseded,
               count(*) filter (where q.is_unassigned) as unassigned
        from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}""", pr_))
    return row


def _report_where(f: Filters) -> tuple[str, list[Any]]:
    """WHERE for mart_data_quality q joined to dim_department d (place columns from the department)."""
    clauses, params = [], []
    for column, value in (("q.fiscal_year", f.year), ("d.region", f.region), ("d.prefecture", f.prefecture),
                          ("d.admin_level", f.admin_level), ("d.department_kind", f.kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return ("where " + " and ".join(clauses)) if clauses else "", params


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
    wr, pr = _report_where(f)
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


# --------------------------------------------------------------------------------------------------
# 部门对比

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
               greatest(coalesce(m.expenditure_basic_wan_yuan, 0) - coalesce(m.expenditure_personnel_wan_yuan, 0)
                        - coalesce(m.expenditure_public_wan_yuan, 0), 0) as expenditure_basic_other_wan_yuan,
               m.basic_share, m.project_share, m.personnel_share, m.public_share,
               t.three_public_budget_wan_yuan, t.three_public_actual_wan_yuan, t.three_public_actual_to_budget,
               t.is_three_public_within_budget
        from marts.mart_self_scores s
        left join marts.mart_spending_structure m using (report_id)
        left join marts.mart_three_public_control t using (report_id)
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


# --------------------------------------------------------------------------------------------------
# 趋势

def departments(f: Filters) -> pd.DataFrame:
    """Departments with a report under the filters (any year): id and name, for a picker."""
    w, p = where(f.without_year(), alias="d")
    return query(f"""
        select d.department_id, d.department_name, d.prefecture, d.county, t.years
        from marts.dim_department d
        left join (select department_id, count(*) as years from marts.mart_score_trend group by 1) t using (department_id)
        {w} order by d.department_name""", p)


def department_trend(department_id: str) -> pd.DataFrame:
    """One department, one row per year: score (own or later report), spending, structure, 三公."""
    return query("""
        with years as (
            select fiscal_year from marts.mart_score_trend where department_id = ?
            union select fiscal_year from marts.mart_spending_structure where department_id = ?)
        select y.fiscal_year, st.score as self_score, st.grade, st.score_source, m.report_id,
               m.income_total_wan_yuan, m.expenditure_total_wan_yuan, m.expenditure_personnel_wan_yuan,
               m.expenditure_public_wan_yuan, m.expenditure_project_wan_yuan,
               greatest(coalesce(m.expenditure_basic_wan_yuan, 0) - coalesce(m.expenditure_personnel_wan_yuan, 0)
                        - coalesce(m.expenditure_public_wan_yuan, 0), 0) as expenditure_basic_other_wan_yuan,
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
               sum(greatest(coalesce(m.expenditure_basic_wan_yuan, 0) - coalesce(m.expenditure_personnel_wan_yuan, 0)
                            - coalesce(m.expenditure_public_wan_yuan, 0), 0)) as expenditure_basic_other_wan_yuan,
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


# --------------------------------------------------------------------------------------------------
# 三公经费与运行成本

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
    w, p = where(f, extra=["three_public_actual_to_budget is not null"])
    return query(f"""
        with b as (
            select case when three_public_actual_to_budget < 0.5 then 1 when three_public_actual_to_budget < 0.8 then 2
                        when three_public_actual_to_budget < 0.95 then 3 when three_public_actual_to_budget <= 1 then 4
                        when three_public_actual_to_budget <= 1.1 then 5 else 6 end as bucket_order
            from marts.mart_three_public_control {w})
        select o.bucket_order,
               ['<50%', '50–80%', '80–95%', '95–100%', '超支≤10%', '超支>10%'][o.bucket_order] as bucket,
               count(b.bucket_order) as departments
        from range(1, 7) o(bucket_order) left join b using (bucket_order) group by 1 order by 1""", p)


def three_public_by_prefecture(f: Filters) -> pd.DataFrame:
    w, p = where(f, extra=["three_public_budget_wan_yuan is not null", "three_public_actual_wan_yuan is not null"])
    return query(f"""
        select coalesce(prefecture, '（省级）') as prefecture, count(*) as departments,
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


# --------------------------------------------------------------------------------------------------
# 问题分析

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


# --------------------------------------------------------------------------------------------------
# 报告详情

def is_report_id(value: Any) -> bool:
    return isinstance(value, str) and bool(REPORT_ID_RE.fullmatch(value))


def report_info(report_id: str) -> dict[str, Any]:
    """The report's data-quality row with its department's place and its score; {} if unknown."""
    if not is_report_id(report_id):
        return {}
    info = scalar_row("""
        select q.*, d.department_name, d.prefecture, d.county, d.region, d.admin_level, d.department_kind,
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


def fact_labels() -> dict[str, str]:
    """fact_key -> Chinese label (the fact dictionary, seeds/fact_keys.csv)."""
    df = query("select fact_key, label_zh from marts.dim_fact_key")
    return dict(zip(df["fact_key"], df["label_zh"]))


def label_keys(keys: Any, labels: dict[str, str]) -> Any:
    """'a,b' -> '甲、乙' (None stays None)."""
    if not isinstance(keys, str) or not keys:
        return keys
    return "、".join(labels.get(k.strip(), k.strip()) for k in keys.split(","))


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
               p.char_start, p.char_end, p.extraction_method, p.confidence
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
    """The report's validation findings, errors first, the rule named in Chinese (seeds/validation_rules.csv)."""
    if not has_table(FINDINGS_TABLE):
        return pd.DataFrame(columns=["rule_id", "rule_label", "severity", "message", "fact_keys"])
    df = query(f"""
        select rule as rule_id, rule_label_zh as rule_label, severity, message, fact_keys from {FINDINGS_TABLE}
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


# --------------------------------------------------------------------------------------------------
# 数据质量

def quality_summary(f: Filters) -> dict[str, Any]:
    wr, pr = _report_where(f)
    row = scalar_row(f"""
        select count(*) as reports,
               count(*) filter (where q.extraction_status = 'ok') as status_ok,
               count(*) filter (where q.extraction_status <> 'ok') as status_partial,
               count(*) filter (where q.has_error_finding) as with_error,
               count(*) filter (where q.finding_count > 0) as with_findings,
               count(*) filter (where q.missing_key_fact_count > 0) as missing_key_facts,
               count(*) filter (where q.unit_corrected_fact_count > 0 or q.correction_finding_count > 0) as corrected,
               count(*) filter (where q.is_superseded) as superseded,
               count(*) filter (where q.is_unassigned) as unassigned,
               avg(q.fact_count) as average_fact_count
        from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}""", pr)
    row["load_errors"] = (int(scalar_row(f"select count(*) as n from {LOAD_ERRORS_TABLE}")["n"])
                          if has_table(LOAD_ERRORS_TABLE) else None)
    return row


def fact_coverage(f: Filters) -> pd.DataFrame:
    """For each key of the fact dictionary (amounts, rates, headcount, score): the share of reports stating it."""
    wr, pr = _report_where(f)
    return query(f"""
        with r as (
            select q.report_id, q.missing_key_facts
            from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}),
        found as (  -- mart_fact_provenance has one row per report and fact key
            select p.fact_key, count(*) as reports_with
            from marts.mart_fact_provenance p {"semi join r using (report_id)" if wr else ""} group by 1
            union all  -- the score is a meta fact, not in mart_fact_provenance: missing_key_facts tells
            select 'self_score', count(*) filter (
                where not list_contains(string_split(coalesce(missing_key_facts, ''), ','), 'self_score'))
            from r)
        select k.fact_key, k.label_zh as fact_label_zh, k.fact_group, k.is_key, k.sort_order,
               coalesce(f.reports_with, 0) as reports_with, (select count(*) from r) as reports,
               coalesce(f.reports_with, 0) / nullif((select count(*) from r), 0) as coverage
        from marts.dim_fact_key k left join found f using (fact_key)
        where k.fact_group <> 'meta' or k.fact_key = 'self_score'
        order by k.sort_order""", pr)


def findings_by_rule(f: Filters) -> pd.DataFrame:
    if not has_table(FINDINGS_TABLE):
        return pd.DataFrame(columns=["rule_id", "rule_label", "severity", "findings", "reports"])
    wr, pr = _report_where(f)
    return query(f"""
        select x.rule as rule_id, x.rule_label_zh as rule_label, x.severity, count(*) as findings,
               count(distinct x.report_id) as reports
        from {FINDINGS_TABLE} x
        join marts.mart_data_quality q on q.report_id = x.report_id
        left join marts.dim_department d on d.department_id = q.department_id
        {wr}
        group by 1, 2, 3 order by findings desc, 1""", pr)


def rule_labels() -> dict[str, str]:
    """rule id -> Chinese label, for the rules that have findings in this build."""
    if not has_table(FINDINGS_TABLE):
        return {}
    df = query(f"select distinct rule, rule_label_zh from {FINDINGS_TABLE}")
    return dict(zip(df["rule"], df["rule_label_zh"]))


def quality_reports(f: Filters, only_issues: bool = False, limit: int = 2000) -> pd.DataFrame:
    """One row per report, the most troubled first; fact keys and rules named in Chinese."""
    wr, pr = _report_where(f)
    if only_issues:
        issue = ("(q.extraction_status <> 'ok' or q.finding_count > 0 or q.missing_key_fact_count > 0 "
                 "or q.unit_corrected_fact_count > 0 or q.is_superseded or q.is_unassigned)")
        wr = f"{wr} and {issue}" if wr else f"where {issue}"
    df = query(f"""
        select q.report_id, q.file_name, coalesce(d.department_name, q.department_name_stated) as department_name,
               q.fiscal_year, d.prefecture, q.extraction_status, q.fact_count, q.missing_key_fact_count,
               q.missing_key_facts, q.finding_count, q.error_finding_count, q.finding_rules,
               q.unit_corrected_fact_count, q.indicator_score_count, q.problem_count, q.is_superseded, q.is_unassigned
        from marts.mart_data_quality q left join marts.dim_department d using (department_id)
        {wr}
        order by q.error_finding_count desc, q.missing_key_fact_count desc, q.finding_count desc,
                 q.fiscal_year desc nulls last, q.file_name
        limit {int(limit)}""", pr)
    labels = fact_labels()
    df["missing_key_facts"] = df["missing_key_facts"].map(lambda k: label_keys(k, labels))
    rules = rule_labels()
    df["finding_rules"] = df["finding_rules"].map(lambda k: label_keys(k, rules))
    return df


def load_errors(limit: int = 2000) -> pd.DataFrame:
    """Files that failed to load, the newest first, the kind of error named in Chinese."""
    if not has_table(LOAD_ERRORS_TABLE):
        return pd.DataFrame(columns=["file_name", "error_kind", "message", "occurred_at", "source_path"])
    return query(f"select file_name, error_kind_label_zh as error_kind, message, occurred_at, source_path "
                 f"from {LOAD_ERRORS_TABLE} order by occurred_at desc, file_name limit {int(limit)}")
