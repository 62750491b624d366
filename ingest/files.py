"""The files named on the command line, and the files inside folders, found without surprises.

Nothing is skipped silently: a path that does not exist, a symbolic link that loops, a
folder that cannot be read and a document of a type jixiao does not read (a picture, an
archive) each come back as a failure, to be recorded like any other. Files that are no
documents (answer keys, notes) are listed as skipped, and hidden names (starting with '.')
are left out and counted. Folders are walked in name order, following links to folders
once each.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ingest.documents import READABLE_SUFFIXES, UNREADABLE_DOCUMENT_SUFFIXES
from ingest.failures import FileFailure, stat_failure


@dataclass
class Found:
    """A file to read (failure None) or a path that fails before reading."""
    path: str
    failure: FileFailure | None = None


@dataclass
class Walk:
    hidden: int = 0                       # hidden files and folders left out
    skipped: list[str] = field(default_factory=list)   # files in folders that are no documents
    found: list[Found] = field(default_factory=list)


def find_files(paths: Iterable[str]) -> Walk:
    walk = Walk()
    for p in paths:
        walk.found.extend(_one(p, walk))
    return walk


def _one(path: str, walk: Walk) -> Iterator[Found]:
    if not os.path.lexists(path):
        yield Found(path, FileFailure("missing", "no such file or folder"))
        return
    try:
        is_dir = os.path.isdir(path) and os.stat(path) is not None
    except OSError as e:
        yield Found(path, stat_failure(e))
        return
    if is_dir:
        yield from _folder(path, walk)
    else:
        yield Found(path)                 # a file named explicitly is read whatever its extension


def _folder(top: str, walk: Walk) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=errors.append, followlinks=True):
        try:
            st = os.stat(root)
        except OSError as e:
            yield Found(root, stat_failure(e))
            continue
        if (st.st_dev, st.st_ino) in seen:          # a link back to a folder already walked
            dirs.clear()
            yield Found(root, FileFailure("symlink_loop", "a link to a folder already read; not read again"))
            continue
        seen.add((st.st_dev, st.st_ino))
        walk.hidden += sum(1 for n in dirs + files if n.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            suffix = os.path.splitext(name)[1].lower()
            if suffix in READABLE_SUFFIXES:
                yield Found(path)
            elif suffix in UNREADABLE_DOCUMENT_SUFFIXES:
                yield _unsupported(path, suffix)
            else:
                walk.skipped.append(path)
        yield from _drain(errors, root)
    yield from _drain(errors, top)


def _drain(errors: list[OSError], where: str) -> Iterator[Found]:
    while errors:
        e = errors.pop(0)
        yield Found(e.filename or where, stat_failure(e))


def _unsupported(path: str, suffix: str) -> Found:
    kinds = ", ".join(sorted(READABLE_SUFFIXES))
    return Found(path, FileFailure("unsupported", f"file type {suffix!r} is not read (jixiao reads {kinds})"))
