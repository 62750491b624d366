"""Problems the report admits in its problems section, one item per problem, categorised.

Boundaries follow the author: an enumeration (一是…二是…, numbered sub-headings, ①②) gives
one problem per item. Plain prose is cut into sentences, and a sentence whose clauses
speak of different categories ("指标不够清晰，绩效评价专业性有待加强") into one problem per
category; a clause that only states a consequence ("影响了…") stays with its cause.
"""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact
from ingest.lexicon import alternation
from ingest.outline import Heading
from ingest.taxonomy import category_scores, classify

# section titles, from the label lexicon: the problems, last year's rectified problems, the remedies
_PROBLEM_TITLE = re.compile(alternation("section", "title"))
_RECTIFIED_TITLE = re.compile(alternation("section", "rectified"))
_PROBLEM_WORD = re.compile(alternation("section", "problem_word"))      # a remedy title that names a problem
_REMEDY_START = re.compile(r"(?:^|(?<=[。；\n]))\s*(?:针对(?:上述|以上|这些|存在的)问题|今后[，,]?(?:将|我)"
                           r"|下一步[，,]?(?:我|将|工作)|改进措施[：:]|整改措施[：:])")
# the causes stated after a problem are not the problem ("原因：…", "原因分析：…")
_CAUSE = re.compile(r"(?:^|(?<=[。；;\n]))\s*(?:(?:主要)?原因(?:分析)?(?:是|在于|主要是)?[：:]|(?:主要)?原因(?:是|在于)"
                    r"|(?:产生|存在|出现)(?:上述|以上|这些)?问题的(?:主要)?原因)")
_GENERAL_INTRO = re.compile(r"存在(?:着)?(?:一些|以下|如下|若干|部分)?(?:问题|不足)")
_ANY_ITEM = re.compile(r"[一二三四五六七八九十]是|[（(][一二三四五六七八九十][)）]")
_PROBLEM_HEADING = re.compile(r"^(?:部门)?(?:存在|发现|主要|突出)?的?(?:主要)?(?:问题|不足)(?:[和与及](?:不足|问题))?$")
_REMEDY_TITLE = re.compile(alternation("section", "remedy"))
_NONE = re.compile(r"^(?:无|暂无|没有|未发现(?:明显)?问题|不存在(?:明显)?问题)[。.]?$")
_ENUM = re.compile(r"(?:^|(?<=[。；;：:\n]))\s*(?:[一二三四五六七八九十]是|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|"
                   r"\d{1,2}\s*[.．、](?!\d)|[①-⑳]|第[一二三四五六七八九十]，)")
_NONE_FOUND = re.compile(r"(?:未发现|暂未发现|没有发现|暂无|不存在)(?:明显|重大|突出)?(?:的)?(?:存在的)?问题")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:局|委员会|委|办公室|办|院|中心|政府|办事处|厅|所|站|馆|队)$"
                        r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_CONSEQUENCE = re.compile(r"^(?:从而|进而|以致|以至|致使|导致|造成|影响|使得|使|对.{0,8}造成)")
_INTRO = re.compile(r"[^。；]{0,60}?(?:问题|不足|方面)[^。；]{0,20}?(?:如下|表现在|主要是|主要有|具体如下|体现在)?[：:]")


def extract_problems(ctx: Context) -> list[Fact]:
    spans = [s for h in _problem_sections(ctx) for s in _items(ctx, h)]
    out = []
    for start, end in spans:
        text = _clean(ctx.text[start:end])
        if len(text) < 4:
            continue
        out.append(Fact("problems", str(len(out)), {"text": text, "category": classify(text)}, start, end,
                        "problems_section"))
    return out


def _problem_sections(ctx: Context) -> list[Heading]:
    """Headings titled as problems (not remedies); where a title mixes both, its
    problem-only sub-heading if it has one."""
    found = []
    for h in ctx.outline.headings:
        if not _PROBLEM_TITLE.search(h.title) or len(h.title) > 40 or _RECTIFIED_TITLE.search(h.title):
            continue
        if any(f.start <= h.start < ctx.outline.subtree_end(f) for f in found):
            continue
        # "存在的问题及改进措施", "存在问题及原因": the sub-heading that holds the problems alone
        subs = [c for c in ctx.outline.children(h) if _PROBLEM_HEADING.match(c.title)]
        found.append(subs[0] if subs else h)
    return found


def _items(ctx: Context, h: Heading) -> list[tuple[int, int]]:
    text = ctx.text
    start = h.title_end + 1 if h.title_end < len(text) and text[h.title_end] in "。：:；" else h.title_end
    end = _remedy_cut(ctx, h)
    children = [c for c in ctx.outline.children(h) if c.start < end]
    if children:
        return [(c.title_start, _cause_cut(text, c.title_start, min(ctx.outline.subtree_end(c), end)))
                for c in children]
    intro = _INTRO.match(text, _skip_ws(text, start), end)
    if intro:
        start = intro.end()
    body = text[start:end].strip()
    if not body and intro:                       # "主要存在以下问题：" then a numbered list
        return _list_after(ctx, h)
    if not body or _NONE.match(body) or _NONE_FOUND.search(body) and len(body) < 40:
        return []
    enum = list(_ENUM.finditer(text, start, end))
    if len(enum) >= 2:
        items = [(m.end(), enum[k + 1].start() if k + 1 < len(enum) else end) for k, m in enumerate(enum)]
        return [(s, _cause_cut(text, s, _remedy_in_item(text, s, e))) for s, e in items]
    first = re.match(r"[^。；]*[。；]", text[start:end])
    if first and _GENERAL_INTRO.search(first.group()) and classify(first.group(), default=None) is None:
        start += first.end()                  # "从自评情况看，…仍存在一些不足。"
    spans = [span for s, e in _sentences(text, start, end) for span in _split_by_category(text, s, e)]
    return [(s, e) for s, e in spans if not _SIGNATURE.match(text[s:e].strip())]


def _cause_cut(text: str, start: int, end: int) -> int:
    m = _CAUSE.search(text, start, end)
    return m.start() if m and m.start() > start else end


def _remedy_in_item(text: str, start: int, end: int) -> int:
    m = _REMEDY_START.search(text, start, end)
    return m.start() if m and m.start() > start else end


def _list_after(ctx: Context, h: Heading) -> list[tuple[int, int]]:
    """Items numbered 1, 2, 3… that follow the problems heading as its siblings (the outline
    cannot tell "5.问题与不足" from the "1." items under it: both are "N.")."""
    heads = ctx.outline.headings
    i = heads.index(h) + 1
    out, expected = [], 1
    while i < len(heads) and heads[i].kind == h.kind:
        marker = ctx.text[heads[i].start:heads[i].title_start]
        number = re.search(r"\d+", marker)
        if not number or int(number.group()) != expected:
            break
        out.append((heads[i].title_start, heads[i].para_end))
        expected, i = expected + 1, i + 1
    return out


def _remedy_cut(ctx: Context, h: Heading) -> int:
    """The problems end where a remedy sub-heading, a remedy paragraph or the next section starts."""
    end = ctx.outline.subtree_end(h)
    for c in ctx.outline.headings:
        if h.start < c.start < end and _REMEDY_TITLE.search(c.title) and not _PROBLEM_WORD.search(c.title):
            end = c.start
            break
    m = _REMEDY_START.search(ctx.text, h.title_end, end)
    nxt = _ANY_ITEM.search(ctx.text, m.end(), end) if m else None
    if nxt and not nxt.group().startswith(("一", "（一", "(一")):
        return end                            # "一是…。下一步将…。二是…": remedies inside the items
    return m.start() if m else end


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \n":
        i += 1
    return i


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in re.finditer(r"[。；;！!？?\n]", text[start:end]):
        e = start + m.start()
        if text[s:e].strip():
            out.append((s, e))
        s = start + m.end()
    if text[s:end].strip():
        out.append((s, end))
    return out


def _split_by_category(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence where its clauses change category."""
    groups: list[list] = []                      # [start, end, category]
    s = start
    for m in list(re.finditer(r"[，,]", text[start:end])) + [None]:
        e = start + m.start() if m else end
        clause = text[s:e].strip()
        scores = {} if _CONSEQUENCE.match(clause) else category_scores(clause)
        cat = classify(clause, default=None) if scores else None
        # a clause that still speaks of the problem's category elaborates it, not a new problem
        if groups and (cat is None or groups[-1][2] in (None, cat) or groups[-1][2] in scores):
            groups[-1][1] = e
            groups[-1][2] = groups[-1][2] or cat
        else:
            groups.append([s, e, cat])
        s = start + m.end() if m else end
    merged: list[list] = []
    for g in groups:                             # A, B, A: the middle clause is an aside of one problem
        if len(merged) >= 2 and merged[-2][2] == g[2] and g[2] is not None:
            merged[-2][1] = g[1]
            merged.pop()
        else:
            merged.append(g)
    return [(g[0], g[1]) for g in merged]


def _clean(s: str) -> str:
    s = re.sub(r"^\s*(?:[一二三四五六七八九十]是|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[.．、]|[①-⑳])\s*",
               "", s.strip())
    return s.strip(" \n，,。；;")
