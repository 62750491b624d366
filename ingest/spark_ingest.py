"""`jixiao ingest --engine spark PATH…`: report files → the `raw` tables as partitioned Parquet.

The same extraction as `jixiao ingest` (ingest.pipeline.extract_bytes and the row builder
ingest.rows.report_rows), mapped over the files by Spark: local[2] on one machine, a cluster
with a master URL or `spark-submit`. Files are read with Spark's `binaryFile` source, so paths may
be local folders or HDFS / object-store URIs.

- Incremental by content hash: a file whose sha256 is already a `raw.reports.report_id` is not
  extracted again; a path whose bytes changed replaces its old report.
- A file that cannot be read or extracted is a `load_errors` row, never a failed job.
- Each run rewrites only the partitions (province × fiscal year) it touches, with Spark's dynamic
  partition overwrite; rows of a report are removed before its new rows are written, so a re-run
  after an interrupted one loads every report exactly once.
"""
from __future__ import annotations

import re
import time
from datetime import datetime
from decimal import Decimal
from functools import cache

from warehouse.paths import spark_warehouse
from warehouse.spark import PARTITION_COLUMNS, RAW_DIR, path_in, session

TABLES = ("reports", "report_text", "facts", "indicator_scores", "indicator_targets", "score_history", "problems",
          "findings")
ERROR_TABLE = "load_errors"
_SPARK_TYPES = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "bigint", "DOUBLE": "double",
                "TIMESTAMP": "timestamp_ntz", "DATE": "date", "BOOLEAN": "boolean"}


@cache
def raw_columns() -> dict[str, list[tuple[str, str]]]:
    """(column, DuckDB type) of every raw table, read from ingest/schema.sql itself (the contract)."""
    import duckdb

    from ingest.load import SCHEMA_SQL
    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL)
        return {t: [(r[0], r[1]) for r in con.execute(f"describe raw.{t}").fetchall()]
                for t in (*TABLES, ERROR_TABLE)}


def spark_ddl(table: str) -> str:
    """The raw table as a Spark DDL column list (decimal(p,s) kept exactly)."""
    return ", ".join(f"`{name}` {_SPARK_TYPES.get(typ, typ.lower())}" for name, typ in raw_columns()[table])


def _result_schema():
    """One row per file: its path, hash and error (if any), and the rows of every raw table."""
    from pyspark.sql.types import StructType
    nested = ", ".join(f"`{t}` array<struct<{spark_ddl(t)}>>" for t in TABLES)
    return StructType.fromDDL(f"path string, report_id string, error_kind string, error_message string, {nested}")


def _typed(table: str, row) -> tuple:
    """A row of the row builder as a tuple in schema order, decimals quantized to their column's scale."""
    cols = raw_columns()[table]
    values = [row[name] for name, _ in cols] if isinstance(row, dict) else list(row)
    out = []
    for (_, typ), v in zip(cols, values):
        if v is not None and typ.startswith("DECIMAL"):
            v = Decimal(v).quantize(Decimal(1).scaleb(-int(typ[:-1].split(",")[1])))
        out.append(v)
    return tuple(out)


def extract_file(path: str, data: bytes, size: int, mtime_ns: int, now: datetime) -> tuple:
    """One file's result row (see _result_schema). Never raises: a failure is the file's error,
    decided as `jixiao ingest` decides it (ingest.isolation)."""
    from ingest.isolation import attempt_bytes
    from ingest.limits import TIME_BUDGET_SECONDS
    from ingest.rows import report_rows

    outcome = attempt_bytes(path, data, lambda report: report_rows(report, path, size, mtime_ns, now),
                            TIME_BUDGET_SECONDS)
    if outcome.failure is not None:
        return (path, outcome.hash, outcome.failure.kind, outcome.failure.message, *([] for _ in TABLES))
    return (path, outcome.hash, None, None, *([_typed(t, r) for r in outcome.result[t]] for t in TABLES))


def _extract_partition(rows):
    now = datetime.now()
    for r in rows:
        yield extract_file(r.path, bytes(r.content), r.length, r.mtime_ns, now)


# Spark names local files `file:/abs/path`; the warehouse stores them as DuckDB's ingest does: /abs/path
LOCAL_FILE_PREFIX = r"^file:(//)?(?=/)"


def local_path(uri: str) -> str:
    return re.sub(LOCAL_FILE_PREFIX, "", uri)


def run_spark_ingest(paths: list[str], location: str | None = None, quiet: bool = False) -> int:
    """Extract `paths` (files or folders, recursively) into the Spark warehouse `location`."""
    t0 = time.perf_counter()
    location = spark_warehouse(location)
    spark = session(location)
    summary = ingest(spark, paths, location)
    for path, kind, message, _ in summary["errors"]:
        print(f"error: {path}: {kind}: {message}")
    print(f"reports: {summary['loaded']} loaded ({summary['replaced']} replacing an older version), "
          f"{summary['unchanged']} unchanged; facts: {summary['facts']}; errors: {len(summary['errors'])}; "
          f"{time.perf_counter() - t0:.1f} s → {path_in(location, RAW_DIR)}")
    return 1 if summary["errors"] else 0


def ingest(spark, paths: list[str], location: str) -> dict:
    """The job itself, on an existing session; returns counts and the errors of this run."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from ingest.limits import MAX_BYTES

    listed, missing = _list_files(spark, paths)
    listed = listed.withColumn("path", _local_path_col(F.col("path")))
    known = _read_raw(spark, location, "reports")
    too_large = listed.where(F.col("length") > MAX_BYTES).select(
        "path", F.lit("too_large").alias("error_kind"),
        F.concat(F.lit("file is "), F.col("length").cast("string"),
                 F.lit(f" bytes, more than the limit of {MAX_BYTES:,}")).alias("error_message")).collect()
    hashed = (listed.where(F.col("length") <= MAX_BYTES)
              .withColumn("report_id", F.sha2(F.col("content"), 256))
              .withColumn("mtime_ns", F.unix_micros(F.col("modificationTime").cast("timestamp")) * 1000))
    if known is not None:
        hashed = hashed.join(known.select("report_id"), "report_id", "left_anti")
    todo = hashed.dropDuplicates(["report_id"]).select("path", "content", "length", "mtime_ns")
    n_listed = listed.count()

    results = spark.createDataFrame(todo.rdd.mapPartitions(_extract_partition), _result_schema())
    results = results.persist(StorageLevel.MEMORY_AND_DISK)
    ok = results.where(F.col("error_kind").isNull())
    errors = [(r.path, r.error_kind, r.error_message, r.report_id) for r in
              results.where(F.col("error_kind").isNotNull()).select("path", "error_kind", "error_message", "report_id")
              .collect()]
    errors += [(r.path, r.error_kind, r.error_message, None) for r in too_large]
    n_scanned_errors = len(errors)
    for path in _empty_files(listed, n_listed):
        _, digest, kind, message, *_ = extract_file(path, b"", 0, 0, datetime.now())
        errors.append((path, kind, message, digest))
    errors += [(p, "unreadable", "the path does not exist", None) for p in missing]

    # the reports this run writes, and the older versions of their paths: both leave the tables first
    new_ids = ok.select("report_id", F.col("path").alias("source_path"))
    replaced = (known.join(new_ids.withColumnRenamed("report_id", "new_id"), "source_path").select("report_id")
                if known is not None else None)
    n_replaced = replaced.count() if replaced is not None else 0
    drop_ids = new_ids.select("report_id").union(replaced) if replaced is not None else new_ids.select("report_id")
    partitions = ok.select(F.col("reports")[0]["report_id"].alias("report_id"),
                           *(F.col("reports")[0][c].alias(c) for c in PARTITION_COLUMNS))
    counts = dict.fromkeys(TABLES, 0)
    nothing_new = known is not None and n_replaced == 0 and ok.isEmpty()
    # reports is written last: its row marks a report as loaded
    for table in () if nothing_new else (*(t for t in TABLES if t != "reports"), "reports"):
        rows = ok.select(F.explode(table).alias("row")).select("row.*")
        if table != "reports":
            rows = rows.join(partitions, "report_id")
        counts[table] = _write_table(spark, location, table, rows, drop_ids)
    _write_errors(spark, location, errors, [r.path for r in results.select("path").collect()]
                  + [e[0] for e in errors])
    results.unpersist()
    n_loaded = counts["reports"]
    return {"loaded": n_loaded, "replaced": n_replaced, "errors": errors,
            "unchanged": n_listed - n_loaded - n_scanned_errors,
            "facts": sum(counts[t] for t in ("facts", "indicator_scores", "indicator_targets", "score_history",
                                              "problems"))}


def _list_files(spark, paths: list[str]):
    """Report files under `paths` (Spark's binaryFile source: path, modificationTime, length, content),
    and the paths that do not exist."""
    from ingest.documents import READABLE_SUFFIXES, UNREADABLE_DOCUMENT_SUFFIXES
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    present, missing = [], []
    for p in paths:
        hp = jvm.org.apache.hadoop.fs.Path(p)
        (present if hp.getFileSystem(conf).exists(hp) else missing).append(p)
    suffixes = sorted(s.lstrip(".") for s in READABLE_SUFFIXES | UNREADABLE_DOCUMENT_SUFFIXES)
    glob = "*.{" + ",".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in s)
                             for s in suffixes) + "}"
    reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true").option("pathGlobFilter", glob)
    if not present:
        return spark.createDataFrame([], "path string, modificationTime timestamp, length bigint, content binary"), \
            missing
    return reader.load(present), missing


def _empty_files(listed, n_rows: int) -> list[str]:
    """Files of the listing that Spark's scan leaves out because they hold no bytes (each is an error:
    the extractor says why, as it does for `jixiao ingest`)."""
    listed_files = [local_path(f) for f in listed.inputFiles()]
    if len(listed_files) == n_rows:
        return []
    scanned = {r.path for r in listed.select("path").collect()}
    return sorted(set(listed_files) - scanned)


def _local_path_col(col):
    from pyspark.sql import functions as F
    return F.regexp_replace(col, LOCAL_FILE_PREFIX, "")


def _read_raw(spark, location: str, table: str):
    """The raw table written so far, or None before the first run."""
    from pyspark.sql.utils import AnalysisException
    try:
        return spark.read.schema(_stored_ddl(table)).parquet(path_in(location, RAW_DIR, table))
    except AnalysisException:
        return None


def _stored_ddl(table: str) -> str:
    extra = [c for c in PARTITION_COLUMNS if c not in dict(raw_columns()[table])] if table != ERROR_TABLE else []
    types = {"province": "string", "fiscal_year": "int"}
    return ", ".join([spark_ddl(table), *(f"`{c}` {types[c]}" for c in extra)])


def _write_table(spark, location: str, table: str, rows, drop_ids) -> int:
    """Write `rows` into the partitions they fall in, keeping those partitions' other reports."""
    columns = [c.split("`")[1] for c in _stored_ddl(table).split(", ")]
    rows = rows.select(*columns)
    n = rows.count()
    old = _read_raw(spark, location, table)
    if old is not None:
        dropped = drop_ids
        touched = (old.join(dropped, "report_id").select(*PARTITION_COLUMNS)
                   .union(rows.select(*PARTITION_COLUMNS)).distinct())
        kept = old.join(touched, [old[c].eqNullSafe(touched[c]) for c in PARTITION_COLUMNS], "left_semi") \
            .join(dropped, "report_id", "left_anti")
        rows = rows.unionByName(kept)
    # materialise before overwriting the partitions it was read from
    rows = rows.repartition(*PARTITION_COLUMNS).localCheckpoint(eager=True)
    (rows.write.mode("overwrite").partitionBy(*PARTITION_COLUMNS)
     .parquet(path_in(location, RAW_DIR, table)))
    return n


def _write_errors(spark, location: str, errors: list[tuple[str, str, str, str | None]], done_paths: list[str]) -> None:
    """load_errors: one row per failed path; a path that loads now loses its old error."""
    from ingest.pipeline import EXTRACTOR_VERSION
    now = datetime.now()
    old = _read_raw(spark, location, ERROR_TABLE)
    done = set(done_paths)
    kept = [] if old is None else [tuple(r) for r in old.collect() if r.source_path not in done]
    new = [(p, p.rsplit("/", 1)[-1], digest, kind, message, now, EXTRACTOR_VERSION)
           for p, kind, message, digest in errors]
    if not new and old is not None and len(kept) == old.count():
        return
    df = spark.createDataFrame(kept + new, _stored_ddl(ERROR_TABLE)).localCheckpoint(eager=True)
    df.coalesce(1).write.mode("overwrite").parquet(path_in(location, RAW_DIR, ERROR_TABLE))
