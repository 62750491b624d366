"""The scale benchmark: every step of the pipeline on 1k, 10k and 100k generated reports.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--seed 1]     (or: make bench)

For each size, in one run: generate the corpus (or reuse it), `jixiao ingest` it into a fresh
warehouse (reports/s, peak memory of the whole process tree), ingest it again unchanged,
`jixiao build` (dbt's own overhead apart from the time DuckDB spends in the SQL), the sizes of
the warehouse and the published marts, and p50 / p95 of each dashboard page's queries.
Writes the table into BENCHMARKS.md (section "Scale") and a plot to benchmarks/scale.svg.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_bench import one_build  # noqa: E402
from generate_corpus import make_corpus  # noqa: E402

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
WORK = ROOT / "benchmarks" / "out" / "scale"


from bench_md import write_section  # noqa: E402

def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def watch_peak(proc: subprocess.Popen, every: float = 0.05):
    """Sample the memory of proc's process tree until it ends; the returned function, called
    after proc has ended, gives the peak in bytes."""
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    def result() -> int:
        sampler.join()
        return peak[0]
    return result


def run_measured(cmd: list[str]) -> tuple[float, int]:
    """(seconds, peak memory of the process tree in bytes) of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=ROOT)
    peak_of = watch_peak(proc)
    rc = proc.wait()
    seconds = time.perf_counter() - t0
    peak = peak_of()
    if rc not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {rc}")
    return seconds, peak


def page_latency(marts: Path) -> dict[str, tuple[float, float]]:
    """p50 / p95 (ms) of each dashboard page's queries on the published marts, in a fresh process
    (the dashboards' data module keeps one connection per process)."""
    import json
    code = ("import sys, json; sys.path.insert(0, 'benchmarks'); from pathlib import Path; "
            "from page_latency import measure_pages; print(json.dumps(measure_pages(Path(sys.argv[1]))))")
    out = subprocess.run([sys.executable, "-c", code, str(marts)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return {k: tuple(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def one_size(n: int, seed: int) -> dict:
    corpus = ROOT / "benchmarks" / "corpus" / str(n)
    reused, gen_s = make_corpus(n, corpus, seed)
    folder = WORK / str(n)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    for stale in folder.glob("*.duckdb*"):
        stale.unlink()
    ingest_s, ingest_peak = run_measured([JIXIAO, "ingest", str(corpus), "--db", str(db), "--quiet"])
    again_s, _ = run_measured([JIXIAO, "ingest", str(corpus), "--db", str(db), "--quiet"])
    build = one_build(db, folder / "target")
    from warehouse.paths import marts_path
    marts = marts_path(db)
    row = {"reports": n, "generated_s": None if reused else gen_s, "ingest_s": ingest_s,
           "ingest_peak_mb": ingest_peak / 1e6, "reingest_s": again_s, "build": build,
           "warehouse_mb": db.stat().st_size / 1e6, "marts_mb": marts.stat().st_size / 1e6,
           "pages": page_latency(marts)}
    print(f"{n:>7}: ingest {ingest_s:.0f} s, re-ingest {again_s:.1f} s, build {build['wall_s']:.1f} s",
          file=sys.stderr)
    return row


def report(rows: list[dict], seed: int, total_s: float) -> str:
    import duckdb
    lines = [f"Measured in one run of `python benchmarks/run.py` ({total_s / 60:.0f} min) on {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, duckdb {duckdb.__version__}; corpora from "
             f"`jixiao generate --seed {seed}` (≈85 % txt, the rest pdf/docx/html).", "",
             "| reports | ingest | reports/s | peak memory | re-ingest unchanged | `jixiao build` | dbt start-up + parse "
             "| SQL in DuckDB | warehouse | marts |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        b = r["build"]
        lines.append(f"| {r['reports']:,} | {r['ingest_s']:.0f} s | {r['reports'] / r['ingest_s']:.0f} "
                     f"| {r['ingest_peak_mb']:.0f} MB | {r['reingest_s']:.1f} s ({100 * r['reingest_s'] / r['ingest_s']:.1f} %) "
                     f"| {b['wall_s']:.1f} s | {b['import_s'] + b['startup_parse_s']:.1f} s | {b['sql_s']:.1f} s "
                     f"| {r['warehouse_mb']:.0f} MB | {r['marts_mb']:.0f} MB |")
    if len(rows) >= 2:
        a, z = rows[-2], rows[-1]
        lines += ["", f"Growth {a['reports']:,} → {z['reports']:,} reports ({z['reports'] // a['reports']}×): "
                  f"ingest {z['ingest_s'] / a['ingest_s']:.1f}× the time."]
    pages = sorted({p for r in rows for p in r["pages"]})
    lines += ["", "Dashboard page queries, p50 / p95 in ms (cache bypassed):", "",
              "| page | " + " | ".join(f"{r['reports']:,}" for r in rows) + " |",
              "|---|" + "---:|" * len(rows)]
    for p in pages:
        cells = [f"{r['pages'][p][0]:.0f} / {r['pages'][p][1]:.0f}" if p in r["pages"] else "" for r in rows]
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    lines += ["", "![time against corpus size](benchmarks/scale.svg)"]
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    """Seconds against reports, log-log, as a small SVG (no plotting dependency)."""
    import math
    w, h, m = 520, 320, 50
    xs = [math.log10(r["reports"]) for r in rows]
    series = {"ingest": [r["ingest_s"] for r in rows], "build": [r["build"]["wall_s"] for r in rows],
              "re-ingest": [r["reingest_s"] for r in rows]}
    ys = [math.log10(max(v, 0.01)) for s in series.values() for v in s]
    x0, x1, y0, y1 = min(xs), max(xs) or 1, min(ys), max(ys)

    def px(x, y):
        return m + (x - x0) / ((x1 - x0) or 1) * (w - 2 * m), h - m - (y - y0) / ((y1 - y0) or 1) * (h - 2 * m)

    colors = {"ingest": "#1f77b4", "build": "#d62728", "re-ingest": "#2ca02c"}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
             f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
             f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle">reports (log scale)</text>',
             f'<text x="12" y="{h / 2}" transform="rotate(-90 12 {h / 2})" text-anchor="middle">seconds (log scale)</text>']
    for r, x in zip(rows, xs):
        parts.append(f'<text x="{px(x, y0)[0]}" y="{h - m + 16}" text-anchor="middle">{r["reports"]:,}</text>')
    for k, (name, vals) in enumerate(series.items()):
        pts = [px(x, math.log10(max(v, 0.01))) for x, v in zip(xs, vals)]
        parts.append(f'<polyline fill="none" stroke="{colors[name]}" stroke-width="2" points="'
                     + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
        parts += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colors[name]}"/>' for a, b in pts]
        parts += [f'<text x="{a + 5:.1f}" y="{b - 5:.1f}" fill="{colors[name]}">{v:.1f} s</text>'
                  for (a, b), v in zip(pts, vals)]
        parts.append(f'<text x="{m + 10}" y="{m + 15 * k}" fill="{colors[name]}">{name}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.perf_counter()
    rows = [one_size(n, a.seed) for n in a.sizes]
    body = report(rows, a.seed, time.perf_counter() - t0)
    print(body)
    plot(rows, ROOT / "benchmarks" / "scale.svg")
    write_section(f"## Scale: 1k, 10k, 100k reports\n\n`python benchmarks/run.py` (or `make bench`)\n\n{body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
