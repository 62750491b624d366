"""Marts exported as Parquet → the DuckDB marts file the dashboards serve from.

A national warehouse builds its marts on Spark and exports them as Parquet (one folder of part
files, or one file, per mart). Loading them into a fresh DuckDB file and renaming it onto the
published one serves them exactly as a DuckDB build does: the app keeps reading the previous
marts until the rename.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from warehouse.paths import MARTS_SCHEMA, build_path, marts_path


def mart_sources(parquet_dir: Path) -> dict[str, str]:
    """mart name → the Parquet glob DuckDB reads it from."""
    found = {}
    for entry in sorted(Path(parquet_dir).iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() and any(entry.rglob("*.parquet")):
            found[entry.name] = str(entry / "**" / "*.parquet")
        elif entry.suffix == ".parquet":
            found[entry.stem] = str(entry)
    return found


def publish(parquet_dir: Path, db_path: Path) -> Path:
    """Load every mart of `parquet_dir` into schema `marts` of a new DuckDB file and publish it
    atomically as the marts file of `db_path`. Returns the published path."""
    import duckdb

    sources = mart_sources(parquet_dir)
    if not sources:
        raise FileNotFoundError(f"no Parquet marts in {parquet_dir}")
    next_path, published = build_path(db_path), marts_path(db_path)
    next_path.parent.mkdir(parents=True, exist_ok=True)
    for p in (next_path, Path(f"{next_path}.wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    con = duckdb.connect(str(next_path))
    try:
        con.execute(f"create schema {MARTS_SCHEMA}")
        for name, glob in sources.items():
            con.execute(f'create table {MARTS_SCHEMA}."{name}" as select * from read_parquet(?)', [glob])
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(next_path, published)
    return published


def run_publish(parquet_dir: Path, db_path: Path) -> int:
    """`jixiao serve --marts-parquet DIR`: publish the exported marts, then serve them."""
    try:
        published = publish(parquet_dir, db_path)
    except (FileNotFoundError, OSError) as e:
        print(f"cannot publish the Parquet marts: {e}", file=sys.stderr)
        return 1
    print(f"published the marts of {parquet_dir} as {published}", file=sys.stderr)
    return 0
