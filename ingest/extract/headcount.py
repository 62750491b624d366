"""Staff numbers: authorised posts (编制) and people in post (在职/实有), by kind."""
from __future__ import annotations

import re
from decimal import Decimal

from ingest.extract.common import Context, Fact, bare_label, clause_start, sentence_bounds

_HEAD_RE = re.compile(r"(?<![\d.])(?P<num>\d{1,5})\s*(?:[（(][^）)]{1,8}[）)]\s*)?(?P<unit>人|名|个)(?![民员次])")

# (key, pattern searched at the end of the bare label)
_LABELS: list[tuple[str, re.Pattern]] = [
    ("authorized_institution", re.compile(r"事业编制(?:数|人数)?$")),
    ("authorized", re.compile(r"行政编制(?:数|人数)?$")),
    ("authorized_any", re.compile(r"(?:核定|批复)?(?:人员)?编制(?:数|人数|总数)?$")),
    ("service_workers", re.compile(r"工勤(?:人员|编制)?$")),
    ("government_employees", re.compile(r"政府雇员$")),
    ("contract_staff", re.compile(r"(?:合同制|编外|聘用|劳务派遣|临聘)(?:工作)?(?:人员)?$")),
    ("actual_any", re.compile(r"(?:在职|实有|现有|在岗|在编)"
                              r"(?:干部职工|人员|在职人员|职工|人数|在编人员|在编人数|在职人数|干部)?(?:共)?$")),
]


def extract_headcount(ctx: Context) -> list[Fact]:
    text = ctx.text
    hits: list[tuple[str, Fact]] = []
    for m in _HEAD_RE.finditer(text):
        cs = clause_start(text, m.start())
        label = bare_label(text[cs:m.start()])
        for key, rx in _LABELS:
            if rx.search(label) and (m.group("unit") != "个" or "编制" in label):   # 编制 counts posts: "35个"
                value = Decimal(m.group("num"))
                hits.append((key, Fact("headcount", key, value, cs, m.end(), method="label:" + key,
                                       unit=m.group("unit"))))
                break
    return _resolve(hits, text)


def _resolve(hits: list[tuple[str, Fact]], text: str) -> list[Fact]:
    """Name the unqualified counts: totals where 行政编制 is stated apart, an institution's
    people where the sentence is about its 事业编制."""
    has_admin = any(k == "authorized" for k, _ in hits)
    found: dict[str, Fact] = {}
    for key, fact in hits:
        if key == "authorized_any":
            key = "authorized_total" if has_admin else "authorized"
        elif key == "actual_any":
            key = _actual_key(fact, text, has_admin)
        base = key.removesuffix("_total")
        if key.endswith("_total") and found.get(base) and found[base].value == fact.value:
            continue                              # the same count restated, e.g. under 人员管理
        if key not in found:
            fact.key, fact.method = key, "label:" + key
            found[key] = fact
    return sorted(found.values(), key=lambda f: f.start)


def _actual_key(fact: Fact, text: str, has_admin: bool) -> str:
    s, _ = sentence_bounds(text, fact.start)
    before = text[s:fact.start]
    if "事业编制" in before:
        return "actual_institution"
    if has_admin and "在编" in text[fact.start:fact.end] and "行政编制" not in before:
        return "actual_total"
    return "actual"
