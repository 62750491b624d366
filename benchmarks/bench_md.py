"""BENCHMARKS.md is written by several benchmarks; each replaces only its own section."""
from __future__ import annotations

import re
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(section: str) -> None:
    """Replace the section whose '## ' heading opens `section` (up to the next '## '), or append it."""
    heading = section.splitlines()[0]
    old = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = section.rstrip("\n") + "\n\n"
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    BENCHMARKS_MD.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
