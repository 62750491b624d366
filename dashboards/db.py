"""The connection to the published marts file, read-only, and the query runner every page uses.

- SQL is parameterised with `?`; values that reach SQL are passed as parameters, never formatted in.
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
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from warehouse.paths import published_marts

CACHE_TTL_S = 600
USE_CACHE = True
SCHEMA = "marts"
REQUIRED_TABLES = ("dim_department", "dim_place", "dim_year", "dim_fact_key", "dim_column_label", "dim_value_label",
                   "dim_ratio_bucket", "mart_self_scores",
                   "mart_spending_structure", "mart_three_public_control", "mart_problem_categories", "mart_score_trend",
                   "mart_data_quality", "mart_fact_provenance", "mart_indicator_scores")
# Marts that add detail where present: a build may leave out the texts (var publish_report_text), and a
# build older than these marts has none of them.
TEXTS_TABLE = "marts.mart_report_texts"
FINDINGS_TABLE = "marts.mart_validation_findings"
LOAD_ERRORS_TABLE = "marts.mart_load_errors"


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
