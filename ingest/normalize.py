"""Clean report text for extraction while keeping a map back to the original.

The normalised text is what `raw.report_text` stores and every fact's offsets point
into. `NormalizedText.orig[i]` is the offset in the document text of normalised
character i, so a quote can be shown in, and paged against, the original.

What is cleaned, and why:
- full-width digits, letters and %, and the ideographic space: reports mix both widths;
- traditional characters (a site's 繁体版 mirror) become simplified, one for one;
- LaTeX artefacts such as `$\\leq 100\\%$` left by PDF-to-text converters;
- page numbers and page headers repeated at every page edge;
- hard line wraps: PDF text breaks mid-sentence, mid-word and mid-number; a wrapped line
  is joined to the next unless it ends a sentence or the next starts a heading;
- stray spaces between Chinese characters ("填 报 人").
Paragraphs end up one per line, blank lines gone.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.script import to_simplified

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "（），：；！？｛｝［］"}
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None,
                   0xFEFF: None, 0x2212: ord("-")})
_TRANSLATE = str.maketrans(_FULLWIDTH)

_LATEX = re.compile(r"\$\s*([^$\n]{0,40}?)\s*\$|\\(leq|geq|le|ge|%)")
_LATEX_WORDS = {"leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "%": "%"}

_PAGE_NUM = re.compile(r"^\s*(?:[-—–]\s*)?(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?(?:\s*[-—–])?\s*$")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}\s*[.．、](?!\d)"
    r"|[①-⑳]|第[一二三四五六七八九十\d]+[章节部分]|表\s*\d|附件|[一二三四五六七八九十]是)")
_LABEL_START = re.compile(r"^\s*(?!其中|包括)[\u4e00-\u9fff（）()]{2,12}[：:]")
_TERMINAL = "。！？!?；;"
# a table row index, "7 舆情监控 …" or "7" alone; not a figure's tail "9 元" or a year's "21 年"
_ROW_START = re.compile(r"^\d{1,3}(?:\s+(?![年月日万亿元%％人名个分项次])|$)")
# possessive: "\d+[.,]?\d*" tried every split of a long digit run (quadratic when no "\n" follows)
_SPLIT_FIGURE = re.compile(r"(?:[^\d\s.,]\d++(?:[.,]\d*+)?|\d\s?[万亿])\n(?:\d|万元|亿元|元|万|%)")
_SENTENCE_PUNCT = re.compile(r"[，。；,;]")
_NUMBER_START = re.compile(r"^\d[\d,.]*\s*(?:万元|亿元|元|%|人|名)")
_ROW_END = re.compile(r"(?:\s\S*\d%|(?:\s[<>≥≤=]*\d[\d,.]*%?){2})$")   # "… 100% 100%", "预算编制 18 14.5": table cells
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_CELL_GAPS = re.compile(rf"[{_CJK}]{{2,}}(?:[ \t]+[^ \t]+){{2,}}")      # "项目 年初预算数 全年预算数 …"


@dataclass
class NormalizedText:
    text: str
    orig: list[int]                                   # normalised offset → document offset
    page_breaks: list[int] = field(default_factory=list)   # document offsets of "\f"

    def page_at(self, offset: int) -> int | None:
        """1-based page of a normalised offset; None where the document has no pages."""
        if not self.page_breaks:
            return None
        o = self.orig[min(offset, len(self.orig) - 1)] if self.orig else 0
        return 1 + bisect.bisect_right(self.page_breaks, o)


def normalize(doc_text: str) -> NormalizedText:
    """Normalise a document's text (pages separated by "\\f")."""
    text, orig = _latex(to_simplified(doc_text.translate(_TRANSLATE)), doc_text)
    lines = _lines(text, orig)
    lines = _drop_page_furniture(lines)
    out, omap = _join(lines)
    page_breaks = [i for i, c in enumerate(doc_text) if c == "\f"]
    return NormalizedText(out, omap, page_breaks)


def _latex(text: str, doc_text: str) -> tuple[str, list[int]]:
    """Replace LaTeX artefacts; str.translate kept a 1:1 map unless characters were dropped."""
    # zero-width characters removed: rebuild the map
    orig = ([i for i, c in enumerate(doc_text) if c.translate(_TRANSLATE)] if len(text) != len(doc_text)
            else list(range(len(text))))
    if "\\" not in text and "$" not in text:
        return text, orig
    parts, omap, pos = [], [], 0
    for m in _LATEX.finditer(text):
        parts.append(text[pos:m.start()])
        omap.extend(orig[pos:m.start()])
        if m.group(1) is not None:
            inner, _ = _latex(m.group(1), m.group(1))
            rep = inner.replace(" ", "")
        else:
            rep = _LATEX_WORDS[m.group(2)]
        parts.append(rep)
        omap.extend([orig[m.start()]] * len(rep))
        pos = m.end()
    parts.append(text[pos:])
    omap.extend(orig[pos:])
    return "".join(parts), omap


@dataclass
class _Line:
    text: str
    orig: list[int]
    blank_before: int = 0      # blank lines right before this one
    page_edge: bool = False    # first or last non-blank line of a page
    page: int = 0              # 0-based physical page


def _lines(text: str, orig: list[int]) -> list[_Line]:
    """Split into stripped, non-blank lines, remembering blank runs and page edges."""
    out: list[_Line] = []
    blanks, new_page, page = 0, True, 0
    pos = 0
    for raw in re.split(r"(\n|\f)", text):
        start = pos
        pos += len(raw)
        if raw == "\n":
            continue
        if raw == "\f":
            if out:
                out[-1].page_edge = True
            new_page, blanks, page = True, blanks + 2, page + 1
            continue
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            continue
        lead = len(raw) - len(raw.lstrip())
        s = start + lead
        out.append(_Line(stripped, orig[s:s + len(stripped)], blanks, new_page, page))
        out[-1].raw_lead = lead  # type: ignore[attr-defined]
        blanks, new_page = 0, False
    if out:
        out[-1].page_edge = True
    return out


def _drop_page_furniture(lines: list[_Line]) -> list[_Line]:
    """Remove page numbers and running headers/footers; keep their blank-line context."""
    edge_counts: dict[str, int] = {}
    for ln in lines:
        if ln.page_edge and len(ln.text) <= 40:
            edge_counts[ln.text] = edge_counts.get(ln.text, 0) + 1
    pages = sum(1 for ln in lines if ln.page_edge) // 2 or 1
    repeated = {t for t, n in edge_counts.items() if n >= 3 and n >= pages / 2}
    offset = _page_number_offset(lines)
    kept: list[_Line] = []
    carry = 0
    for i, ln in enumerate(lines):
        if _is_page_number(ln, lines, i, offset) or (ln.page_edge and ln.text in repeated):
            carry += ln.blank_before + 2
            continue
        if carry:
            ln.blank_before += carry
            carry = 0
        kept.append(ln)
    return kept


def _page_number_offset(lines: list[_Line]) -> int | None:
    """Printed page number minus physical page, as most page-edge numbers agree on."""
    counts: dict[int, int] = {}
    for ln in lines:
        m = _PAGE_NUM.match(ln.text)
        if m and ln.page_edge:
            d = int(m.group(1)) - ln.page
            counts[d] = counts.get(d, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.get)
    return best if counts[best] >= 2 else None


def _is_page_number(ln: _Line, lines: list[_Line], i: int, offset: int | None) -> bool:
    m = _PAGE_NUM.match(ln.text)
    if not m:
        return False
    if any(ch in ln.text for ch in "-—–第页/"):
        return True
    if ln.page_edge and offset is not None:        # a table row number can stand at a page edge too
        return int(m.group(1)) - ln.page == offset
    nxt_blank = lines[i + 1].blank_before if i + 1 < len(lines) else 2
    return ln.page_edge or ln.blank_before >= 2 or getattr(ln, "raw_lead", 0) > 0 or nxt_blank >= 2


def _join(lines: list[_Line]) -> tuple[str, list[int]]:
    """Join hard-wrapped lines into paragraphs; one paragraph per output line."""
    width = _wrap_width(lines)
    parts: list[str] = []
    omap: list[int] = []
    for i, ln in enumerate(lines):
        # a table row keeps its cell spacing: "18 安全培训 至少一次 1 100%"
        text, orig = (ln.text, ln.orig) if _ROW_END.search(ln.text) else _squeeze_spaces(ln.text, ln.orig)
        if i > 0:
            if _continues(lines[i - 1].text, ln.text, width):
                if _needs_space(parts[-1], text):
                    parts.append(" ")
                    omap.append(orig[0])
            else:
                parts.append("\n")
                omap.append(orig[0] - 1 if orig[0] > 0 else 0)
        parts.append(text)
        omap.extend(orig)
    return "".join(parts), omap


def _visual(s: str) -> float:
    """Printed width: Latin letters and digits take half a Chinese character's space."""
    return sum(0.5 if c.isascii() else 1.0 for c in s)


def _wrap_width(lines: list[_Line]) -> tuple[float, float]:
    """The width at which this document wraps lines (shorter lines end paragraphs), both
    as printed width and as a count of characters: typesetting wraps by the first, plain
    text tools by the second."""
    out = []
    for measure in (_visual, len):
        widths = sorted(measure(ln.text) for ln in lines if len(ln.text) >= 8)
        p80 = widths[int(len(widths) * 0.8)] if widths else 47
        out.append(min(40.0, max(12.0, 0.85 * p80)))
    return out[0], out[1]


def _full(line: str, width: tuple[float, float], share: float = 1.0) -> bool:
    return _visual(line) >= share * width[0] or len(line) >= share * width[1]


def _continues(prev: str, nxt: str, width: tuple[float, float]) -> bool:
    """Whether `nxt` continues the paragraph that `prev` hard-wrapped."""
    if nxt[0] in "，。、；：,.;:)）%" or prev[-1] in "，、（(":
        return not _HEADING_START.match(nxt)
    if prev[-1] in _TERMINAL or _HEADING_START.match(nxt) or _LABEL_START.match(nxt):
        return False
    if ("|" in prev or "|" in nxt) and _pipe_row(prev, nxt):
        return False                         # pipe rows of a table: one per line
    if " " in nxt and len(nxt.split()) >= 4 and (_spaced_header(prev) or _spaced_header(nxt)):
        return False                         # a header of spaced column names, then its first row
    if prev[-1] in "：:" and len(nxt) <= 16 and not re.search(r"[，。；,;：:]", nxt):
        return False                         # "…报告如下：" then an unnumbered heading
    if _ROW_START.match(nxt) or _ROW_END.search(prev) or "\t" in prev or "\t" in nxt:
        return False                         # table rows: one per line
    if _ROW_END.search(nxt) and not _SENTENCE_PUNCT.search(prev) or _is_table_row(prev) and _is_table_row(nxt):
        return False                         # a table header, then its first row; row after row
    if _SPLIT_FIGURE.search(prev + "\n" + nxt[:3]) and not _ROW_START.match(nxt) and not _lone_cell(nxt):
        return True                          # "9.4" / "万元": a figure or its unit split across lines
    if _NUMBER_START.match(nxt) and prev[-1] not in "）)" and not _ROW_END.search(nxt) and not _lone_cell(nxt):
        return True                          # "…财政拨款收入" / "433.92 万元，…": a figure split off its label
    if _HEADING_START.match(prev) and not re.search("[。；;]", prev):   # a bare heading line
        return _full(prev, width, 0.95 / 0.85)
    return _full(prev, width)


def _pipe_row(prev: str, nxt: str) -> bool:
    return prev.endswith("|") or nxt.startswith("|") or prev.count("|") >= 2 or nxt.count("|") >= 2


def _spaced_header(line: str) -> bool:
    """Column names separated by spaces, without sentence punctuation."""
    return " " in line and bool(_CELL_GAPS.fullmatch(line)) and not _SENTENCE_PUNCT.search(line)


def _is_table_row(line: str) -> bool:
    """Four or more spaced cells, two of them figures, and no sentence punctuation before the
    last figure (a remark may follow it): a row of a table, not a sentence."""
    cells = line.split()
    figures = [k for k, c in enumerate(cells) if any(ch.isdigit() for ch in c)]
    if len(cells) < 4 or len(figures) < 2:
        return False
    return not _SENTENCE_PUNCT.search(" ".join(cells[:figures[-1] + 1])) and "。" not in line


def _lone_cell(line: str) -> bool:
    """A line holding one table cell ("6个", "100%", ">=98%"), not the rest of a sentence."""
    return len(line) <= 8 and not re.search(r"[，。；,;]", line)


def _needs_space(before: str, after: str) -> bool:
    """Latin words wrapped at a line end keep a space; Chinese and numbers join directly."""
    return before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()


def _squeeze_spaces(text: str, orig: list[int]) -> tuple[str, list[int]]:
    """Drop spaces between Chinese characters ("填 报 人" → "填报人"), but not between the
    cells of a table row ("项目 年初预算数 全年预算数"): a line of three or more spaced
    words without sentence punctuation keeps its spaces."""
    if " " not in text:
        return text, orig
    if _CELL_GAPS.fullmatch(text) and not re.search("[，。；,;]", text) \
            and min(len(w) for w in text.split()) >= 2 or _is_table_row(text):
        return text, orig
    keep = [True] * len(text)
    for m in _CJK_SPACE.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return "".join(c for c, k in zip(text, keep) if k), [o for o, k in zip(orig, keep) if k]
