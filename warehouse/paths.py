"""Every path, file name and environment variable the product uses, in one place.

The raw warehouse and the published marts sit in one folder: `jixiao ingest` writes the raw file,
`jixiao build` writes the next marts file beside it and renames it onto the published one.

Environment variables (all optional):

| variable | meaning | default |
|---|---|---|
| `JIXIAO_DB` | the raw warehouse file | `data/warehouse.duckdb` |
| `JIXIAO_MARTS` | the published marts file the dashboards read | `jixiao_marts.duckdb` beside `JIXIAO_DB` |
| `JIXIAO_MARTS_BUILD_PATH` | the file dbt builds into (set by `jixiao build`) | `jixiao_marts_next.duckdb` beside `JIXIAO_DB` |
| `JIXIAO_DBT_THREADS` | dbt threads (set by `jixiao build --threads`, read by the profile) | 2 |
| `JIXIAO_DUCKDB_MEMORY` | DuckDB memory limit while ingesting | `512MB` |
| `JIXIAO_CORRECTIONS` | the analysts' corrections file (append-only JSON Lines) | `corrections.jsonl` beside `JIXIAO_DB` |
| `JIXIAO_CORRECTIONS_SNAPSHOT` | the snapshot of it a build reads (set by `jixiao build` for dbt) | none: no corrections applied |
| `JIXIAO_REVIEW` | `1` lets the app save corrections (set by `jixiao serve --review`) | off |
| `JIXIAO_SPARK_WAREHOUSE` | the Spark engine's warehouse location (a folder, or an HDFS / object-store URI) | `data/spark` |
| `JIXIAO_SPARK_MASTER` | the Spark master for `--engine spark` | `local[2]` |

The published file is named `jixiao_marts.duckdb`, not `marts.duckdb`: DuckDB names a file's catalog
after the file, and a catalog `marts` holding a schema `marts` makes `select … from marts.x`
ambiguous ("Ambiguous reference to catalog or schema").
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
# Reference data read by ingest as well as seeded into the warehouse (one file, every layer reads it).
PLACE_RENAMES = SEEDS_DIR / "place_renames.csv"
SAMPLE_REPORTS_DIR = ROOT / "data" / "reports"
# The rule registry: every validation rule and finding, read by ingest's validation and seeded into dbt.
VALIDATION_RULES_CSV = DBT_PROJECT_DIR / "seeds" / "validation_rules.csv"

ENV_DB = "JIXIAO_DB"
ENV_MARTS = "JIXIAO_MARTS"
ENV_MARTS_BUILD_PATH = "JIXIAO_MARTS_BUILD_PATH"
ENV_DBT_THREADS = "JIXIAO_DBT_THREADS"
ENV_DUCKDB_MEMORY = "JIXIAO_DUCKDB_MEMORY"
ENV_CORRECTIONS = "JIXIAO_CORRECTIONS"
ENV_CORRECTIONS_SNAPSHOT = "JIXIAO_CORRECTIONS_SNAPSHOT"
ENV_REVIEW = "JIXIAO_REVIEW"
ENV_SPARK_WAREHOUSE = "JIXIAO_SPARK_WAREHOUSE"
ENV_SPARK_MASTER = "JIXIAO_SPARK_MASTER"

DEFAULT_DB = Path("data/warehouse.duckdb")
PUBLISHED_NAME = "jixiao_marts.duckdb"
BUILD_NAME = "jixiao_marts_next.duckdb"
CORRECTIONS_NAME = "corrections.jsonl"
CORRECTIONS_SNAPSHOT_NAME = "corrections_build.jsonl"
MARTS_SCHEMA = "marts"
DEFAULT_SPARK_WAREHOUSE = Path("data/spark")


def default_db() -> Path:
    """The raw warehouse file: `$JIXIAO_DB`, else `data/warehouse.duckdb`."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


def marts_path(db_path: Path | str) -> Path:
    """The published marts file for the raw warehouse `db_path`: same folder, `jixiao_marts.duckdb`.

    Dashboards and researchers open only this file, read-only (schema `marts`; also `staging`,
    `intermediate` and `seeds`), with short-lived connections.
    """
    return Path(db_path).parent / PUBLISHED_NAME


def build_path(db_path: Path | str) -> Path:
    """The file a build writes before it is published (same folder as the warehouse)."""
    return Path(db_path).parent / BUILD_NAME


def published_marts() -> Path:
    """The marts file the dashboards read: `$JIXIAO_MARTS`, else the one beside the raw warehouse."""
    explicit = os.environ.get(ENV_MARTS)
    return Path(explicit) if explicit else marts_path(default_db())


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for the ingest writer: `$JIXIAO_DUCKDB_MEMORY`, else 512MB."""
    return os.environ.get(ENV_DUCKDB_MEMORY) or "512MB"


def corrections_path(db_path: Path | str | None = None) -> Path:
    """The analysts' corrections (append-only JSON Lines): `$JIXIAO_CORRECTIONS`, else
    `corrections.jsonl` beside the raw warehouse. Kept apart from the warehouse and the marts."""
    explicit = os.environ.get(ENV_CORRECTIONS)
    if explicit:
        return Path(explicit)
    return Path(db_path if db_path is not None else default_db()).parent / CORRECTIONS_NAME


def corrections_snapshot_path(db_path: Path | str) -> Path:
    """The copy of the corrections a build reads (taken under the file's lock as the build starts)."""
    return Path(db_path).parent / CORRECTIONS_SNAPSHOT_NAME


def review_enabled() -> bool:
    """Whether the app may save corrections: only when started with `jixiao serve --review`."""
    return os.environ.get(ENV_REVIEW) == "1"


def spark_warehouse(location: str | Path | None = None) -> str:
    """The Spark engine's warehouse: `location`, else `$JIXIAO_SPARK_WAREHOUSE`, else `data/spark`.
    A local folder is made absolute; a URI (hdfs://, s3a://, file:/…) is kept as it is."""
    loc = str(location or os.environ.get(ENV_SPARK_WAREHOUSE) or DEFAULT_SPARK_WAREHOUSE)
    return loc if "://" in loc or loc.startswith("file:") else str(Path(loc).resolve())


def spark_master() -> str:
    """The Spark master: `$JIXIAO_SPARK_MASTER`, else two local cores."""
    return os.environ.get(ENV_SPARK_MASTER) or "local[2]"
