"""`jixiao build`: build the marts with dbt and publish them atomically.

DuckDB allows one writer per file, and a reader holding the file blocks a writer. So the build
never writes the file readers use:

1. dbt builds into a fresh file next to the warehouse (`jixiao_marts_next.duckdb`), with the raw
   warehouse attached read-only (dbt_project/profiles.yml reads both paths from the environment);
2. on success the new file is checkpointed, closed and `os.replace`d onto the published file
   (`marts_path(db_path)`), an atomic rename: a reader sees the old build or the new one, never a
   half-built state, and an open read-only connection keeps reading the old build until it closes;
3. on failure the new file is deleted and the published file is left as it was.

An exclusive flock on the warehouse's folder keeps two builds from running at once (no lock file
is left behind).

Readers find the published file through `warehouse.paths.marts_path()`.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warehouse.corrections import snapshot
from warehouse.paths import (
    DBT_PROJECT_DIR,
    ENV_CORRECTIONS_SNAPSHOT,
    ENV_DB,
    ENV_DBT_THREADS,
    ENV_MARTS_BUILD_PATH,
    MARTS_SCHEMA,
    build_path,
    corrections_path,
    corrections_snapshot_path,
    marts_path,
)


@dataclass
class BuildReport:
    """What one `run_build` did, for the summary line and for benchmarks."""

    ok: bool = False
    wall_s: float = 0.0
    dbt_s: float = 0.0            # the dbt invocation, start to end
    startup_parse_s: float = 0.0  # dbt start-up, parse and graph, before the first node starts
    nodes_s: float = 0.0          # first node start to last node end (dbt's run phase)
    sql_s: float = 0.0            # sum over nodes of the time DuckDB spent executing them
    publish_s: float = 0.0        # checkpoint + atomic replace
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    published: Path | None = None
    published_bytes: int = 0


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}.wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@contextlib.contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _close_dbt_duckdb() -> None:
    """Make dbt-duckdb release its database handle so the built file can be checkpointed and moved."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        with contextlib.suppress(Exception):
            env.close()
    DuckDBConnectionManager.close_all_connections()


def _iso(ts: str | None) -> float | None:
    if not ts:
        return None
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).replace(tzinfo=UTC).timestamp()


def _timings(run_results: Path, started: float, report: BuildReport) -> None:
    """Fill the startup/nodes/sql split from dbt's run_results.json."""
    try:
        data = json.loads(run_results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    starts, ends, sql = [], [], 0.0
    for r in data.get("results", []):
        for t in r.get("timing", []):
            s, e = _iso(t.get("started_at")), _iso(t.get("completed_at"))
            if s is None or e is None:
                continue
            starts.append(s)
            ends.append(e)
            if t.get("name") == "execute":
                sql += e - s
    if starts:
        report.startup_parse_s = max(0.0, min(starts) - started)
        report.nodes_s = max(ends) - min(starts)
    report.sql_s = sql


def _check_raw(db_path: Path) -> str | None:
    """An error message if `db_path` is not a readable raw warehouse, else None."""
    import duckdb

    if not db_path.exists():
        return f"no warehouse at {db_path}: run `jixiao ingest` first"
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as e:
        return f"cannot open {db_path} read-only (is an ingest still running?): {e}"
    try:
        n = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'reports'"
        ).fetchone()[0]
    finally:
        con.close()
    return None if n else f"{db_path} has no raw.reports table: run `jixiao ingest` first"


def build(db_path: Path | str, *, target_path: Path | None = None, threads: int | None = None,
          quiet: bool = True, extra_args: list[str] | None = None) -> BuildReport:
    """Run `dbt build` into a fresh file and publish it on success. Never raises for a failed build."""
    import duckdb
    from dbt.cli.main import dbtRunner

    t0 = time.perf_counter()
    report = BuildReport()
    db_path = Path(db_path).resolve()
    problem = _check_raw(db_path)
    if problem:
        report.failures.append(problem)
        report.wall_s = time.perf_counter() - t0
        return report

    lock_fd = os.open(db_path.parent, os.O_RDONLY)  # the folder itself is the lock
    try:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report.failures.append(f"another build is running in {db_path.parent}")
            return report

        next_path, published = build_path(db_path), marts_path(db_path)
        _remove(next_path)
        target = Path(target_path) if target_path else DBT_PROJECT_DIR / "target"
        args = ["build", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                "--target-path", str(target), "--log-path", str(target / "logs")]
        if quiet:
            args.append("--quiet")
        args += extra_args or []
        # the analysts' corrections as they are now; one saved during the build waits for the next
        corrections = snapshot(corrections_path(db_path), corrections_snapshot_path(db_path))
        env = {ENV_DB: str(db_path), ENV_MARTS_BUILD_PATH: str(next_path), ENV_CORRECTIONS_SNAPSHOT: str(corrections),
               "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
        if threads:
            env[ENV_DBT_THREADS] = str(threads)

        started_wall = time.time()
        t_dbt = time.perf_counter()
        with _env(**env):
            try:
                res = dbtRunner().invoke(args)
            finally:
                _close_dbt_duckdb()
        report.dbt_s = time.perf_counter() - t_dbt
        _timings(target / "run_results.json", started_wall, report)

        results = getattr(res.result, "results", None) or []
        for r in results:
            status = str(getattr(r.status, "value", r.status))
            report.counts[status] = report.counts.get(status, 0) + 1
            if status in ("error", "fail", "runtime error"):
                report.failures.append(f"{r.node.resource_type} {r.node.name}: {status}"
                                       + (f" ({r.failures} rows)" if getattr(r, "failures", None) else "")
                                       + (f": {r.message}" if r.message and status == "error" else ""))
        if res.exception is not None:
            report.failures.append(f"dbt: {res.exception}")
        if not res.success:
            _remove(next_path)
            return report

        t_pub = time.perf_counter()
        con = duckdb.connect(str(next_path))
        try:
            n_marts = con.execute(
                "select count(*) from information_schema.tables where table_schema = ?", [MARTS_SCHEMA]
            ).fetchone()[0]
            con.execute("checkpoint")
        finally:
            con.close()
        if not n_marts:
            report.failures.append(f"the build produced no tables in schema {MARTS_SCHEMA}")
            _remove(next_path)
            return report
        os.replace(next_path, published)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{next_path}.wal")
        report.publish_s = time.perf_counter() - t_pub
        report.ok = True
        report.published = published
        report.published_bytes = published.stat().st_size
        return report
    finally:
        fcntl.flock(lock_fd, fcntl.LOCK_UN)
        os.close(lock_fd)
        report.wall_s = time.perf_counter() - t0


def run_build(db_path: Path) -> int:
    """`jixiao build`: dbt build into a new file, publish it atomically, print a short summary."""
    print(f"building marts from {db_path} …", file=sys.stderr)
    r = build(db_path)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items())) or "nothing ran"
    if r.ok:
        print(f"published {r.published} ({r.published_bytes / 1e6:.1f} MB) in {r.wall_s:.1f} s "
              f"[dbt {r.dbt_s:.1f} s: start-up/parse {r.startup_parse_s:.1f} s, nodes {r.nodes_s:.1f} s, "
              f"SQL {r.sql_s:.1f} s; publish {r.publish_s:.2f} s] — {counts}")
        return 0
    print(f"build FAILED after {r.wall_s:.1f} s — {counts}", file=sys.stderr)
    for f in r.failures:
        print(f"  {f}", file=sys.stderr)
    published = marts_path(db_path)
    print(f"the published marts are unchanged: {published}"
          + ("" if published.exists() else " (none published yet)"), file=sys.stderr)
    return 1
