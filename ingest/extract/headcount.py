"""Staff numbers: authorised posts (编制) and people in post (在职/实有), by kind."""
from __future__ import annotations

import re
from decimal import Decimal

from ingest.extract.common import Context, Fact, bare_label, clause_start, sentence_bounds
from ingest.lexicon import match_label_end

_HEAD_RE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+|\d{1,5})\s*(?:[（(][^）)]{1,8}[）)]\s*)?(?P<unit>人|名|个)(?![民员次])")

# The lexicon's (fact key, kind of staff) → the kind of count it states.
_KIND = {("authorized", "institution"): "authorized_institution", ("authorized", "admin"): "authorized",
         ("authorized", "any"): "authorized_any", (None, "service"): "service_workers",
         (None, "government_employee"): "government_employees", (None, "contract"): "contract_staff",
         ("actual", "any"): "actual_any", ("actual", "admin"): "actual_admin",
         ("actual", "institution"): "actual_institution"}


def extract_headcount(ctx: Context) -> list[Fact]:
    text = ctx.text
    hits: list[tuple[str, Fact]] = []
    for m in _HEAD_RE.finditer(text):
        cs = clause_start(text, m.start())
        label = bare_label(text[cs:m.start()])
        row = match_label_end("headcount", label)
        if row and (m.group("unit") != "个" or "编制" in label):        # 编制 counts posts: "35个"
            key = _KIND[row.fact_key, row.subject]
            value = Decimal(m.group("num").replace(",", ""))
            hits.append((key, Fact("headcount", key, value, cs, m.end(), method="label:" + key,
                                   unit=m.group("unit"))))
    return _resolve(hits, text)


def _resolve(hits: list[tuple[str, Fact]], text: str) -> list[Fact]:
    """Name the unqualified counts. A count of people in post is of the same kind as the
    authorised posts stated before it in the sentence (outside any breakdown in brackets):
    行政编制 → actual, 事业编制 → actual_institution, an overall 编制 → actual_total. A count
    followed by its own breakdown "（行政…、事业…）" is the total."""
    has_admin = any(k == "authorized" for k, _ in hits)
    found: dict[str, Fact] = {}
    last_posts: dict[int, str] = {}                  # sentence start → kind of the last posts stated
    for key, fact in hits:
        sent = sentence_bounds(text, fact.start)[0]
        if key == "authorized_any":
            key = "authorized_total" if has_admin else "authorized"
        if key.startswith("authorized") and not _in_brackets(text, sent, fact.start):
            last_posts[sent] = key
        elif key == "actual_any":
            key = _actual_key(fact, text, last_posts.get(sent), has_admin)
        elif key == "actual_admin":
            key = "actual"
        base = key.removesuffix("_total")
        if key.endswith("_total") and found.get(base) and found[base].value == fact.value:
            continue                              # the same count restated, e.g. under 人员管理
        if key not in found:
            fact.key, fact.method = key, "label:" + key
            found[key] = fact
    return sorted(found.values(), key=lambda f: f.start)


_ACTUAL_OF = {"authorized": "actual", "authorized_total": "actual_total", "authorized_institution": "actual_institution"}


def _actual_key(fact: Fact, text: str, posts: str | None, has_admin: bool) -> str:
    if re.match(r"\s*[（(](?:其中)?[：:]?\s*行政", text[fact.end:fact.end + 8]):
        return "actual_total"
    if posts:
        return _ACTUAL_OF[posts]
    if has_admin and "在编" in text[fact.start:fact.end]:
        return "actual_total"
    return "actual"


def _in_brackets(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("（") + seg.count("(") > seg.count("）") + seg.count(")")
