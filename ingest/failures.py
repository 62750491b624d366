"""Why a file did not load: a kind to count and a message a person can act on.

Every stage that touches one file (finding it, reading, normalising, extracting,
validating, turning facts into typed rows) reports its failure as a FileFailure; the
file gets one line on the console and one row in raw.load_errors, and the run goes on.
"""
from __future__ import annotations

# kind → what happened; the kinds of raw.load_errors.error_kind, listed in the README
KINDS = {
    "missing": "the path does not exist",
    "unreadable": "the file or folder cannot be read (permissions, I/O error)",
    "symlink_loop": "a symbolic link that points back to itself",
    "unsupported": "a file type jixiao does not read",
    "too_large": "the file is larger than the size limit; it is not read",
    "empty": "the file is empty or holds only whitespace",
    "binary": "the file holds binary data, not text",
    "encoding": "the text encoding cannot be established",
    "truncated": "a damaged or truncated PDF or Word file",
    "encrypted": "a password-protected PDF or Word file",
    "no_text_layer": "a PDF without text (a scan)",
    "not_a_report": "readable, but not a 绩效自评报告",
    "timeout": "extraction took longer than the time budget per file",
    "worker_died": "the process extracting the file was killed",
    "invalid_value": "a value does not fit its warehouse column",
    "internal_error": "a bug in jixiao; the message names the stage",
}


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
