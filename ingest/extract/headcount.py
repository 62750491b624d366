"""Staff numbers of the department itself: its authorised posts (`authorized`, 编制) and its
people in post (`actual`, 实有 / 在职).

The label lexicon says whether a count is of posts or of people, and of which kind (行政, 事业,
政法专项, 工勤 … or the total). The sentence says whose count it is and of which year:
- a count of an earlier year (上年末, 2021年末) or of a sub-unit (下属 / 所属 / 直属 / 本级 …,
  or a body the clause names that is not the department) is not the department's;
- a count that names the whole (全局, 本部门, 全系统, 编制共 …) comes before one that does not;
- a total comes before a kind, and a kind before the parts listed in brackets; people in post
  stated in the sentence of the chosen posts come first; otherwise the first stated;
- people counted with the retired (实有人员N人，其中在职…、离退休…) are not the people in post;
  the 在职 part is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.extract.common import Context, Fact, bare_label, clause_start, sentence_bounds
from ingest.lexicon import match_label_end

_HEAD_RE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+|\d{1,5})\s*(?:[（(][^）)]{1,8}[）)]\s*)?(?P<unit>人|名|个)(?![民员次])")
_WHOLE = re.compile(r"全(?:系统|局|厅|委|镇|乡|街道|院|校|馆|部门|单位)|本部门|部门(?:核定|共)|编制共|共有编制|总编制|编制总数")
_SUB_UNIT = re.compile(r"下属|所属|直属|下设|二级(?:预算)?单位|本级|其中[，,]?[\u4e00-\u9fff]{0,12}?机关")
_NAMED_BODY = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:中心|站|处|所|队|院|馆|局|委员会|办公室)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_LAST_YEAR = re.compile(r"上年|上一年|去年|上年度")
_WITH_RETIRED = re.compile(r"\s*(?:[（(](?:含|包括)[^）)]{0,12}退休|[，,]?\s*其中[^。；;]{0,30}?退休)")
_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")
_CLAUSE = re.compile(r"[，,；;：:、]")
# staff outside the posts, by the lexicon's subject of their wording (a row without a fact key)
_STAFF_KEYS = {"service": "service_workers", "government_employee": "government_employees", "contract": "contract_staff"}


@dataclass
class _Count:
    fact: Fact
    rank: tuple
    sentence: int
    whose: str     # 'whole', 'self', or 'sub' for a sub-unit's count


def extract_headcount(ctx: Context) -> list[Fact]:
    counts = _counts(ctx)
    own = [c for c in counts if c.whose != "sub"]
    posts = min((c for c in own if c.fact.key == "authorized"), key=lambda c: c.rank, default=None)
    people = min((c for c in own if c.fact.key == "actual"),
                 key=lambda c: (c.rank[0], posts is None or c.sentence != posts.sentence, *c.rank[1:]), default=None)
    beside = [c for c in own if c.fact.key == "actual" and people and c.fact.value == people.fact.value]
    facts = [c.fact for c in (posts, people) if c] + _staff_beside(ctx, beside)
    for chosen in (posts, people):
        if chosen:
            facts = [f for f in facts if f is not chosen.fact] + _with_sub_unit(chosen, counts)
    return sorted(facts, key=lambda f: f.start)


def _staff_beside(ctx: Context, people: list[_Count]) -> list[Fact]:
    """Staff outside the posts (工勤人员, 政府雇员, 合同制工作人员) listed after a statement of the people
    in post (在职11人、工勤1人、政府雇员1人、合同制工作人员5人): each kind once, under its own key."""
    text, out = ctx.text, {}
    for count in people:
        out |= {k: f for k, f in _staff_after(text, count.fact).items() if k not in out}
    return list(out.values())


def _staff_after(text: str, people: Fact) -> dict[str, Fact]:
    out = {}
    end = sentence_bounds(text, people.start)[1]
    for m in _HEAD_RE.finditer(text, people.end, end):
        cs = max(clause_start(text, m.start()), people.end)
        row = match_label_end("headcount", bare_label(text[cs:m.start()]))
        key = row and not row.fact_key and _STAFF_KEYS.get(row.subject)
        if key and key not in out:
            out[key] = Fact("headcount", key, Decimal(m.group("num").replace(",", "")), cs, m.end(),
                            method=f"label:{key}", unit=m.group("unit"))
    return out


def _with_sub_unit(chosen: _Count, counts: list[_Count]) -> list[Fact]:
    """Where the report states the body's own count and its one sub-unit's apart, and the chosen count
    is a total that holds both (本级行政编制9名 … 下设中心事业编制9名 … 核定编制数19人), the body's
    count is the department's figure, the sub-unit's `<key>_institution` and the whole `<key>_total`."""
    key = chosen.fact.key
    subs = [c for c in counts if c.whose == "sub" and c.fact.key == key]
    bodies = [c for c in counts if c.whose == "self" and c.fact.key == key and c is not chosen
              and c.fact.start < min((s.fact.start for s in subs), default=0)]
    if len(subs) != 1 or not bodies:
        return [chosen.fact]
    body, sub = bodies[0].fact, subs[0].fact
    if chosen.fact.value < body.value + sub.value:
        return [chosen.fact]
    return [body, replace(sub, key=f"{key}_institution"), replace(chosen.fact, key=f"{key}_total")]


def _counts(ctx: Context) -> list[_Count]:
    """Every count of posts or people in post of the year: the department's, and its sub-units'."""
    text, out = ctx.text, []
    for m in _HEAD_RE.finditer(text):
        cs = clause_start(text, m.start())
        label = bare_label(text[cs:m.start()])
        row = match_label_end("headcount", label)
        if not row or not row.fact_key or m.group("unit") == "个" and "编制" not in label:   # 编制 counts posts: "35个"
            continue
        whose = _whose(ctx, cs, m.start())
        if whose is None or row.fact_key == "actual" and _WITH_RETIRED.match(text, m.end()):
            continue
        sent = sentence_bounds(text, m.start())[0]
        rank = (whose != "whole", row.subject != "any", _in_brackets(text, sent, m.start()), m.start())
        fact = Fact("headcount", row.fact_key, Decimal(m.group("num").replace(",", "")), cs, m.end(),
                    method=f"label:{row.fact_key}:{row.subject}", unit=m.group("unit"))
        out.append(_Count(fact, rank, sent, whose))
    return out


def _whose(ctx: Context, cs: int, pos: int) -> str | None:
    """'whole' for the whole department, 'self' where nothing says otherwise, 'sub' for a sub-unit's
    count, None for another body's or an earlier year's. The count's own clause speaks first, then
    the clauses before it."""
    text = ctx.text
    sent = sentence_bounds(text, pos)[0]
    prefix = _BRACKETS.sub("", text[sent:pos])
    if _earlier_year(ctx, prefix):
        return None
    clauses = [c.strip() for c in _CLAUSE.split(prefix)]
    for clause in reversed(clauses):
        if _WHOLE.search(clause):
            return "whole"
        if _SUB_UNIT.search(clause):
            return "sub"
        if _other_body(ctx, clause):
            return None
    return "self"


def _earlier_year(ctx: Context, prefix: str) -> bool:
    years = _YEAR.findall(prefix)
    if years and ctx.fiscal_year and int(years[-1]) < ctx.fiscal_year:
        return True
    return bool(_LAST_YEAR.search(prefix))


def _other_body(ctx: Context, clause: str) -> bool:
    """'县农业技术推广中心核定编制28名': a clause that opens with another body's name."""
    m = _NAMED_BODY.match(clause)
    dept = ctx.department
    if not m or not dept:
        return False
    name = m.group()
    return not (name in dept or dept in name or name[-4:] in dept)


def _in_brackets(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("（") + seg.count("(") > seg.count("）") + seg.count(")")
