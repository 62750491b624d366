"""`jixiao export`: every mart of the published file as Parquet or CSV."""
from __future__ import annotations

import codecs
import os
import shutil
import sys
from pathlib import Path

from warehouse.paths import MARTS_SCHEMA, marts_path

EXPORT_FORMATS = ("parquet", "csv")


def mart_tables(con) -> list[str]:
    """Names of the tables in schema `marts` of an open connection, sorted."""
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_catalog = current_database() "
        "order by table_name", [MARTS_SCHEMA]).fetchall()]


def _prepend_bom(path: Path) -> None:
    """Rewrite a UTF-8 file with a byte-order mark (encoding utf-8-sig), so Excel reads its Chinese as UTF-8.
    Streams the file: a mart's CSV can be larger than memory."""
    with_bom = path.with_name(path.name + ".bom")
    with open(path, "rb") as plain, open(with_bom, "wb") as out:
        out.write(codecs.BOM_UTF8)
        shutil.copyfileobj(plain, out, 1 << 20)
    os.replace(with_bom, path)


def run_export(db_path: Path, fmt: str, out_dir: Path) -> int:
    """`jixiao export`: write every table of schema `marts` of the published file as Parquet or CSV
    (CSV in UTF-8 with a byte-order mark, which Excel needs to read Chinese)."""
    import duckdb

    if fmt not in EXPORT_FORMATS:
        print(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}", file=sys.stderr)
        return 2
    src = marts_path(db_path)
    if not src.exists():
        print(f"no published marts at {src}: run `jixiao build` first", file=sys.stderr)
        return 1
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    options = "format parquet, compression zstd" if fmt == "parquet" else "format csv, header true"
    con = duckdb.connect(str(src), read_only=True)
    try:
        tables = mart_tables(con)
        for table in tables:
            dest = out_dir / f"{table}.{fmt}"
            tmp = out_dir / f".{table}.{fmt}.tmp"
            n = con.execute(f'select count(*) from {MARTS_SCHEMA}."{table}"').fetchone()[0]
            con.execute(f"copy {MARTS_SCHEMA}.\"{table}\" to '{str(tmp).replace(chr(39), chr(39) * 2)}' ({options})")
            if fmt == "csv":
                _prepend_bom(tmp)
            os.replace(tmp, dest)
            print(f"{dest}  {n} rows")
    finally:
        con.close()
    print(f"exported {len(tables)} marts from {src} to {out_dir} as {fmt}", file=sys.stderr)
    return 0
