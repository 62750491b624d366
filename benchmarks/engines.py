"""DuckDB and Spark side by side: ingest and build time on generated corpora of N reports.

    python benchmarks/engines.py [--sizes 1000 10000] [--seed 1]

Each step runs as the `jixiao` command a user types (a fresh process, so Spark's figures include
starting its JVM), both engines in one run on the same corpus:
`jixiao ingest` / `jixiao ingest --engine spark`, the same again on the unchanged corpus,
`jixiao build` / `jixiao build --engine spark` (dbt build on Spark, marts exported as Parquet and
published into a DuckDB marts file). Also the size on disk of each engine's raw warehouse.
Writes the section "Engines: DuckDB and Spark" of BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_md import write_section  # noqa: E402
from generate_corpus import make_corpus  # noqa: E402

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
WORK = ROOT / "benchmarks" / "out" / "engines"


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([JIXIAO, *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    # 1: some file failed, which a corpus may hold; a traceback is a crash, whatever the code
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        raise SystemExit(f"jixiao {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    print(f"  jixiao {' '.join(args)}: {seconds:.1f} s — {done.stdout.strip().splitlines()[-1:]}", flush=True)
    return seconds


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.name.endswith(".crc"))


def measure(n: int, seed: int, save) -> dict:
    corpus = ROOT / "benchmarks" / "corpus" / str(n)
    make_corpus(n, corpus, seed)
    work = WORK / str(n)
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    duck_db, spark_loc, spark_db = work / "duck" / "warehouse.duckdb", work / "spark", work / "spark_pub" / "w.duckdb"
    row = {"n": n}
    print(f"{n} reports", flush=True)
    steps = [
        ("duck_ingest", ["ingest", "--quiet", "--db", str(duck_db), str(corpus)]),
        ("duck_reingest", ["ingest", "--quiet", "--db", str(duck_db), str(corpus)]),
        ("duck_build", ["build", "--db", str(duck_db)]),
        ("spark_ingest", ["ingest", "--engine", "spark", "--warehouse", str(spark_loc), str(corpus)]),
        ("spark_reingest", ["ingest", "--engine", "spark", "--warehouse", str(spark_loc), str(corpus)]),
        ("spark_build", ["build", "--engine", "spark", "--warehouse", str(spark_loc), "--db", str(spark_db)]),
    ]
    for key, args in steps:         # saved after each step: a step that does not finish leaves the others
        row[key] = timed(args)
        if key == "duck_ingest":
            row["duck_raw_bytes"] = size_of(duck_db)
        elif key == "spark_ingest":
            row["spark_raw_bytes"] = size_of(spark_loc / "raw")
        elif key == "spark_build":
            row["spark_marts_bytes"] = size_of(spark_loc / "marts")
        save(row)
    return row


def _cell(r: dict, key: str, rate: bool = False, mb: bool = False) -> str:
    if key not in r:
        return "not measured"
    if mb:
        return f"{r[key] / 1e6:.1f} MB"
    return f"{r[key]:.1f} s" + (f" ({r['n'] / r[key]:.0f}/s)" if rate else "")


def section(rows: list[dict]) -> str:
    cpu = os.cpu_count()
    lines = [
        "## Engines: DuckDB and Spark",
        "",
        f"`python benchmarks/engines.py` on this machine ({platform.machine()}, {cpu} cores, Spark `local[2]`), "
        "each step the `jixiao` command in a fresh process (Spark's figures include starting its JVM, about "
        "7–10 s per command, and dbt-spark's per-node overhead), both engines in one run on the same generated corpus. "
        "This machine's speed varies with other work on it, so compare the columns of one row rather than rows "
        "of different runs; each row's note says when it was measured.",
        "",
        "| reports | DuckDB ingest | Spark ingest | DuckDB re-ingest (unchanged) | Spark re-ingest | "
        "DuckDB build | Spark build (+ Parquet export, publish) | raw: DuckDB file | raw: Spark Parquet | marts Parquet |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(" | ".join([
            f"| {r['n']:,}", _cell(r, "duck_ingest", rate=True), _cell(r, "spark_ingest", rate=True),
            _cell(r, "duck_reingest"), _cell(r, "spark_reingest"), _cell(r, "duck_build"), _cell(r, "spark_build"),
            _cell(r, "duck_raw_bytes", mb=True), _cell(r, "spark_raw_bytes", mb=True),
            _cell(r, "spark_marts_bytes", mb=True)]) + " |")
    lines += [f"\n{r['n']:,} reports: {r['note']}" for r in rows if r.get("note")]
    lines += ["", "What this means at national scale: [docs/national-scale.md](docs/national-scale.md)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    # rows of earlier runs (other sizes) are kept, so sizes can be measured one at a time
    results = WORK / "results.json"
    stored = {r["n"]: r for r in json.loads(results.read_text())} if results.exists() else {}
    def save(row: dict) -> None:
        stored[row["n"]] = row
        results.write_text(json.dumps(list(stored.values()), indent=1))
        write_section(section([stored[n] for n in sorted(stored)]))

    for n in a.sizes:
        measure(n, a.seed, save)
    rows = [stored[n] for n in sorted(stored)]
    write_section(section(rows))
    print(section(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
