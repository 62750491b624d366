"""What every extractor needs: the fact record, and where a clause or sentence begins."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

from ingest.groups import Group
from ingest.normalize import NormalizedText
from ingest.outline import Outline

CLAUSE_DELIMS = "，,。；;：:！？!?≤≥<>\n、（("
SENTENCE_DELIMS = "。；;！？!?\n"
_SENTENCE_DELIM = re.compile(f"[{re.escape(SENTENCE_DELIMS)}]")
SENTENCE_MAX = 2000

# A label's own words start after these: a year ("2024 年度"), a connective, the speaker.
_YEAR_PREFIX = re.compile(r"^.*\d{4}\s*年(?:度)?(?:末|底|初)?")
_LEAD = re.compile(r"^(?:\d{1,2}[.．、)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]"              # a list marker
                   r"|(?:基本支出|项目支出|支出|收入)中|其中|包括|含|另|以及|和|及|与|比|较|同时|共计|共"  # a connective
                   r"|(?:我|本)(?:单位|部门|街道|中心|局|厅|委|办|院|镇|乡|所|站|馆|队|会|处|室|社|校)"  # the speaker
                   r"|全(?:局|厅|委|院|镇|乡|系统|街道)|局本级|本级|机关|医院|学校|部门|单位|全年|年度|本年度|本年|当年"
                   r"|[:：\s）)])+")
_TRAIL = re.compile(r"(?:为|是|达|达到|共计|合计|计|约|共|总计|累计|了|均|都)+$")


@dataclass
class Fact:
    """One extracted fact: a scalar (group meta/amounts/rates/headcount) or a list item."""
    group: str
    key: str
    value: Any
    start: int
    end: int
    method: str
    unit: str | None = None
    confidence: float = 0.9
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.group = Group(self.group)          # one of the shared group names, or a ValueError at once


@dataclass
class Context:
    """The normalised text and its outline, shared by the extractors of one report."""
    norm: NormalizedText
    outline: Outline
    fiscal_year: int | None = None
    department: str | None = None                                    # as meta found it
    consumed: list[tuple[int, int]] = field(default_factory=list)   # spans already claimed
    table_total: Fact | None = None                                  # the 合计 row of a score table
    # a fact stated with different values: (key, one statement per value, the one kept or None)
    ambiguous: list[tuple[str, list[Fact], Fact | None]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.norm.text

    def is_consumed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.consumed)


def clause_start(text: str, pos: int, limit: int = 60) -> int:
    """Offset just after the clause delimiter before `pos` (at most `limit` back)."""
    lo = max(0, pos - limit)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in CLAUSE_DELIMS:
            return i + 1
    return lo


def label_span(text: str, pos: int) -> tuple[int, str]:
    """(clause start, label text) of the figure at `pos`, with a parenthetical aside just
    before the figure left out: '收入总计（含上年结转）1234 万元' is labelled 收入总计."""
    lo = max(0, pos - 64)                        # a window, not text[:pos]: a copy per figure is quadratic
    before = text[lo:pos].rstrip()
    end = lo + len(before)                       # where `before` ends in the text
    if before.endswith(("（", "(")) and end > 1:            # "收入较上年（83,325.78万元）": the words before
        cs = clause_start(text, end - 1)
        return cs, text[cs:end - 1]
    if before.endswith(("）", ")")):
        opening = max(before.rfind("（"), before.rfind("("))
        opening = opening + lo if opening >= 0 else -1
        if opening >= 0 and pos - opening <= 30:
            cs = clause_start(text, opening)
            return cs, text[cs:opening]
    cs = clause_start(text, pos)
    return cs, text[cs:pos]


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence around `pos`, between the sentence delimiters on either side
    and at most SENTENCE_MAX characters each way: a text without punctuation (a 400k-digit line)
    must not make every figure in it take the whole line."""
    ends = _sentence_ends(text)
    i = bisect.bisect_left(ends, pos)
    start, end = (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(text))
    return max(start, pos - SENTENCE_MAX), min(end, pos + SENTENCE_MAX)


@lru_cache(maxsize=4)
def _sentence_ends(text: str) -> list[int]:
    return [m.start() for m in _SENTENCE_DELIM.finditer(text)]


def bare_label(label: str) -> str:
    """The label words alone: '2024 年我局公用经费实际支出数为' → '公用经费实际支出数'."""
    label = _YEAR_PREFIX.sub("", label.strip())
    label = _LEAD.sub("", label)
    label = _TRAIL.sub("", label.strip())
    return label.replace(" ", "")
