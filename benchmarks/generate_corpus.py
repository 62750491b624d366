"""Make (or reuse) a synthetic corpus of N reports for load tests.

    python benchmarks/generate_corpus.py --reports N [--out benchmarks/corpus/N] [--seed S]

A corpus is reused when its folder holds a marker naming the same N and seed, written only
after generation finished, so an interrupted run is never mistaken for a corpus.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generate.cli import generate  # noqa: E402

MARKER = ".corpus.json"


def is_complete(out: Path, n: int, seed: int) -> bool:
    try:
        marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("reports") == n and marker.get("seed") == seed


def make_corpus(n: int, out: Path, seed: int) -> tuple[bool, float]:
    """Returns (reused, seconds)."""
    t0 = time.perf_counter()
    if is_complete(out, n, seed):
        return True, time.perf_counter() - t0
    if out.exists():
        shutil.rmtree(out)  # a partial or different corpus: start clean so no stray files remain
    counts = generate(n, out, seed)
    seconds = time.perf_counter() - t0
    marker = {"reports": n, "seed": seed, "formats": dict(sorted(counts.items())), "seconds": round(seconds, 2)}
    (out / MARKER).write_text(json.dumps(marker, ensure_ascii=False) + "\n", encoding="utf-8")
    return False, seconds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, required=True)
    p.add_argument("--out", help="folder (default benchmarks/corpus/N)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    out = Path(a.out) if a.out else ROOT / "benchmarks" / "corpus" / str(a.reports)
    reused, seconds = make_corpus(a.reports, out, a.seed)
    if reused:
        print(f"reused corpus of {a.reports} reports (seed {a.seed}) in {out}")
    else:
        rate = a.reports / seconds if seconds > 0 else float("inf")
        print(f"generated {a.reports} reports (seed {a.seed}) in {out} in {seconds:.1f} s ({rate:.0f} reports/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
