"""Extraction and ingest throughput on a generated corpus, written into BENCHMARKS.md.

    python benchmarks/ingest_bench.py [--reports 3000] [--seed 1]

Measured in one run, on the same corpus (generated once and reused):
- extract: reports/s of the pure extraction function, one process, text files and all files;
- ingest: `jixiao ingest` end to end (a fresh process: start-up, reading, extraction in the
  process pool, writing DuckDB), for the text files alone and for the whole corpus;
- re-ingest of the unchanged corpus, and after touching every file (bytes unchanged, so
  each file is read and hashed but not extracted again), as a share of the first run.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import make_corpus  # noqa: E402

JIXIAO = str(Path(sys.executable).with_name("jixiao"))


from bench_md import write_section  # noqa: E402

def report_files(folder: Path, suffix: str | None = None) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.endswith(".json") and not p.name.startswith(".")
                  and (suffix is None or p.suffix == suffix))


def time_extract(files: list[Path]) -> float:
    from ingest.pipeline import extract_bytes
    t0 = time.perf_counter()
    for p in files:
        with contextlib.suppress(Exception):        # a failed file still costs its time
            extract_bytes(p.name, p.read_bytes())
    return time.perf_counter() - t0


def time_ingest(paths: list[str], db: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([JIXIAO, "ingest", *paths, "--db", str(db), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def run(n: int, seed: int) -> str:
    corpus = ROOT / "benchmarks" / "corpus" / str(n)
    reused, gen_s = make_corpus(n, corpus, seed)
    files, txt = report_files(corpus), report_files(corpus, ".txt")
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        txt_dir = work / "txt"
        txt_dir.mkdir()
        for p in txt:
            os.link(p, txt_dir / p.name) if p.stat().st_dev == txt_dir.stat().st_dev else shutil.copy(p, txt_dir)
        ex_txt = time_extract(txt)
        ex_all = time_extract(files)
        ing_txt = time_ingest([str(txt_dir)], work / "txt.duckdb")
        db = work / "all.duckdb"
        ing_all = time_ingest([str(corpus)], db)
        again = time_ingest([str(corpus)], db)
        for p in files:
            os.utime(p, None)
        touched = time_ingest([str(corpus)], db)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = db.stat().st_size / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        ("extract, text reports (1 process)", len(txt), ex_txt),
        ("extract, all formats (1 process)", len(files), ex_all),
        ("ingest end to end, text reports", len(txt), ing_txt),
        ("ingest end to end, all formats", len(files), ing_all),
    ]
    lines = [f"Corpus: {n} generated reports (seed {seed}; {len(txt)} txt, the rest pdf/docx/html), "
             f"{'reused' if reused else f'generated in {gen_s:.0f} s'}. "
             f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}.",
             "", "| measure | reports | seconds | reports/s |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {k} | {s:.1f} | {k / s:.0f} |" for name, k, s in rows]
    lines += ["", "| re-ingest of the unchanged corpus | seconds | share of the first run |", "|---|---:|---:|",
              f"| same files, same modification times | {again:.2f} | {100 * again / ing_all:.1f} % |",
              f"| every file touched (read and hashed, not extracted) | {touched:.2f} | "
              f"{100 * touched / ing_all:.1f} % |",
              "", f"Largest process (peak RSS): {peak_mb:.0f} MB. Warehouse file: {size_mb:.0f} MB."]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    body = run(a.reports, a.seed)
    print(body)
    write_section(f"## Extraction and ingest\n\n`python benchmarks/ingest_bench.py`\n\n{body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
