"""Limits checked before work: a file's size before it is read, a time budget per file.

The budget is for what a file's content can make slow (normalising, extracting, a regular
expression on a pathological line). Reading a scan by OCR or converting a .doc takes time in
proportion to the document, so those readers widen the budget as they go (`widen_budget`), and
the hard limit a stuck worker is killed at allows for them from the file's type and size.
"""
from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.failures import FileFailure, stat_failure

MAX_BYTES = 30 * 1024 * 1024    # a report file larger than this is refused unread
TIME_BUDGET_SECONDS = 60.0
OCR_SECONDS_PER_PAGE = 60.0     # each scanned page widens the budget by this (about 8 CPU s on a quiet core)
CONVERSION_SECONDS = 120.0      # a .doc / .wps conversion by LibreOffice is stopped after this
SCAN_PAGE_MIN_BYTES = 50_000    # a page scanned at 150 dpi or more takes at least this much of a PDF


class TimeBudgetExceeded(BaseException):
    """Raised inside the extraction of a file that ran out of time. A BaseException, so that
    no `except Exception` inside an extractor can swallow it."""


def read_within_limit(path: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes; a file over the limit is refused from its size alone, unread."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):          # opening a pipe would wait for a writer forever
            raise FileFailure("unreadable", "not a regular file (a pipe, socket or device); not read")
        size = st.st_size
        if size > max_bytes:
            raise FileFailure("too_large", f"file is {size:,} bytes, more than the limit of {max_bytes:,}; not read")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)              # a file growing while we read stays bounded too
    except OSError as e:
        raise stat_failure(e) from None
    if len(data) > max_bytes:
        raise FileFailure("too_large", f"file is more than the limit of {max_bytes:,} bytes; not read")
    return data


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise TimeBudgetExceeded in the block after `seconds` of wall time. Python code and
    regular expressions are interrupted; a call stuck in C code is cut off by the process
    pool instead (see ingest.load)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeBudgetExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def widen_budget(seconds: float) -> None:
    """Push the running budget's end `seconds` further (a reader about to do work in proportion to
    the document: one OCR page, one conversion). Nothing when no budget runs."""
    remaining = signal.getitimer(signal.ITIMER_REAL)[0] if threading.current_thread() is threading.main_thread() else 0
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, remaining + seconds)


def hard_limit(path: str, size: int, budget: float, grace: float) -> float:
    """Seconds after which a worker still on this file is killed: the budget, the grace a stuck
    call gets, and what reading a file of this type and size may add (widen_budget's share)."""
    suffix = os.path.splitext(path)[1].lower()
    reading = 0.0
    if suffix == ".pdf":
        reading = OCR_SECONDS_PER_PAGE * (size // SCAN_PAGE_MIN_BYTES)
    elif suffix in (".doc", ".wps"):
        reading = CONVERSION_SECONDS
    return budget + grace + reading


def timeout_failure(seconds: float, killed: bool = False) -> FileFailure:
    how = "its worker process was killed and replaced" if killed else "it was stopped"
    return FileFailure("timeout", f"extraction took more than {seconds:g} s and {how} "
                                  "(a very long line or table?); raise the budget with --timeout")
