"""Recognising the genre: is this text a department's overall expenditure performance
(self-)evaluation, and where is its title? The words come from `phrasings.toml`.

A document is a report when its title or opening names the genre in any of the wordings
provinces use, or, for a page or excerpt that begins inside a report, when it holds several
of the sections and labels only the genre uses together. `not_a_report` is left for texts
with nothing of the genre.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PHRASINGS = Path(__file__).with_name("phrasings.toml")
HEAD = 6000                      # a title, a cover sheet and a notice stand in the opening


@dataclass(frozen=True)
class Title:
    """Where the text names the genre as a title: the subject's and the whole title's span."""
    line_start: int              # start of the line the title begins on
    subject_start: int           # where the subject (部门整体支出 …) starts
    end: int                     # end of the evaluation words (绩效自评报告 …)


@cache
def _words() -> dict:
    return tomllib.loads(PHRASINGS.read_text(encoding="utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def genre_pattern() -> re.Pattern:
    """Subject, then (at most `gap` characters on, one line break allowed) the evaluation."""
    w = _words()
    return re.compile(rf"(?P<subject>{_alternation(w['subjects'])})(?:[^。；\n]|\n(?=[^\n]{{0,30}}$)){{0,{w['gap']}}}?"
                      rf"(?P<evaluation>{_alternation(w['evaluations'])})", re.M)


@cache
def _signals() -> re.Pattern:
    return re.compile(f"(?=({_alternation(_words()['signals'])}))")     # overlapping: 绩效自评得分


_TITLE_END = re.compile(r"\s*(?:[（(][^）)\n]{0,20}[）)])?\s*(?:\.[A-Za-z]{2,5}|[_|》」”\"【\-—\s]|$)", re.M)


def is_report(text: str) -> bool:
    """Whether the text is a report of the genre (or a page or excerpt of one)."""
    if genre_pattern().search(text, 0, HEAD * 2):
        return True
    found = {m.group(1) for m in _signals().finditer(text, 0, HEAD * 2)}
    return len(found) >= _words()["min_signals"]


def titles(text: str):
    """Every place in the opening where the genre is named as a title: the evaluation words
    end the line (or a bracket, a file extension or a separator follows them), and the
    line has no sentence before the subject."""
    for m in genre_pattern().finditer(text, 0, HEAD):
        line_start = text.rfind("\n", 0, m.start("subject")) + 1
        before = text[line_start:m.start("subject")]
        if re.search(r"[。；]", before):
            continue
        if not _TITLE_END.match(text, m.end()) and (len(before) > 40 or re.search(r"[，,：:、]", before)):
            continue                 # a title run together with what follows it: the name alone before it
        yield Title(line_start, m.start("subject"), m.end())
