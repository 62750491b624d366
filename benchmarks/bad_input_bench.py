"""Bad input in one run: the sample reports beside the inputs that used to stop a run.

    python benchmarks/bad_input_bench.py

The folder holds the sample reports plus: a report stating 本年收入100000000亿元, a 4,301-digit
score, a symbolic-link loop, a report with a 400,000-digit line, a 2 GB sparse file, a damaged .xlsx;
a path that does not exist is named too. One `jixiao ingest` (two workers), timed, with the
peak memory of its whole process tree; then what each bad input got (its console line and
its row). Writes the section "Bad input" of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_md import write_section  # noqa: E402
from run import watch_peak  # noqa: E402

WORK = ROOT / "benchmarks" / "out" / "bad_input"
JIXIAO = str(Path(sys.executable).with_name("jixiao"))


def make_folder(folder: Path) -> dict[str, Path]:
    """The folder, and each bad input by what it is."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    samples = sorted((ROOT / "data" / "reports").glob("*.txt"))
    for p in samples:
        shutil.copy(p, folder / p.name)
    text = samples[0].read_text(encoding="utf-8")
    bad = {
        "本年收入100000000亿元": folder / "huge_number.txt",
        "a 4,301-digit score": folder / "long_score.txt",
        "a 400,000-digit line": folder / "digit_line.txt",
        "a symbolic-link loop": folder / "loop_a.txt",
        "a 2 GB sparse file": folder / "sparse.txt",
        "a damaged .xlsx (a zip without sheets)": folder / "table.xlsx",
        "a path that does not exist": WORK / "no-such-folder",
    }
    huge = re.sub(r"本年收入(?:为)?\s*[\d,.]+\s*万元", "本年收入100000000亿元", text)    # its own figure, restated
    bad["本年收入100000000亿元"].write_text(huge, encoding="utf-8")
    bad["a 4,301-digit score"].write_text(text + "\n本部门整体支出绩效自评得分为" + "9" * 4301 + "分。\n",
                                          encoding="utf-8")
    bad["a 400,000-digit line"].write_text(text + "\n" + "1" * 400_000 + "\n", encoding="utf-8")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    with open(bad["a 2 GB sparse file"], "wb") as f:
        f.truncate(2 * 1024 ** 3)
    with zipfile.ZipFile(bad["a damaged .xlsx (a zip without sheets)"], "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return bad


def measured_ingest(folder: Path, missing: Path, db: Path) -> tuple[int, float, float, int, str]:
    """(exit code, wall seconds, CPU seconds, peak memory of the process tree in bytes, stderr) of one ingest."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([JIXIAO, "ingest", str(folder), str(missing), "--db", str(db), "--workers", "2",
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak_of = watch_peak(proc, every=0.02)
    err = proc.communicate()[1]
    seconds = time.perf_counter() - t0
    peak = peak_of()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return proc.returncode, seconds, cpu, peak, err


def main() -> None:
    folder, db = WORK / "folder", WORK / "warehouse.duckdb"
    bad = make_folder(folder)
    db.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    rc, seconds, cpu, peak, err = measured_ingest(folder, bad["a path that does not exist"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        loaded = {r[0] for r in c.execute("select file_name from raw.reports").fetchall()}
        errors = dict(c.execute("select file_name, error_kind from raw.load_errors").fetchall())
        findings = dict(c.execute("""select r.file_name, count(*) from raw.findings f join raw.reports r
                                     using (report_id) where f.rule = 'implausible_value' group by 1""").fetchall())
    samples = sorted(p.name for p in (ROOT / "data" / "reports").glob("*.txt"))
    rows = []
    for what, path in bad.items():
        lines = [ln for ln in err.splitlines() if ln.split(": ")[1:2] == [str(path)]]
        row = (f"load_errors `{errors[path.name]}`" if path.name in errors
               else f"loaded; {findings.get(path.name, 0)} `implausible_value` finding(s)" if path.name in loaded
               else "nothing recorded")
        rows.append(f"| {what} | {row} | {len(lines)} |")
    section = "\n".join([
        "## Bad input",
        "",
        "`python benchmarks/bad_input_bench.py`: the five sample reports and the bad inputs below in one",
        f"`jixiao ingest FOLDER MISSING_PATH --workers 2`, {time.strftime('%Y-%m-%d')}, 2 cores shared with other "
        f"work (load average {load:.0f} at the start).",
        "",
        f"- sample reports loaded: {len(set(samples) & loaded)} of {len(samples)}; exit code {rc}",
        f"- wall time: {seconds:.1f} s (CPU time of the process tree {cpu:.1f} s); peak memory of the process tree (main and workers): "
        f"{peak / 2 ** 20:.0f} MB",
        "",
        "| bad input | what it got | console lines |",
        "|---|---|---:|",
        *rows,
        "",
        "The symbolic-link loop is two links (`loop_a.txt → loop_b.txt → loop_a.txt`); each gets its row.",
    ])
    write_section(section)
    print(section)


if __name__ == "__main__":
    main()
