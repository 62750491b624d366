"""Why a file did not load: a kind to count and a message a person can act on.

Every stage that touches one file (finding it, reading, normalising, extracting,
validating, turning facts into typed rows) reports its failure as a FileFailure; the
file gets one line on the console and one row in raw.load_errors, and the run goes on.
"""
from __future__ import annotations

import csv
import errno
from pathlib import Path

# kind → what happened: the values of raw.load_errors.error_kind, with their Chinese names for
# the marts, in one data file (a dbt seed) that the README's bad-input table follows
KINDS_CSV = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "load_error_kinds.csv"
with KINDS_CSV.open(encoding="utf-8") as _f:
    KINDS = {row["error_kind"]: row["meaning"] for row in csv.DictReader(_f)}


class FileFailure(Exception):
    """One file failed; `kind` is one of KINDS."""

    def __init__(self, kind: str, message: str):
        if kind not in KINDS:
            raise ValueError(f"unknown failure kind {kind!r}")
        super().__init__(kind, message)           # both in args: the failure crosses process boundaries
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def stat_failure(e: OSError) -> FileFailure:
    if e.errno == errno.ELOOP:
        return FileFailure("symlink_loop", "a symbolic link that points back to itself")
    if e.errno == errno.ENOENT:
        return FileFailure("missing", "no such file (moved or deleted, or a link to nothing)")
    return FileFailure("unreadable", f"cannot read: {e.strerror or e}")
