"""Interrupts stay clean: Ctrl-C or a killed worker prints no traceback and leaves the warehouse
consistent; the next run loads the rest."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import sample_reports

JIXIAO = [sys.executable, "-m", "jixiao.cli"]


def _many(folder: Path, copies: int) -> int:
    folder.mkdir()
    for i in range(copies):
        for p in sample_reports():
            (folder / f"{i:03d}_{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n附：第{i}份", encoding="utf-8")
    return copies * len(sample_reports())


def _children(pid: int) -> list[int]:
    """The worker processes: children started by any thread of the process."""
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(kids)


def _start(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([*JIXIAO, "ingest", str(folder), "--db", str(db), "--workers", "2", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_workers(proc: subprocess.Popen) -> list[int]:
    for _ in range(600):
        kids = _children(proc.pid)
        if len(kids) >= 2:
            return kids
        time.sleep(0.05)
    raise AssertionError("the process pool never started")


def _consistent(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as c:
        reports = c.execute("select count(*) from raw.reports").fetchone()[0]
        assert c.execute("select count(*) from raw.report_text").fetchone()[0] == reports
        for t in ("facts", "indicator_scores", "problems", "findings"):
            orphans = c.execute(f"select count(*) from raw.{t} where report_id not in "
                                "(select report_id from raw.reports)").fetchone()[0]
            assert orphans == 0, t
    return reports


def test_ctrl_c_leaves_no_traceback_and_whole_reports_only(tmp_path):
    folder, db = tmp_path / "many", tmp_path / "w.duckdb"
    total = _many(folder, 40)
    proc = _start(folder, db)
    _wait_for_workers(proc)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)             # what a terminal sends the whole group on Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Error" not in err.replace("error:", ""), err
    assert _consistent(db) < total
    rerun = subprocess.run([*JIXIAO, "ingest", str(folder), "--db", str(db), "--quiet"], capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _consistent(db) == total


def test_a_killed_worker_costs_at_most_its_file_and_no_traceback(tmp_path):
    folder, db = tmp_path / "many", tmp_path / "w.duckdb"
    total = _many(folder, 30)
    proc = _start(folder, db)
    worker = _wait_for_workers(proc)[0]
    time.sleep(0.5)
    os.kill(worker, signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert "Traceback" not in err, err
    with duckdb.connect(str(db), read_only=True) as c:
        died = c.execute("select count(*) from raw.load_errors where error_kind = 'worker_died'").fetchone()[0]
        others = c.execute("select error_kind, message from raw.load_errors where error_kind <> 'worker_died'").fetchall()
    assert not others and died <= 1, others[:3]
    assert proc.returncode == (1 if died else 0)
    assert _consistent(db) == total - died
