"""Time per report by pipeline stage (read, normalise, outline, extract, validate), written into
BENCHMARKS.md.

    python benchmarks/stage_bench.py [--baseline REV] [--generated 100] [--rounds 5] [--seed 1]

Corpora of sample-sized reports: the five sample reports (`data/reports/`), reports made by
`jixiao generate` (reused from `benchmarks/corpus/`), and the real report pages of
`../shared/corpus/real/` where that folder exists. Each stage is timed by wrapping the
functions `ingest.pipeline.extract_bytes` calls, so the figures are those of the real pipeline:
read = `read_document`, normalise = `normalize`, outline = `Outline`, extract = `extract_all`
and place resolution, validate = `validate`; *other* is the rest of `extract_bytes` (report
recognition and bookkeeping). Each file is run `--rounds` times; the fastest run of each stage
counts (the machine is shared, so the minimum is the least disturbed figure).

With `--baseline REV` the same measurement runs, in the same run and alternating round by
round, on the extractor of git revision REV as well: the section then shows that revision's
figures beside the working tree's, and their ratio.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = ("read", "normalise", "outline", "extract", "validate", "other")
# pipeline name → stage; names missing from a revision's pipeline are simply not wrapped
WRAPPED = {"read_document": "read", "normalize": "normalise", "Outline": "outline", "extract_all": "extract",
           "resolve": "extract", "validate": "validate"}


# ---- the measurement, in a child process that imports the extractor under test ----------

def measure(files: list[str], rounds: int) -> dict[str, dict[str, float]]:
    """{file: {stage: fastest seconds}} for one extractor (the `ingest` package on sys.path)."""
    import ingest.pipeline as pipeline
    spent: dict[str, float] = {}

    def timed(fn, stage):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - t0
        return wrapper

    for name, stage in WRAPPED.items():
        if hasattr(pipeline, name):
            setattr(pipeline, name, timed(getattr(pipeline, name), stage))
    for f in files:                                  # warm-up: imports, the place reference, caches
        with contextlib.suppress(Exception):
            pipeline.extract_bytes(Path(f).name, Path(f).read_bytes())
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for f in files:
            data = Path(f).read_bytes()
            spent.clear()
            t0 = time.perf_counter()
            with contextlib.suppress(Exception):    # a rejected file still costs its time
                pipeline.extract_bytes(Path(f).name, data)
            total = time.perf_counter() - t0
            run = {s: spent.get(s, 0.0) for s in STAGES[:-1]}
            run["other"] = max(0.0, total - sum(run.values()))
            run["total"] = total
            b = best.setdefault(f, {})
            for s, v in run.items():
                b[s] = min(b.get(s, v), v)
    return best


def child_main(files_json: str, rounds: int) -> None:
    files = json.loads(Path(files_json).read_text(encoding="utf-8"))
    import ingest
    print(json.dumps({"ingest": str(Path(ingest.__file__).parent), "best": measure(files, rounds)}))


# ---- the parent: corpora, versions, rounds, the table -------------------------------------

def corpora(generated: int, seed: int) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    from generate_corpus import make_corpus
    samples = sorted(str(p) for p in (ROOT / "data" / "reports").glob("*.txt"))
    folder = ROOT / "benchmarks" / "corpus" / f"stage-{generated}"
    make_corpus(generated, folder, seed)
    gen = sorted(str(p) for p in folder.iterdir() if not p.name.endswith(".json") and not p.name.startswith("."))
    groups = {"sample reports (data/reports)": samples, f"generated (seed {seed})": gen}
    real = ROOT.parent / "shared" / "corpus" / "real"
    if real.is_dir():                               # web-page excerpts of real reports
        groups["real report pages (../shared/corpus/real)"] = sorted(
            str(g.with_name(g.name.removesuffix(".gold.json"))) for g in real.glob("*.gold.json"))
    return groups


def export_revision(rev: str, into: Path) -> str:
    """The tree of git revision `rev` in `into`; returns its short hash."""
    short = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return short


def run_child(src: Path, files_json: Path, rounds: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(files_json), "--rounds", str(rounds)],
                         cwd=src, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(result["ingest"]).resolve() != (src / "ingest").resolve():
        raise SystemExit(f"measured {result['ingest']}, not the extractor in {src}")
    return result["best"]


def merge(into: dict, best: dict) -> None:
    for f, stages in best.items():
        b = into.setdefault(f, {})
        for s, v in stages.items():
            b[s] = min(b.get(s, v), v)


def per_report_ms(best: dict, files: list[str]) -> dict[str, float]:
    return {s: 1000 * sum(best[f][s] for f in files) / len(files) for s in (*STAGES, "total")}


def table(names: list[str], results: dict[str, dict], groups: dict[str, list[str]]) -> list[str]:
    lines = []
    for group, files in groups.items():
        ms = {n: per_report_ms(results[n], files) for n in names}
        head = "| stage | " + " | ".join(f"{n} (ms/report)" for n in names)
        head += " | ratio |" if len(names) == 2 else " |"
        lines += ["", f"{group}: {len(files)} reports", "", head,
                  "|---|" + "---:|" * (len(names) + (1 if len(names) == 2 else 0))]
        for s in (*STAGES, "total"):
            cells = [f"{ms[n][s]:.2f}" for n in names]
            if len(names) == 2:
                cells.append(f"{ms[names[1]][s] / ms[names[0]][s]:.2f}" if ms[names[0]][s] > 0.005 else "—")
            label = f"**{s}**" if s == "total" else s
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="git revision whose extractor is measured beside the working tree's")
    ap.add_argument("--generated", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child_main(a.child, a.rounds)
        return 0
    groups = corpora(a.generated, a.seed)
    files = sorted({f for fs in groups.values() for f in fs})
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jixiao-stage-") as tmp:
        files_json = Path(tmp) / "files.json"
        files_json.write_text(json.dumps(files), encoding="utf-8")
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        versions = {f"at {head}": ROOT}
        if a.baseline:
            base = Path(tmp) / "baseline"
            base.mkdir()
            versions = {f"before ({export_revision(a.baseline, base)})": base, "after (working tree)": ROOT}
        results: dict[str, dict] = {n: {} for n in versions}
        for _ in range(a.rounds):                   # alternate, so both see the same machine load
            for name, src in versions.items():
                merge(results[name], run_child(src, files_json, 1))
    names = list(versions)
    lines = [f"Measured {time.strftime('%Y-%m-%d')} in one run of {time.perf_counter() - t0:.0f} s on "
             f"{os.cpu_count()} cores, Python {platform.python_version()}; the fastest of {a.rounds} rounds per "
             "file and stage (rounds alternate between the versions), averaged over the reports of each corpus."]
    lines += table(names, results, groups)
    body = "\n".join(lines)
    print(body)
    from bench_md import write_section
    cmd = "python benchmarks/stage_bench.py" + (f" --baseline {a.baseline}" if a.baseline else "")
    write_section("## Extraction time per report by stage\n\n"
                  f"`{cmd}`: read = `read_document`, normalise = `normalize`, outline = `Outline`, extract = "
                  "`extract_all` and place resolution, validate = `validate`, other = the rest of `extract_bytes` "
                  f"(report recognition, bookkeeping).\n\n{body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
