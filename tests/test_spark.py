"""The Spark engine gives the same answers as DuckDB: the sample reports, 500 generated ones and
two bad files go through `ingest` and `build` on both engines, and every mart is compared row by
row (money to the cent, shares to 1e-6). Needs the `spark` extra and Java 17, which `make test`
installs; Spark runs as local[2].

The tests that start Spark take about five minutes on two cores (ingest and dbt build on both
engines); they run when JIXIAO_SPARK_TESTS=1, which `make test` (and so CI) sets. The
SQL-portability and import checks below always run."""
from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from generate.cli import generate
from ingest.load import run_ingest
from warehouse.build import build
from warehouse.paths import MARTS_SCHEMA, corrections_path, marts_path
from warehouse.spark import RAW_DIR, path_in

ROOT = Path(__file__).resolve().parents[1]
GENERATED = 500
# when a row was written, not what a report says: differs between any two runs
RUN_TIME_COLUMNS = {"ingested_at", "occurred_at"}
needs_spark = pytest.mark.skipif(os.environ.get("JIXIAO_SPARK_TESTS") != "1",
                                 reason="starts Spark (about 5 min on 2 cores): `make test` runs it, or set JIXIAO_SPARK_TESTS=1")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from warehouse.spark import session
    return session(str(tmp_path_factory.mktemp("spark_session")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    generated = tmp_path_factory.mktemp("generated")
    generate(GENERATED, generated, seed=14)
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.pdf").write_bytes(bytes(range(256)) * 40)
    return [str(ROOT / "data" / "reports"), str(generated), str(bad)]


@pytest.fixture(scope="module")
def corrections(tmp_path_factory) -> Path:
    """An analyst's corrections of one sample report, the same file beside both warehouses, so
    mart_corrections and the corrected facts are compared too."""
    from warehouse.corrections import append, make_correction
    sample = sorted((ROOT / "data" / "reports").glob("*.txt"))[0]
    rid = hashlib.sha256(sample.read_bytes()).hexdigest()
    store = tmp_path_factory.mktemp("corrections") / "corrections.jsonl"
    append(store, [
        make_correction(rid, "rates.budget_execution_rate", "correct", value="85.5%", reviewer="张三"),
        make_correction(rid, "meta.self_score", "correct", value="89", reviewer="张三"),
        make_correction(rid, "amounts.expenditure_project", "not_stated", reviewer="李四"),
        make_correction(rid, "amounts.income_total", "confirm", reviewer="李四"),
    ])
    return store


@pytest.fixture(scope="module")
def duckdb_marts(corpus, corrections, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("duck") / "warehouse.duckdb"
    shutil.copy(corrections, corrections_path(db))
    assert run_ingest(corpus, db, quiet=True) == 1          # the two bad files
    report = build(db)
    assert report.ok, report.failures
    return marts_path(db)


@pytest.fixture(scope="module")
def spark_run(spark, corpus, corrections, tmp_path_factory) -> dict:
    from ingest.spark_ingest import ingest
    from warehouse.spark_build import build_spark
    location = str(tmp_path_factory.mktemp("spark_warehouse"))
    summary = ingest(spark, corpus, location)
    db = tmp_path_factory.mktemp("spark_published") / "warehouse.duckdb"
    shutil.copy(corrections, corrections_path(db))
    report = build_spark(location, db, target_path=tmp_path_factory.mktemp("dbt_spark_target"))
    assert report.ok, report.failures
    return {"location": location, "summary": summary, "marts": marts_path(db), "corpus": corpus}


def _tables(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = ? "
                                           "order by 1", [MARTS_SCHEMA]).fetchall()]
        out = {}
        for name in names:
            cur = con.execute(f'select * from {MARTS_SCHEMA}."{name}"')
            cols = [d[0] for d in cur.description]
            out[name] = (cols, cur.fetchall())
        return out


def _comparable(value):
    """Decimals exactly (1.50 == 1.5), floats rounded to 6 places, everything else as it is."""
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, bool | int | str | date | datetime) or value is None:
        return value
    return str(value)


def _rows(cols: list[str], rows: list[tuple]) -> list[tuple]:
    keep = [i for i, c in enumerate(cols) if c not in RUN_TIME_COLUMNS]
    normal = [tuple(_comparable(r[i]) for i in keep) for r in rows]
    return sorted(normal, key=lambda r: tuple((v is None, str(v)) for v in r))


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=2e-6)
    return a == b


@needs_spark
def test_spark_ingest_loads_every_report_and_records_the_bad_files(spark_run):
    s = spark_run["summary"]
    assert s["loaded"] == 5 + GENERATED
    assert sorted((Path(p).name, kind) for p, kind, _, _ in s["errors"]) == [("empty.txt", "empty"),
                                                                             ("junk.pdf", "truncated")]


@needs_spark
def test_spark_marts_equal_duckdb_marts_row_by_row(duckdb_marts, spark_run):
    duck, spark = _tables(duckdb_marts), _tables(spark_run["marts"])
    assert sorted(spark) == sorted(duck)
    for name, (cols, rows) in duck.items():
        spark_cols, spark_rows = spark[name]
        assert spark_cols == cols, name
        a, b = _rows(cols, rows), _rows(spark_cols, spark_rows)
        assert len(a) == len(b), f"{name}: {len(a)} rows on DuckDB, {len(b)} on Spark"
        assert len(a) > 0 or name in ("mart_load_errors",), f"{name} is empty: the comparison would prove nothing"
        kept = [c for c in cols if c not in RUN_TIME_COLUMNS]
        for ra, rb in zip(a, b):
            diff = {c: (x, y) for c, x, y in zip(kept, ra, rb) if not _same(x, y)}
            assert not diff, f"{name}: {diff}"


@needs_spark
def test_serve_publishes_marts_exported_as_parquet(duckdb_marts, tmp_path):
    from warehouse.export import run_export
    from warehouse.parquet_marts import run_publish
    exported = tmp_path / "exported"
    assert run_export(duckdb_marts.parent / "warehouse.duckdb", "parquet", exported) == 0
    served_db = tmp_path / "served" / "warehouse.duckdb"
    assert run_publish(exported, served_db) == 0
    original, served = _tables(duckdb_marts), _tables(marts_path(served_db))
    assert sorted(served) == sorted(original)
    for name, (cols, rows) in original.items():
        assert served[name][0] == cols and _rows(*served[name]) == _rows(cols, rows), name


@needs_spark
def test_spark_ingest_is_incremental_by_content_hash(spark, tmp_path):
    from ingest.spark_ingest import ingest
    folder = tmp_path / "reports"
    folder.mkdir()
    sample = sorted((ROOT / "data" / "reports").glob("*.txt"))[:2]
    for f in sample:
        (folder / f.name).write_bytes(f.read_bytes())
    location = str(tmp_path / "warehouse")
    first = ingest(spark, [str(folder)], location)
    again = ingest(spark, [str(folder)], location)
    changed_file = folder / sample[0].name
    changed_file.write_bytes(changed_file.read_bytes() + b"\n")
    changed = ingest(spark, [str(folder)], location)
    reports = spark.read.parquet(path_in(location, RAW_DIR, "reports"))
    assert (first["loaded"], again["loaded"], again["unchanged"]) == (2, 0, 2)
    assert (changed["loaded"], changed["replaced"], changed["unchanged"]) == (1, 1, 1)
    assert reports.count() == 2
    assert reports.select("source_path").distinct().count() == 2


def test_the_default_path_never_imports_pyspark():
    code = ("import sys, jixiao.cli, ingest.load, warehouse.build, warehouse.export, warehouse.parquet_marts, "
            "warehouse.spark; jixiao.cli.build_parser().parse_args(['build']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# DuckDB-only SQL that Spark rejects or reads differently, and what to write instead (both engines)
NOT_PORTABLE = {
    r"\bvarchar\b(?!\s*\()": "write `string` (Spark needs a length for varchar)",
    r"\bstrpos\s*\(": "write instr(text, part)",
    r"\bregexp_matches\s*\(": "use the regex_contains macro",
    r"\bdbt\.listagg\s*\(": "use the ordered_listagg macro (Spark's listagg ignores order by)",
    r"\bread_json\w*\s*\(": "read files in a source, not in a model",
    r"::": "write cast(x as type)",
    r"\*\s*exclude\s*\(": "use the star_except macro (Spark writes * except)",
    r"\bstring_agg\s*\(|\blist_\w+\s*\(": "use the ordered_listagg macro",
}


def test_models_and_tests_use_sql_both_engines_run():
    import re
    found = []
    for path in [*sorted((ROOT / "dbt_project").glob("**/*.sql")), ROOT / "dbt_project" / "dbt_project.yml"]:
        if "target" in path.parts or path.parent.name == "macros":
            continue
        sql = re.sub(r"--[^\n]*|\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for pattern, advice in NOT_PORTABLE.items():
            if re.search(pattern, sql, flags=re.I):
                found.append(f"{path.relative_to(ROOT)}: {pattern} — {advice}")
    assert not found, "\n".join(found)
