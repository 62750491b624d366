"""`jixiao ingest PATH…`: report files → the `raw` schema of the warehouse.

Idempotent and incremental: a file whose path, size and modification time are already
loaded is skipped without being read; a file whose bytes are already loaded changes
nothing; a changed file replaces its old rows. Files are extracted in a process pool and
written in batches, each batch in one transaction, so an interrupted run leaves every
report either fully loaded or as it was before.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

import duckdb
import pyarrow as pa
from tqdm import tqdm

from warehouse.paths import duckdb_memory_limit

SCHEMA_SQL = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
# Inside a folder, files of these types are read; those that cannot be (an OFD, a picture, an
# archive) get their error row. Other files (answer keys, notes) are listed as skipped.
REPORT_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".htm", ".html", ".shtml", ".doc", ".wps", ".xlsx", ".xlsm",
                   ".xls", ".et", ".ofd", ".rtf", ".odt", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".tif", ".tiff",
                   ".zip", ".rar", ".7z"}
TABLES = ("reports", "report_text", "facts", "indicator_scores", "indicator_targets", "score_history", "problems",
          "findings")
BATCH = 400


@dataclass
class Summary:
    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    facts: int = 0
    findings: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)   # (path, kind, message)
    touched: list[tuple[str, int]] = field(default_factory=list)       # same bytes, new mtime

    def line(self, seconds: float) -> str:
        return (f"reports: {self.loaded} loaded ({self.replaced} replacing an older version), {self.unchanged} "
                f"unchanged; facts: {self.facts}; findings: {self.findings}; errors: {len(self.errors)}; "
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


def iter_files(paths: Iterable[str], skipped: list[Path] | None = None) -> Iterator[Path]:
    """Files named, and report files inside folders named (recursively, in name order);
    other files met in a folder are appended to skipped."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if Path(name).suffix.lower() in REPORT_SUFFIXES:
                        yield Path(root) / name
                    elif skipped is not None:
                        skipped.append(Path(root) / name)
        else:
            yield p


def run_ingest(paths: list[str], db: Path, workers: int | None = None, quiet: bool = False) -> int:
    t0 = time.perf_counter()
    con = connect(db)
    known = {row[0]: row[1:] for row in con.execute(
        "select source_path, report_id, file_size, file_mtime_ns from raw.reports").fetchall()}
    skipped: list[Path] = []
    todo, summary = _changed_files(iter_files(paths, skipped), known)
    if summary.touched:                          # remember the new times so the next run skips them unread
        con.executemany("update raw.reports set file_mtime_ns = ? where source_path = ?",
                        [(m, p) for p, m in summary.touched])
    bar = tqdm(total=len(todo), unit="report", disable=quiet or len(todo) < 20, file=sys.stderr)
    try:
        batch: list[dict] = []
        for result in _extract_all(todo, workers):
            batch.append(result)
            bar.update(1)
            if len(batch) >= BATCH:
                _write_batch(con, batch, known, summary)
                batch = []
        _write_batch(con, batch, known, summary)
    finally:
        bar.close()
        con.close()
    for path, kind, message in summary.errors:
        print(f"error: {path}: {kind}: {message}", file=sys.stderr)
    if skipped:
        names = ", ".join(p.name for p in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        print(f"skipped {len(skipped)} file(s) that are not report documents: {names}", file=sys.stderr)
    print(summary.line(time.perf_counter() - t0))
    return 1 if summary.errors else 0


def _changed_files(files: Iterable[Path], known: dict) -> tuple[list[tuple[str, int, int]], Summary]:
    """(path, size, mtime) of the files not loaded as they are now. A loaded path whose
    size or time changed is hashed here: bytes unchanged (a touched or copied-back file)
    means nothing to extract."""
    import hashlib
    summary, todo = Summary(), []
    for f in files:
        path = str(f.resolve())
        try:
            st = f.stat()
            old = known.get(path)
            if old and old[1] == st.st_size and old[2] == st.st_mtime_ns:
                summary.unchanged += 1
                continue
            if old and old[1] == st.st_size and hashlib.sha256(f.read_bytes()).hexdigest() == old[0]:
                summary.unchanged += 1
                summary.touched.append((path, st.st_mtime_ns))
                continue
        except OSError as e:
            summary.errors.append((str(f), "unreadable", e.strerror or str(e)))
            continue
        todo.append((path, st.st_size, st.st_mtime_ns))
    return todo, summary


def _extract_all(todo: list[tuple[str, int, int]], workers: int | None) -> Iterator[dict]:
    if not todo:
        return                                  # an unchanged folder never loads the extractor
    import ingest.pipeline  # noqa: F401  (imported once here, before forking, not in each worker)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(todo) < 8:
        yield from map(process_file, todo)
        return
    from ingest.places import _reference
    _reference()                                # load the division reference once, before forking
    with get_context("fork").Pool(workers) as pool:
        yield from pool.imap(process_file, todo, chunksize=8)


def process_file(item: tuple[str, int, int]) -> dict:
    """Worker: one file → its rows, or the error that stopped it. Never raises."""
    from ingest.documents import DocumentError
    from ingest.pipeline import NotAReportError, extract_bytes, report_id_of
    from ingest.rows import report_rows
    path, size, mtime = item
    name = Path(path).name
    now = datetime.now()
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return {"path": path, "error": ("unreadable", e.strerror or str(e)), "hash": None}
    digest = report_id_of(data)
    try:
        report = extract_bytes(name, data)
    except (DocumentError, NotAReportError) as e:
        return {"path": path, "error": (e.kind, e.message), "hash": digest}
    except Exception as e:              # an extractor bug must not stop the run: record it
        return {"path": path, "error": ("extract_error", f"{type(e).__name__}: {e}"), "hash": digest}
    return {"path": path, "hash": digest, "rows": report_rows(report, path, size, mtime, now)}


def _write_batch(con: duckdb.DuckDBPyConnection, batch: list[dict], known: dict, summary: Summary) -> None:
    if not batch:
        return
    tables: dict[str, list[tuple]] = {t: [] for t in TABLES}
    errors, replace_ids, done_paths = [], set(), []
    seen_ids = _existing_ids(con, [r["hash"] for r in batch if "rows" in r])
    for r in batch:
        if "error" in r:
            errors.append(r)
            continue
        old = known.get(r["path"])
        if r["hash"] in seen_ids:                       # same bytes already loaded (here or as a copy)
            summary.unchanged += 1
            done_paths.append(r["path"])
            continue
        seen_ids.add(r["hash"])
        if old:
            replace_ids.add(old[0])
            summary.replaced += 1
        for t in TABLES:
            tables[t].extend(r["rows"][t])
        summary.loaded += 1
        summary.facts += sum(len(r["rows"][t]) for t in TABLES[2:7])
        summary.findings += len(r["rows"]["findings"])
        done_paths.append(r["path"])
    _commit(con, tables, replace_ids, done_paths, errors)
    for r in errors:
        summary.errors.append((r["path"], *r["error"]))
    for r in batch:
        if "rows" in r:
            row = r["rows"]["reports"][0]
            known[r["path"]] = (row[0], row[4], row[5])


def _existing_ids(con, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = con.execute("select report_id from raw.reports where report_id in (select unnest(?))", [ids]).fetchall()
    return {r[0] for r in rows}


def _commit(con, tables: dict[str, list[tuple]], replace_ids: set[str], done_paths: list[str], errors: list[dict]):
    """Delete what is replaced, insert the new rows, record errors: all or nothing."""
    con.execute("begin transaction")
    try:
        if replace_ids:
            ids = list(replace_ids)
            for t in TABLES:
                con.execute(f"delete from raw.{t} where report_id in (select unnest(?))", [ids])
        for t in TABLES:
            if tables[t]:
                arrow = _arrow(con, t, tables[t])
                con.register("batch_rows", arrow)
                con.execute(f"insert into raw.{t} select * from batch_rows")
                con.unregister("batch_rows")
        paths = done_paths + [r["path"] for r in errors]
        if paths:
            con.execute("delete from raw.load_errors where source_path in (select unnest(?))", [paths])
        from ingest.pipeline import EXTRACTOR_VERSION
        for r in errors:
            con.execute("insert into raw.load_errors values (?, ?, ?, ?, ?, ?, ?)",
                        [r["path"], Path(r["path"]).name, r["hash"], r["error"][0], r["error"][1], datetime.now(),
                         EXTRACTOR_VERSION])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
                "TIMESTAMP": pa.timestamp("us"), "DATE": pa.date32()}
_schemas: dict[str, list[tuple[str, str]]] = {}


def _arrow(con, table: str, rows: list[tuple]) -> pa.Table:
    """Rows as an Arrow table typed like the raw table, so DuckDB inserts them in bulk."""
    if table not in _schemas:
        _schemas[table] = [(r[0], r[1]) for r in con.execute(f"describe raw.{table}").fetchall()]
    cols = list(zip(*rows))
    arrays = []
    for (_, typ), values in zip(_schemas[table], cols):
        if typ.startswith("DECIMAL"):
            p, s = (int(x) for x in typ[8:-1].split(","))
            q = Decimal(10) ** -s
            arrays.append(pa.array([None if v is None else Decimal(v).quantize(q) for v in values],
                                   type=pa.decimal128(p, s)))
        else:
            arrays.append(pa.array(values, type=_ARROW_TYPES[typ]))
    return pa.Table.from_arrays(arrays, names=[n for n, _ in _schemas[table]])
