"""`jixiao ingest PATH…`: report files → the `raw` schema of the warehouse.

Idempotent and incremental: a file whose path, size and modification time are already
loaded is skipped without being read; a file whose bytes are already loaded changes
nothing; a changed file replaces its old rows. Files are extracted in a process pool and
written in batches, each batch in one transaction, so an interrupted run leaves every
report either fully loaded or as it was before.

One bad file never stops the run: every failure (a missing path, a file too large, a
stuck extraction, a value that does not fit its column) is that file's row in
raw.load_errors and its line on the console. Rows arrive typed to their columns
(ingest.rows), so the bulk write cannot fail on content.
"""
from __future__ import annotations

import hashlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import duckdb
import pyarrow as pa
from tqdm import tqdm

from ingest.failures import FileFailure, stat_failure
from ingest.files import find_files
from ingest.isolation import Outcome, attempt
from ingest.limits import TIME_BUDGET_SECONDS, hard_limit, timeout_failure
from warehouse.paths import duckdb_memory_limit

SCHEMA_SQL = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
TABLES = ("reports", "report_text", "facts", "indicator_scores", "indicator_targets", "score_history", "problems",
          "findings")
BATCH = 400
KILL_GRACE_SECONDS = 5      # after the budget, a worker stuck in C code is killed and replaced
MAX_POOL_RESTARTS = 20


@dataclass
class Summary:
    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    hidden: int = 0
    skipped: list[str] = field(default_factory=list)                  # files in folders that are no documents
    facts: int = 0
    findings: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)   # (path, kind, message)
    notes: list[tuple[str, str]] = field(default_factory=list)         # (path, implausible value)
    touched: list[tuple[str, int]] = field(default_factory=list)       # same bytes, new mtime

    def line(self, seconds: float) -> str:
        hidden = f"; {self.hidden} hidden files or folders left out" if self.hidden else ""
        return (f"reports: {self.loaded} loaded ({self.replaced} replacing an older version), {self.unchanged} "
                f"unchanged; facts: {self.facts}; findings: {self.findings}; errors: {len(self.errors)}{hidden}; "
                f"{seconds:.1f} s")


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, creating it and the raw schema if needed."""
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db))
    except duckdb.IOException as e:
        raise SystemExit(f"cannot open {db} for writing (is another jixiao command using it?): {e}") from None
    # bounded memory on large corpora: DuckDB would otherwise cache up to 80 % of RAM
    con.execute(f"set memory_limit = '{duckdb_memory_limit()}'")
    con.execute(SCHEMA_SQL)
    return con


def run_ingest(paths: list[str], db: Path, workers: int | None = None, quiet: bool = False,
               budget: float | None = TIME_BUDGET_SECONDS) -> int:
    t0 = time.perf_counter()
    con = connect(db)
    known = {row[0]: row[1:] for row in con.execute(
        "select source_path, report_id, file_size, file_mtime_ns from raw.reports").fetchall()}
    todo, summary, failed = _changed_files(paths, known)
    if summary.touched:                          # remember the new times so the next run skips them unread
        con.executemany("update raw.reports set file_mtime_ns = ? where source_path = ?",
                        [(m, p) for p, m in summary.touched])
    bar = tqdm(total=len(todo), unit="report", disable=quiet or len(todo) < 20, file=sys.stderr)
    try:
        batch: list[Outcome] = failed
        for outcome in _extract_all(todo, workers, budget):
            batch.append(outcome)
            bar.update(1)
            if len(batch) >= BATCH:
                _write_batch(con, batch, known, summary)
                batch = []
        _write_batch(con, batch, known, summary)
    finally:
        bar.close()
        con.close()
    for path, note in summary.notes:
        print(f"finding: {path}: implausible_value: {note}", file=sys.stderr)
    for path, kind, message in summary.errors:
        print(f"error: {path}: {kind}: {message}", file=sys.stderr)
    if summary.skipped:
        names = ", ".join(os.path.basename(p) for p in summary.skipped[:5])
        more = f" and {len(summary.skipped) - 5} more" if len(summary.skipped) > 5 else ""
        print(f"skipped {len(summary.skipped)} file(s) that are not report documents: {names}{more}", file=sys.stderr)
    print(summary.line(time.perf_counter() - t0))
    return 1 if summary.errors else 0


def _changed_files(paths: list[str], known: dict) -> tuple[list[tuple[str, int, int]], Summary, list[Outcome]]:
    """(path, size, mtime) of the files not loaded as they are now, and the paths that fail
    before reading. A loaded path whose size or time changed is hashed here: bytes unchanged
    (a touched or copied-back file) means nothing to extract."""
    walk = find_files(paths)
    summary, todo, failed = Summary(hidden=walk.hidden, skipped=walk.skipped), [], []
    for found in walk.found:
        path = os.path.realpath(found.path)
        if found.failure:
            failed.append(Outcome(path, failure=found.failure))
            continue
        try:
            st = os.stat(path)
            old = known.get(path)
            if old and old[1] == st.st_size and old[2] == st.st_mtime_ns:
                summary.unchanged += 1
                continue
            if old and old[1] == st.st_size and _sha256(path) == old[0]:
                summary.unchanged += 1
                summary.touched.append((path, st.st_mtime_ns))
                continue
        except OSError as e:
            failed.append(Outcome(path, failure=stat_failure(e)))
            continue
        todo.append((path, st.st_size, st.st_mtime_ns))
    return todo, summary, failed


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _extract_all(todo: list[tuple[str, int, int]], workers: int | None, budget: float | None) -> Iterator[Outcome]:
    if not todo:
        return                                  # an unchanged folder never loads the extractor
    import ingest.pipeline  # noqa: F401  (imported once here, before forking, not in each worker)
    from ingest.rows import schema
    schema()                                    # the raw contract, read once before forking
    work = partial(process_file, budget=budget)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(todo) < 8:
        yield from map(work, todo)
        return
    from ingest.places import _reference
    _reference()                                # load the division reference once, before forking
    for limit, files in _by_hard_limit(todo, budget):
        yield from _in_pool(work, files, workers, limit)


def _by_hard_limit(todo: list[tuple[str, int, int]], budget: float | None) -> list[tuple[float | None, list]]:
    """The files in two groups, each with the time after which a worker still on one of them is
    killed: files read quickly, and files whose reading may take long (scans, conversions)."""
    if not budget:
        return [(None, todo)]
    quick = budget + KILL_GRACE_SECONDS
    limits = [hard_limit(path, size, budget, KILL_GRACE_SECONDS) for path, size, _ in todo]
    slow = [item for item, limit in zip(todo, limits) if limit > quick]
    groups = [(quick, [item for item, limit in zip(todo, limits) if limit <= quick])]
    if slow:
        groups.append((max(limits), slow))
    return [(limit, files) for limit, files in groups if files]


def _in_pool(work, todo: list[tuple[str, int, int]], workers: int, limit: float | None) -> Iterator[Outcome]:
    """Outcomes in the order of `todo`. A worker still on a file after `limit` seconds (stuck
    where the budget's signal cannot reach) or killed is replaced; its file gets a timeout or
    worker_died row. A pool that breaks (a worker killed between two files) is started again
    for the files left."""
    from concurrent.futures.process import BrokenProcessPool
    done, restarts = 0, 0
    while done < len(todo):
        broken, outcomes = False, _one_pool(work, todo[done:], workers, limit)
        for outcome in outcomes:
            if outcome is None:                        # the pool broke before this file was tried
                broken, restarts = True, restarts + 1
                break
            done += 1
            yield outcome
        outcomes.close()                               # stop the broken pool now
        if broken and restarts > MAX_POOL_RESTARTS:
            raise BrokenProcessPool(f"the extraction pool broke {restarts} times; is the machine out of memory?")


def _one_pool(work, todo: list[tuple[str, int, int]], workers: int, limit: float | None) -> Iterator[Outcome | None]:
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    from pebble import ProcessExpired, ProcessPool
    pool = ProcessPool(max_workers=workers, initializer=_ignore_interrupts, context=get_context("fork"))
    try:
        results = pool.map(work, todo, timeout=limit).result()
        for path, _, _ in todo:
            try:
                yield next(results)
            except FutureTimeout:
                yield Outcome(path, failure=timeout_failure(limit or 0, killed=True))
            except ProcessExpired as e:
                yield Outcome(path, failure=FileFailure("worker_died", f"the process extracting this file was killed "
                                                                      f"(exit code {e.exitcode}); try it again alone"))
            except BrokenProcessPool:
                yield None
                return
            except Exception as e:
                yield Outcome(path, failure=FileFailure("internal_error", f"{type(e).__name__}: {str(e)[:200]}"))
        pool.close()
    finally:
        pool.stop()
        pool.join()


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops the pool: no tracebacks from them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_file(item: tuple[str, int, int], budget: float | None = TIME_BUDGET_SECONDS) -> Outcome:
    """Worker: one file → its typed rows, or the failure that stopped it. Never raises."""
    from ingest.rows import report_rows
    path, size, mtime = item
    now = datetime.now()
    return attempt(path, lambda report: report_rows(report, path, size, mtime, now), budget)


def _write_batch(con: duckdb.DuckDBPyConnection, batch: list[Outcome], known: dict, summary: Summary) -> None:
    if not batch:
        return
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    errors, replace_ids, done_paths = [], set(), []
    seen_ids = _existing_ids(con, [r.hash for r in batch if r.failure is None])
    for r in batch:
        if r.failure is not None:
            errors.append(r)
            continue
        old = known.get(r.path)
        if r.hash in seen_ids:                          # same bytes already loaded (here or as a copy)
            summary.unchanged += 1
            done_paths.append(r.path)
            continue
        seen_ids.add(r.hash)
        if old:
            replace_ids.add(old[0])
            summary.replaced += 1
        for t in TABLES:
            tables[t].extend(r.result[t])
        summary.loaded += 1
        summary.facts += sum(len(r.result[t]) for t in TABLES[2:7])
        summary.findings += len(r.result["findings"])
        summary.notes.extend((r.path, n) for n in r.notes)
        done_paths.append(r.path)
    _commit(con, tables, replace_ids, done_paths, errors)
    for r in errors:
        summary.errors.append((r.path, r.failure.kind, r.failure.message))
    for r in batch:
        if r.failure is None:
            row = r.result["reports"][0]
            known[r.path] = (row["report_id"], row["file_size"], row["file_mtime_ns"])


def _existing_ids(con, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = con.execute("select report_id from raw.reports where report_id in (select unnest(?))", [ids]).fetchall()
    return {r[0] for r in rows}


def _commit(con, tables: dict[str, list[dict]], replace_ids: set[str], done_paths: list[str],
            errors: list[Outcome]):
    """Delete what is replaced, insert the new rows, record errors: all or nothing."""
    from ingest.pipeline import EXTRACTOR_VERSION
    con.execute("begin transaction")
    try:
        if replace_ids:
            ids = list(replace_ids)
            for t in TABLES:
                con.execute(f"delete from raw.{t} where report_id in (select unnest(?))", [ids])
        for t in TABLES:
            if tables[t]:
                con.register("batch_rows", _arrow(t, tables[t]))
                con.execute(f"insert into raw.{t} by name select * from batch_rows")
                con.unregister("batch_rows")
        paths = done_paths + [r.path for r in errors]
        if paths:
            con.execute("delete from raw.load_errors where source_path in (select unnest(?))", [paths])
        now = datetime.now()
        error_rows = {r.path: {"source_path": r.path, "file_name": Path(r.path).name, "file_hash": r.hash,
                               "error_kind": r.failure.kind, "message": r.failure.message, "occurred_at": now,
                               "extractor_version": EXTRACTOR_VERSION} for r in errors}
        if error_rows:
            con.register("batch_rows", _arrow("load_errors", list(error_rows.values())))
            con.execute("insert into raw.load_errors by name select * from batch_rows")
            con.unregister("batch_rows")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
                "TIMESTAMP": pa.timestamp("us"), "DATE": pa.date32()}


def _arrow(table: str, rows: list[dict]) -> pa.Table:
    """Typed rows (ingest.rows.typed) as an Arrow table of the raw table's column types, by name."""
    from ingest.rows import schema
    arrays, names = [], []
    for col in schema()[table]:
        typ = pa.decimal128(*col.decimal) if col.decimal else _ARROW_TYPES[col.type]
        arrays.append(pa.array([r[col.name] for r in rows], type=typ))
        names.append(col.name)
    return pa.Table.from_arrays(arrays, names=names)
