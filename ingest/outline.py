"""The report's outline: headings 一、 （一） 1. （1） ① and unnumbered ones, nested.

Reports number their sections inconsistently (a （一） under a 1., numbering that restarts),
so nesting is inferred from the order in which marker styles appear, the way a reader
does: a marker style already open closes everything opened after it; a new style opens
a deeper level; 一、 always starts a top-level section.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_MARKERS = [
    ("cn", re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.．](?!\d)")),
    ("pcn", re.compile(r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")),
    ("pnum", re.compile(r"[（(]\s*\d{1,2}\s*[)）]")),
    ("num", re.compile(r"\d{1,2}\s*[.．、](?![\d%])")),
    ("rnum", re.compile(r"\d{1,2}\s*[)）](?![\d%])")),
    ("circ", re.compile(r"[①-⑳]")),
    ("part", re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:部分|章|节)")),
]
_TITLE_END = re.compile(r"[。；;！!？?]|[：:](?!\s*$)")
_PLAIN_OK = re.compile(r"^[\u4e00-\u9fff“”\"（）()、]{4,20}$")
_SECTION_WORDS = re.compile(r"问题|不足|措施|建议|结论|情况|概况|分析|成效|做法")
_ROWISH = re.compile(r"\S\s+\S+\s+\S*\d%$")


@dataclass(frozen=True)
class Heading:
    start: int            # offset of the marker
    title_start: int      # offset of the title text (after the marker)
    title_end: int        # end of the title (the body of the paragraph may follow)
    para_end: int         # end of the heading's paragraph
    kind: str             # marker style: cn, pcn, num, pnum, circ, part, plain
    title: str
    depth: int
    path: tuple[str, ...]  # titles from the top-level section down to this one


class Outline:
    def __init__(self, text: str):
        self.text = text
        self.headings = _parse(text)
        self._starts = [h.start for h in self.headings]

    def heading_at(self, offset: int) -> Heading | None:
        """The innermost heading whose section contains `offset`."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.headings[i] if i >= 0 else None

    def section_at(self, offset: int) -> str:
        h = self.heading_at(offset)
        return " > ".join(h.path) if h else ""

    def body_end(self, h: Heading) -> int:
        """End of the text that belongs to `h` itself (up to the next heading of any level)."""
        i = self.headings.index(h)
        return self.headings[i + 1].start if i + 1 < len(self.headings) else len(self.text)

    def subtree_end(self, h: Heading) -> int:
        """End of `h`'s section including its sub-sections."""
        i = self.headings.index(h)
        for nxt in self.headings[i + 1:]:
            if nxt.depth <= h.depth:
                return nxt.start
        return len(self.text)

    def children(self, h: Heading) -> list[Heading]:
        end = self.subtree_end(h)
        return [x for x in self.headings if h.start < x.start < end and x.depth == h.depth + 1]


def paragraphs(text: str):
    """Yield (start, end) of each line of the normalised text."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _parse(text: str) -> list[Heading]:
    heads: list[Heading] = []
    stack: list[tuple[str, str]] = []            # (kind, title)
    paras = list(paragraphs(text))
    for k, (s, e) in enumerate(paras):
        line = text[s:e]
        found = _marker(line)
        if found is None:
            nxt = text[paras[k + 1][0]:paras[k + 1][1]] if k + 1 < len(paras) else ""
            if not _is_plain_heading(line, nxt):
                continue
            kind, mlen = "plain", 0
        else:
            kind, mlen = found
        ts = s + mlen
        while ts < e and text[ts] == " ":
            ts += 1
        te = _title_end(text, ts, e)
        title = text[ts:te].strip()
        stack = _push(stack, kind, title)
        heads.append(Heading(s, ts, te, e, kind, title, len(stack), tuple(t for _, t in stack)))
    return heads


def _marker(line: str) -> tuple[str, int] | None:
    for kind, rx in _MARKERS:
        m = rx.match(line)
        if m:
            return kind, m.end()
    return None


def _is_plain_heading(line: str, nxt: str) -> bool:
    """A short unnumbered title line ("单位基本情况") followed by body text, not a table cell."""
    if not _PLAIN_OK.match(line):
        return False
    if len(line) <= 16 and _SECTION_WORDS.search(line) and nxt.rstrip().endswith(("：", ":")):
        return True                               # "存在的问题" then "主要存在以下问题："
    return len(nxt) >= 20 and not _ROWISH.search(nxt) or _marker(nxt) is not None


def _title_end(text: str, ts: int, e: int) -> int:
    m = _TITLE_END.search(text, ts, min(e, ts + 80))
    if m:
        return m.start()
    return min(e, ts + 80)


def _push(stack: list[tuple[str, str]], kind: str, title: str) -> list[tuple[str, str]]:
    if kind == "cn":
        return [(kind, title)]
    for i, (k, _) in enumerate(stack):
        if k == kind:
            return stack[:i] + [(kind, title)]
    return stack + [(kind, title)]
