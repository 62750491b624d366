"""The label lexicon: the words reports use to name each fact, as data (`labels.csv`).

One row is one phrasing of one fact: its `family` (amount, rate, headcount, …), the
`fact_key` it names (empty for words that name something that is not a fact, so that it is
not mistaken for one), the `unit`, the `subject` it speaks of (the family of a generic label
such as 预算数, or the kind of staff), plain `wordings` as reports write them, separated by 、
(documented in docs/facts.md and written by the report generator), and the `phrasing`, a pattern that matches
the label's words and their variants. The extractor compiles each phrasing once.

Phrasing syntax, chosen so that a row reads like the words it matches:
    [a|b]   optional, one of        (a|b)  one of
    …       up to eight characters  *      any characters
    Q       an optional quotation mark (“三公”, "三公", 三公)
    +       the group before it, repeated
    ^ $     the label starts / ends here (headcount phrasings match the end of a label)
    （ ）   a bracket, full-width or not: 自评总分（分） reads 自评总分(分) too
Every other character stands for itself.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOCUMENTED_FAMILIES = ("amount", "rate", "headcount")
LABELS_CSV = Path(__file__).with_name("labels.csv")
_SYNTAX = {"[": "(?:", "]": ")?", "(": "(?:", ")": ")", "|": "|", "…": ".{0,8}?", "*": ".*?",
           "Q": "[“”\"'‘’「」]?", "+": "+", "^": "^", "$": "$", "（": "[（(]", "）": "[）)]"}


@dataclass(frozen=True)
class Label:
    """One phrasing of one fact."""
    family: str
    fact_key: str | None
    unit: str
    subject: str | None
    wordings: tuple[str, ...]
    phrasing: str
    pattern: re.Pattern


def to_regex(phrasing: str) -> str:
    """The regular expression of a phrasing (see the module docstring for the syntax)."""
    return "".join(_SYNTAX.get(ch) or re.escape(ch) for ch in phrasing)


@cache
def labels(family: str | None = None) -> tuple[Label, ...]:
    """Every row of the lexicon in file order (the order matches are tried), compiled once."""
    with LABELS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = tuple(Label(r["family"], r["fact_key"] or None, r["unit"], r["subject"] or None,
                      tuple(r["wordings"].split("、")), r["phrasing"], re.compile(to_regex(r["phrasing"])))
                for r in rows)
    return out if family is None else tuple(x for x in out if x.family == family)


def alternation(family: str, subject: str | None = None) -> str:
    """One regular expression that matches any phrasing of a family (of one subject, if given),
    for extractors that find labels in running text rather than classify a label they hold."""
    return "|".join(f"(?:{x.pattern.pattern})" for x in labels(family) if subject in (None, x.subject))


def match_label(family: str, label: str) -> Label | None:
    """The first row of `family` whose phrasing matches the whole of `label`."""
    rows, whole, _ = _compiled(family)
    m = whole.fullmatch(label)
    return rows[int(m.lastgroup[1:])] if m else None


def match_label_end(family: str, label: str) -> Label | None:
    """The first row of `family` whose phrasing matches the end of `label`."""
    return next((row for row, end in _compiled(family)[2] if end.search(label)), None)


@cache
def _compiled(family: str) -> tuple[tuple[Label, ...], re.Pattern, tuple[tuple[Label, re.Pattern], ...]]:
    """A family's rows; one pattern of them all (an alternation tries its branches in row order,
    so the first row that matches the whole label wins, in one call); each row matching an end."""
    rows = labels(family)
    whole = re.compile("|".join(f"(?P<r{i}>{x.pattern.pattern})" for i, x in enumerate(rows)))
    return rows, whole, tuple((x, re.compile(f"(?:{x.pattern.pattern})$")) for x in rows)


def wordings(family: str, fact_key: str | None, subject: str | None = None) -> list[str]:
    """The plain wordings of a fact (of one subject, if given), in lexicon order."""
    return [w for x in labels(family) if x.fact_key == fact_key and subject in (None, x.subject) for w in x.wordings]


def docs_table(family: str) -> str:
    """The markdown table of docs/facts.md for one family: each fact key with its wordings."""
    keys: dict[str, list[str]] = {}
    for x in labels(family):
        for w in x.wordings if x.fact_key else ():
            if w not in keys.setdefault(x.fact_key, []):
                keys[x.fact_key].append(w)
    rows = [f"| {k} | {', '.join(w)} |" for k, w in keys.items()]
    return "\n".join(["| key | what the report calls it |", "| --- | --- |", *rows])

