"""Interrupts stay clean: Ctrl-C or a killed worker prints no traceback and leaves the warehouse
consistent; the next run loads the rest."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
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


def test_a_worker_that_dies_between_files_does_not_break_the_run(tmp_path, monkeypatch):
    """A worker killed just after a file: every file is still loaded or recorded."""
    from ingest import load, pipeline
    folder, db = tmp_path / "many", tmp_path / "w.duckdb"
    total = _many(folder, 4) + 1
    (folder / "000_zz_dies_after.txt").write_text(sample_reports()[0].read_text(encoding="utf-8") + "\n【稍后终止】",
                                              encoding="utf-8")
    real = pipeline.normalize

    def die_soon(text):
        if "【稍后终止】" in text:
            threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGKILL)).start()
        return real(text)

    monkeypatch.setattr(pipeline, "normalize", die_soon)
    load.run_ingest([str(folder)], db, workers=2, quiet=True, budget=5)
    with duckdb.connect(str(db), read_only=True) as c:
        kinds = [k for (k,) in c.execute("select error_kind from raw.load_errors").fetchall()]
    assert set(kinds) <= {"worker_died", "timeout"}, kinds
    assert _consistent(db) + len(kinds) == total


def test_a_broken_pool_is_started_again_for_the_files_left(monkeypatch):
    """pebble gives up a pool whose worker dies while no file is running (BrokenProcessPool);
    the files not yet tried go to a new pool instead of failing."""
    from ingest import load
    from ingest.isolation import Outcome
    pools = []

    def one_pool(work, todo, workers, budget):
        pools.append([t[0] for t in todo])
        for i, (path, _, _) in enumerate(todo):
            if len(pools) == 1 and i == 2:
                yield None                             # the pool broke before this file
                return
            yield Outcome(path, hash=path)

    monkeypatch.setattr(load, "_one_pool", one_pool)
    todo = [(f"f{i}", 1, 1) for i in range(5)]
    assert [o.path for o in load._in_pool(None, todo, 2, 1)] == ["f0", "f1", "f2", "f3", "f4"]
    assert pools == [["f0", "f1", "f2", "f3", "f4"], ["f2", "f3", "f4"]]
