"""Limits checked before work: a file's size before it is read, a time budget per file."""
from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.failures import FileFailure

TIME_BUDGET_SECONDS = 60.0


class TimeBudgetExceeded(BaseException):
    """Raised inside the extraction of a file that ran out of time. A BaseException, so that
    no `except Exception` inside an extractor can swallow it."""


def read_within_limit(path: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes; a file over the limit is refused from its size alone, unread."""
    if max_bytes is None:
        from ingest.documents import MAX_BYTES as max_bytes
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
        from ingest.files import stat_failure      # not at the top: `jixiao --help` must not load the readers
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


def timeout_failure(seconds: float, killed: bool = False) -> FileFailure:
    how = "its worker process was killed and replaced" if killed else "it was stopped"
    return FileFailure("timeout", f"extraction took more than {seconds:g} s and {how} "
                                  "(a very long line or table?); raise the budget with --timeout")
