"""`jixiao build --engine spark`: the same dbt project on Spark, marts exported as Parquet.

1. The Spark session is started with the warehouse's settings (warehouse/spark.py); dbt-spark's
   `method: session` (target `spark` of dbt_project/profiles.yml) runs every model in it, after the
   on-run-start hook has registered the Parquet raw tables as the `raw` source.
2. Every table of database `marts` is written as Parquet to `<warehouse>/marts/<mart>/`: what
   researchers and a national app read, with DuckDB or any Parquet reader.
3. On a local warehouse those Parquet marts are published into the DuckDB marts file beside `--db`
   (warehouse/parquet_marts.py), so `jixiao serve` shows them as it shows a DuckDB build.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from warehouse.build import BuildReport, _env
from warehouse.corrections import snapshot
from warehouse.paths import (
    DBT_PROJECT_DIR,
    ENV_CORRECTIONS_SNAPSHOT,
    ENV_DBT_THREADS,
    ENV_SPARK_WAREHOUSE,
    MARTS_SCHEMA,
    corrections_path,
    corrections_snapshot_path,
    spark_warehouse,
)
from warehouse.spark import MARTS_DIR, path_in, session


def build_spark(location: str | None, db_path: Path | None, *, target_path: Path | None = None,
                threads: int | None = None, quiet: bool = True) -> BuildReport:
    """dbt build on Spark, export the marts, publish them for DuckDB readers. Never raises for a failed build."""
    from dbt.cli.main import dbtRunner

    t0 = time.perf_counter()
    report = BuildReport()
    location = spark_warehouse(location)
    spark = session(location)
    target = Path(target_path) if target_path else DBT_PROJECT_DIR / "target_spark"
    args = ["build", "--target", "spark", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
            str(DBT_PROJECT_DIR), "--target-path", str(target), "--log-path", str(target / "logs")]
    if quiet:
        args.append("--quiet")
    env = {ENV_SPARK_WAREHOUSE: location, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    if db_path is not None:     # the analysts' corrections beside the warehouse, as for a DuckDB build
        corrections = snapshot(corrections_path(db_path), corrections_snapshot_path(db_path))
        if corrections.stat().st_size:          # Spark cannot infer columns from an empty file
            env[ENV_CORRECTIONS_SNAPSHOT] = str(corrections)
    if threads:
        env[ENV_DBT_THREADS] = str(threads)
    t_dbt = time.perf_counter()
    with _env(**env):
        res = dbtRunner().invoke(args)
    report.dbt_s = time.perf_counter() - t_dbt
    for r in getattr(res.result, "results", None) or []:
        status = str(getattr(r.status, "value", r.status))
        report.counts[status] = report.counts.get(status, 0) + 1
        if status in ("error", "fail", "runtime error"):
            report.failures.append(f"{r.node.resource_type} {r.node.name}: {status}"
                                   + (f": {r.message}" if r.message else ""))
    if res.exception is not None:
        report.failures.append(f"dbt: {res.exception}")
    if not res.success:
        report.wall_s = time.perf_counter() - t0
        return report

    t_pub = time.perf_counter()
    marts = export_marts(spark, location)
    if db_path is not None and not ("://" in location and not location.startswith("file:")):
        from warehouse.parquet_marts import publish
        report.published = publish(Path(marts), db_path)
        report.published_bytes = report.published.stat().st_size
    report.publish_s = time.perf_counter() - t_pub
    report.ok = True
    report.wall_s = time.perf_counter() - t0
    return report


def export_marts(spark, location: str) -> str:
    """Every table of database `marts` as Parquet under `<location>/marts/`; returns that folder."""
    out = path_in(location, MARTS_DIR)
    for t in sorted(t.name for t in spark.catalog.listTables(MARTS_SCHEMA)):
        spark.table(f"{MARTS_SCHEMA}.{t}").write.mode("overwrite").parquet(path_in(out, t))
    return out


def run_spark_build(location: str | None, db_path: Path) -> int:
    """`jixiao build --engine spark`: print a short summary; exit code 1 on a failed build."""
    location = spark_warehouse(location)
    print(f"building marts on Spark from {path_in(location, 'raw')} …", file=sys.stderr)
    r = build_spark(location, db_path)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items())) or "nothing ran"
    if r.ok:
        where = f"; published {r.published} for the dashboards" if r.published else ""
        print(f"marts exported to {path_in(location, MARTS_DIR)}{where} in {r.wall_s:.1f} s "
              f"[dbt {r.dbt_s:.1f} s; export {r.publish_s:.1f} s] — {counts}")
        return 0
    print(f"build FAILED after {r.wall_s:.1f} s — {counts}", file=sys.stderr)
    for f in r.failures:
        print(f"  {f}", file=sys.stderr)
    return 1
