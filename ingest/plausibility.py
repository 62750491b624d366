"""Plausibility bounds: a figure no report can mean is not a fact but a finding.

The bounds are data (plausibility.csv): per fact group, or group.field for list items
and meta facts, the smallest and largest plausible value, and for every number the most
digits before the decimal point. A fact with a value outside its bounds (an amount above
what any department spends, a score above 100, a 4,000-digit run read as a number) is
dropped and reported as an `implausible_value` finding quoting the text it came from, so
what the report states is kept in sight while no impossible figure reaches the warehouse.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from ingest.extract.common import Fact
from ingest.validate import Finding, declared_finding

BOUNDS_CSV = Path(__file__).with_name("plausibility.csv")
RULE = "implausible_value"
QUOTE_CHARS = 60          # a finding quotes at most this much of the text (a bad line may be 400k digits)
_UNITS = "亿元|万元|千元|元|万|亿|分|%|人|名"


@dataclass(frozen=True)
class Bound:
    field: str
    min: Decimal | None
    max: Decimal | None
    max_digits: int | None
    unit: str
    why: str


@cache
def bounds() -> dict[str, Bound]:
    """The bounds by field ('*' for every number), read once from plausibility.csv."""
    def num(s: str) -> Decimal | None:
        return Decimal(s) if s.strip() else None
    with BOUNDS_CSV.open(encoding="utf-8") as f:
        return {r["field"]: Bound(r["field"], num(r["min"]), num(r["max"]),
                                  int(r["max_digits"]) if r["max_digits"].strip() else None, r["unit"], r["why"])
                for r in csv.DictReader(f)}


def screen(facts: list[Fact], text: str) -> tuple[list[Fact], list[Finding]]:
    """The facts whose every number is plausible, and one finding per fact that is not, and
    per figure in the text too long for any extractor to have read it as a fact."""
    kept, findings, flagged = [], [], []
    for f in facts:
        problem = _problem(f)
        if problem is None:
            kept.append(f)
        else:
            flagged.append((f.start, f.end))
            findings.append(declared_finding(RULE, f"{problem}: not stored; the report says 「{_quote(text, f.start, f.end)}」",
                                    (_name(f),)))
    return kept, findings + _long_figures(text, flagged)


def _long_figures(text: str, flagged: list[tuple[int, int]]) -> list[Finding]:
    """Figures too long for any extractor to have read: more than the '*' bound's digits
    before a unit, or more than the 'text' bound's digits anywhere."""
    table = bounds()
    every, anywhere = table.get("*"), table.get("text")
    if every is None or anywhere is None:
        return []
    # possessive, so a run of 400,000 digits is read once, not once per split
    rx = re.compile(rf"(?<![\d.])(?:\d{{{every.max_digits + 1},}}+(?:\.\d++)?+\s*+(?:{_UNITS})|\d{{{anywhere.max_digits + 1},}}+)")
    out = []
    for m in rx.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in flagged):
            continue
        digits = len(re.match(r"\d*", m.group()).group())
        why = anywhere.why if m.group()[-1].isdigit() else every.why
        out.append(declared_finding(RULE, f"a figure of {digits:,} digits is stated ({why}): not read as a fact; "
                                           f"the report says 「{_quote(text, *_context(text, m.start(), m.end()))}」", ()))
    return out


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """The figure with the words just before it on its line."""
    line_start = text.rfind("\n", max(0, start - 12), start) + 1
    return max(line_start, start - 12), end


def _name(f: Fact) -> str:
    """The fact key, or the group of a list item."""
    return f.group if isinstance(f.value, dict) else f.key


def _numbers(f: Fact) -> list[tuple[str, object]]:
    """(field name in plausibility.csv, value) of every number a fact holds."""
    if isinstance(f.value, dict):
        return [(f"{f.group}.{k}", v) for k, v in f.value.items() if _is_number(v)]
    if not _is_number(f.value):
        return []
    return [(f"meta.{f.key}" if f.group == "meta" else f.group, f.value)]


def _is_number(v: object) -> bool:
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


def _problem(f: Fact) -> str | None:
    table = bounds()
    for field, value in _numbers(f):
        v = Decimal(value)
        if not v.is_finite():
            return f"{_name(f)} is not a finite number"
        b = table.get(field)
        name = field if isinstance(f.value, dict) else _name(f)
        if b is not None and b.max is not None and v > b.max:
            return f"{name} = {_short(v)} {b.unit} is above {_short(b.max)} {b.unit} ({b.why})"
        if b is not None and b.min is not None and v < b.min:
            return f"{name} = {_short(v)} {b.unit} is below {_short(b.min)} {b.unit} ({b.why})"
        every, digits = table.get("*"), v.adjusted() + 1
        if every and every.max_digits is not None and digits > every.max_digits:
            return f"{name} is a number of {digits:,} digits, more than {every.max_digits} ({every.why})"
    return None


def _short(v: Decimal) -> str:
    s = format(v, "f")
    return s if len(s) <= 24 else f"{v:.6e}"


def _quote(text: str, start: int, end: int) -> str:
    q = text[start:end].replace("\n", " ")
    return q if len(q) <= QUOTE_CHARS else q[:QUOTE_CHARS // 2] + "…" + q[-QUOTE_CHARS // 2:]
