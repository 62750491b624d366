"""OCR engines compared on scanned reports, and a scanned corpus ingested with bounded memory.

    python benchmarks/ocr_bench.py [--engines rapidocr,tesseract] [--corpus-pages 100]

The sample reports (data/reports) are rendered as scans: each page of their PDF rendering
photographed as a 200 dpi greyscale JPEG, no text layer. In one run, for each engine:
- accuracy: the facts extracted from the scans scored against the hand-read answers
  (tests/gold) with the scorer of `jixiao evaluate`;
- speed: pages/s with two worker processes (one per core, one OCR thread each), and
  CPU seconds per page.
Then `jixiao ingest --workers 2` loads a corpus of about --corpus-pages scanned pages (the
samples rendered again under other names) with the default engine, sampling the memory of
the whole process tree. Results go to BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_md import write_section  # noqa: E402

from evaluation.evaluate import summarize  # noqa: E402

REPORTS = ROOT / "data" / "reports"
GOLD = ROOT / "tests/gold"   # the answer keys (data, not test code)


def render_scan(text: str, path: Path, dpi: int = 200) -> Path:
    """text typeset as an A4 PDF (one paragraph per line), each page then photographed as a greyscale
    JPEG at dpi: a scan without a text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from xml.sax.saxutils import escape

    from generate.formats import photograph_pdf
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                           firstLineIndent=24)
    typeset = path.with_suffix(".typeset.pdf")
    story = [Paragraph(escape(line), style) if line.strip() else Spacer(1, 10) for line in text.splitlines()]
    SimpleDocTemplate(str(typeset), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.5 * cm,
                      bottomMargin=2.5 * cm).build(story)
    photograph_pdf(typeset, path, dpi)
    typeset.unlink()
    return path


def _extract(path: str) -> tuple[str, dict, int, float]:
    """Worker: one scanned report → (name, answer, pages, CPU seconds)."""
    import resource

    from ingest.pipeline import extract_bytes, to_answer

    def cpu() -> float:                       # this process and the OCR processes it ran (tesseract)
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    start = cpu()
    report = extract_bytes(Path(path).name, Path(path).read_bytes())
    return path, to_answer(report), report.doc.pages or 0, cpu() - start


def measure(engine: str, scans: list[Path]) -> dict:
    """Accuracy and speed of one engine on the scans, two worker processes."""
    os.environ["JIXIAO_OCR_ENGINE"] = engine
    os.environ["JIXIAO_OCR_THREADS"] = "1"
    t0 = time.perf_counter()
    with get_context("fork").Pool(2) as pool:
        results = pool.map(_extract, [str(s) for s in scans], chunksize=1)
    wall = time.perf_counter() - t0
    pairs, pages, cpu = [], 0, 0.0
    for path, answer, n, seconds in results:
        original = Path(path).stem + ".txt"
        answer["report_file"] = original
        pairs.append((original, json.loads((GOLD / f"{original}.gold.json").read_text(encoding="utf-8")), answer))
        pages += n
        cpu += seconds
    s = summarize(pairs)
    groups = {g: round(v["f1"], 3) for g, v in s.items() if isinstance(v, dict) and "f1" in v and g != "overall"}
    return {"engine": engine, "reports": " ".join(name[:3] for name, _, _ in pairs), "pages": pages,
            "wall_s": wall, "pages_per_s": pages / wall, "cpu_s_per_page": cpu / pages,
            "f1": s["overall"]["f1"], "groups": groups, "counts": s["overall"]["counts"]}


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of pid and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1e6


def ingest_corpus(target_pages: int, work: Path) -> dict:
    """`jixiao ingest --workers 2` of about target_pages scanned pages; peak memory of the process tree."""
    corpus = work / "corpus"
    corpus.mkdir()
    pages, copy = 0, 0
    while pages < target_pages:
        for report in sorted(REPORTS.glob("*.txt")):
            text = report.read_text(encoding="utf-8") + f"\n（第 {copy + 1} 份扫描件）"   # other bytes, same report
            scan = render_scan(text, corpus / f"{report.stem}_{copy}.pdf")
            import pymupdf
            with pymupdf.open(scan) as pdf:
                pages += pdf.page_count
            if pages >= target_pages:
                break
        copy += 1
    env = {**os.environ, "JIXIAO_OCR_ENGINE": "rapidocr", "JIXIAO_OCR_THREADS": "1"}
    t0 = time.perf_counter()
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "jixiao"), "ingest", str(corpus), "--db",
                                str(work / "w.duckdb"), "--workers", "2"], env=env, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss_mb(process.pid))
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    summary = process.stdout.read().strip().splitlines()[-1]
    return {"files": len(list(corpus.iterdir())), "pages": pages, "wall_s": wall, "peak_mb": peak,
            "summary": summary, "rc": process.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="rapidocr,tesseract", help='"none" skips the comparison')
    parser.add_argument("--corpus-pages", type=int, default=100, help="0 skips the ingest run")
    parser.add_argument("--reports", default="", help="comma-separated report file names (default: all samples)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        chosen = [r for r in sorted(REPORTS.glob("*.txt")) if not args.reports or r.name in args.reports.split(",")]
        scans = [render_scan(r.read_text(encoding="utf-8"), work / f"{r.stem}.pdf") for r in chosen]
        results = [measure(engine, scans) for engine in args.engines.split(",") if engine != "none"]
        for r in results:
            print(json.dumps(r, ensure_ascii=False), flush=True)
        if results:
            write_section(_engines_section(results))
        ingest = ingest_corpus(args.corpus_pages, work) if args.corpus_pages else None
        if ingest:
            print(json.dumps(ingest, ensure_ascii=False))
            write_section(_corpus_section(ingest))


def _engines_section(results: list[dict]) -> str:
    load = os.getloadavg()[0]
    lines = ["## OCR of scanned reports: RapidOCR and Tesseract", "",
             f"`python benchmarks/ocr_bench.py` on {platform.machine()}, {os.cpu_count()} cores (load average at the end "
             f"{load:.1f}: other jobs shared the machine, so compare the engines with each other, measured in this one run). "
             f"Sample reports ({', '.join(sorted({r['reports'] for r in results}))}) rendered as scans (200 dpi greyscale "
             "JPEG pages, no text layer), read through the whole pipeline; F1 against the hand-read answers "
             "(tests/gold), scored as `jixiao evaluate` does.", "",
             "| engine | pages | overall F1 | tp/fp/fn | pages/s (2 workers) | CPU s/page | weakest groups |",
             "|---|---:|---:|---|---:|---:|---|"]
    for r in results:
        weakest = ", ".join(f"{g} {f:.3f}" for g, f in sorted(r["groups"].items(), key=lambda x: x[1])[:3])
        lines.append(f"| {r['engine']} | {r['pages']} | {r['f1']:.3f} | {'/'.join(map(str, r['counts']))} | "
                     f"{r['pages_per_s']:.3f} | {r['cpu_s_per_page']:.1f} | {weakest} |")
    return "\n".join(lines) + "\n"


def _corpus_section(ingest: dict) -> str:
    return "\n".join([
        "## Scanned corpus ingest", "",
        f"`python benchmarks/ocr_bench.py --engines none`: `jixiao ingest --workers 2` of {ingest['files']} scanned PDFs, "
        f"{ingest['pages']} pages (RapidOCR, one OCR thread per worker; load average at the end "
        f"{os.getloadavg()[0]:.1f}): {ingest['wall_s']:.0f} s, {ingest['pages'] / ingest['wall_s']:.3f} pages/s, peak "
        f"memory of the whole process tree (sampled every 0.5 s) {ingest['peak_mb']:.0f} MB: pages are rendered and read "
        f"one at a time, so memory does not grow with the corpus. Summary line: `{ingest['summary']}`."]) + "\n"


if __name__ == "__main__":
    main()
