"""One file, tried on its own: whatever goes wrong with it is its failure alone.

`attempt` reads the file within the size limit, extracts it within the time budget, and
hands the report to `finish` (rows for the warehouse, or an answer file). It never raises
for anything about the file: the outcome holds the result or a FileFailure.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.documents import DocumentError
from ingest.failures import FileFailure
from ingest.limits import TimeBudgetExceeded, read_within_limit, time_budget, timeout_failure
from ingest.pipeline import NotAReportError, Report, extract_bytes, report_id_of
from ingest.plausibility import RULE as IMPLAUSIBLE
from ingest.rows import RowError


@dataclass
class Outcome:
    path: str
    hash: str | None = None
    result: Any = None
    failure: FileFailure | None = None
    notes: list[str] = field(default_factory=list)      # implausible values, one line each


def attempt(path: str, finish: Callable[[Report], Any], budget: float | None) -> Outcome:
    """Read the file within the size limit, then as attempt_bytes."""
    try:
        data = read_within_limit(path)
    except FileFailure as e:
        return Outcome(path, failure=e)
    return attempt_bytes(path, data, finish, budget)


def attempt_bytes(path: str, data: bytes, finish: Callable[[Report], Any], budget: float | None) -> Outcome:
    """Extract a file's bytes within the time budget and hand the report to `finish`; every
    failure becomes the outcome's FileFailure (the Spark ingest, which has the bytes, calls this)."""
    out = Outcome(path, hash=report_id_of(data))
    try:
        with time_budget(budget):
            report = extract_bytes(Path(path).name, data)
            out.notes = [x.message for x in report.findings if x.rule == IMPLAUSIBLE]
            out.result = finish(report)
    except FileFailure as e:
        out.failure = e
    except (DocumentError, NotAReportError) as e:
        out.failure = FileFailure(e.kind, e.message)
    except RowError as e:
        out.failure = FileFailure("invalid_value", f"{e}; the file is not loaded")
    except TimeBudgetExceeded:
        out.failure = timeout_failure(budget or 0)
    except Exception as e:                         # finish() itself: rows or the answer file
        out.failure = FileFailure("internal_error", f"writing the result failed ({type(e).__name__}: "
                                                    f"{str(e)[:200]}); a bug in jixiao, please report it with the file")
    if out.failure is not None:
        out.result, out.notes = None, []
    return out
