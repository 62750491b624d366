"""`jixiao generate`: write N synthetic reports and their answer files into a folder.

Each report is drawn from its own generator seeded by (seed, index), so the output is the
same whatever the number of worker processes, and reports stream to disk one by one.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from generate import formats
from generate.facts import draw_facts
from generate.places import parse_weights
from generate.writer import answer, write_report

FORMAT_SHARES = {"txt": 85, "pdf": 5, "docx": 5, "html": 5}
CHUNK = 100


def report_rng(seed: int, index: int) -> random.Random:
    # String seeds are hashed with SHA-512 by random.Random: stable across runs and machines.
    return random.Random(f"jixiao-generate:{seed}:{index}")


def report_stem(seed: int, index: int, width: int) -> str:
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    return f"{index:0{width}d}_{digest}"


def _site(facts) -> tuple[str, str]:
    pl = facts.place
    name = pl.town or pl.county or pl.prefecture or pl.province
    owner = (pl.county or pl.prefecture or pl.province) + "人民政府"
    return name, owner + "门户网站"


def make_report(seed: int, index: int, out: Path, width: int, weights: dict[str, float] | None = None) -> str:
    """Draw, write and answer one report; returns its format."""
    rng = report_rng(seed, index)
    facts = draw_facts(rng, weights)
    blocks, w = write_report(rng, facts)
    fmt = rng.choices(list(FORMAT_SHARES), weights=list(FORMAT_SHARES.values()))[0]
    name = f"{report_stem(seed, index, width)}.{fmt}"
    path = out / name
    if fmt == "txt":
        written = formats.write_txt(path, blocks, w.style, rng)
    elif fmt == "pdf":
        written = formats.write_pdf(path, blocks, w.style, rng)
    elif fmt == "docx":
        written = formats.write_docx(path, blocks, w.style, rng)
    else:
        place_name, site = _site(facts)
        y, m, d = facts.report_date or (facts.fiscal_year + 1, rng.randint(1, 12), rng.randint(1, 28))
        published = f"{y:04d}-{m:02d}-{min(28, d + rng.randint(0, 20)) if d < 28 else d:02d}"
        written = formats.write_html(path, blocks, place_name, site, published, rng)
    extra = {"seed": seed, "index": index, "format": fmt, **written}
    data = answer(w, name, extra)
    (out / f"{name}.gold.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fmt


def _chunk(args: tuple[int, int, int, str, int, dict[str, float] | None]) -> Counter:
    seed, start, stop, out, width, weights = args
    counts: Counter = Counter()
    for i in range(start, stop):
        counts[make_report(seed, i, Path(out), width, weights)] += 1
    return counts


def generate(n: int, out: Path, seed: int, workers: int | None = None,
             weights: dict[str, float] | None = None) -> Counter:
    """Write n reports with their answer files; provinces drawn by `weights` (None: the national mix)."""
    out.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(max(n - 1, 0))))
    jobs = [(seed, s, min(n, s + CHUNK), str(out), width, weights) for s in range(0, n, CHUNK)]
    workers = workers or min(os.cpu_count() or 1, max(1, len(jobs)))
    total: Counter = Counter()
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            total += _chunk(job)
        return total
    # fork shares the loaded division reference with the workers.
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        for counts in pool.imap_unordered(_chunk, jobs):
            total += counts
    return total


def run_generate(n: int, out: Path, seed: int = 0, workers: int | None = None,
                 provinces: list[str] | None = None) -> int:
    if n < 0:
        print("--reports must be 0 or more", file=sys.stderr)
        return 2
    try:
        weights = parse_weights(provinces)
    except ValueError as e:
        print(f"--province: {e}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    counts = generate(n, Path(out), seed, workers, weights)
    dt = time.perf_counter() - t0
    shares = ", ".join(f"{k} {counts.get(k, 0)}" for k in FORMAT_SHARES)
    rate = n / dt if dt > 0 else float("inf")
    print(f"generated {n} reports ({shares}) with answer files in {out} in {dt:.1f} s ({rate:.0f} reports/s)")
    return 0
