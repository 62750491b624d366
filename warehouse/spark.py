"""The Spark engine's session and layout (`--engine spark`; needs the `spark` extra and Java 17).

Layout of a Spark warehouse location (a local folder here, an HDFS or object-store URI on a cluster):

| path | holds |
|---|---|
| `raw/<table>/` | the `raw` tables of ingest/schema.sql as Parquet, partitioned by province and fiscal year |
| `tables/` | the tables dbt builds (Spark's `spark.sql.warehouse.dir`): seeds, staging, intermediate, marts |
| `metastore_db/` | the local Hive metastore dbt-spark's session needs (a cluster brings its own) |
| `marts/<mart>/` | every mart exported as Parquet, which DuckDB and the dashboards read |

This module imports pyspark only inside its functions: nothing on the default (DuckDB) path needs Java.
"""
from __future__ import annotations

import os
import sys
import warnings

from warehouse.paths import spark_master, spark_warehouse

RAW_DIR, TABLES_DIR, MARTS_DIR = "raw", "tables", "marts"
# raw tables are partitioned by the report's place and year; load_errors (one row per failed path) is not
PARTITION_COLUMNS = ("province", "fiscal_year")


def path_in(location: str, *parts: str) -> str:
    return "/".join([location.rstrip("/"), *parts])


def settings(location: str, master: str | None = None) -> dict[str, str]:
    """Spark settings for both jobs: the master, loopback networking, the warehouse's folders,
    a local metastore inside the location, timestamps without time zone (as DuckDB's)."""
    local = not ("://" in location and not location.startswith("file:"))
    conf = {
        "spark.master": master or spark_master(),
        "spark.app.name": "jixiao",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.timestampType": "TIMESTAMP_NTZ",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.warehouse.dir": path_in(location, TABLES_DIR),
    }
    if conf["spark.master"].startswith("local"):
        conf.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
    if local:
        conf.update({
            "spark.hadoop.javax.jdo.option.ConnectionURL":
                f"jdbc:derby:;databaseName={path_in(location, 'metastore_db')};create=true",
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={location}",
        })
    return conf


def session(location: str | None = None):
    """The SparkSession for `location`, with the Hive metastore dbt-spark needs (created once per
    process; dbt-spark's `method: session` then picks up this same session)."""
    # pyspark warns on import that it does not fully support pandas 3; jixiao's Spark code uses no
    # pandas (rows and Parquet only), so the warning would only alarm the user
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    location = spark_warehouse(location)
    # the Python that runs the extractor on the executors: this one, unless the cluster's set-up says otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in settings(location).items():
        builder = builder.config(key, value)
    spark = builder.enableHiveSupport().getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
