"""Amounts (元/万元/亿元 → yuan) and rates (%) with the label that names them.

Each figure is read with the words right before it in its clause ("其中：基本支出 245.31
万元"). The label is stripped of years, connectives and the speaker, then matched against
the label lexicon (ingest/lexicon/labels.csv), most specific first. A generic label
("决算数为 17.40 万元") takes its subject from the clause before it in the same sentence
("公用经费预算数为 20.4 万元，").
"""
from __future__ import annotations

import re
from decimal import Decimal

from ingest.extract.common import Context, Fact, bare_label, clause_start, label_span, sentence_bounds
from ingest.lexicon import match_label
from ingest.numbers import MONEY_RE, PERCENT_RE, parse_number, to_yuan

# A generic label (family generic_amount) names a figure of the subject the sentence is about.
_FAMILY_KEYS = {
    "three_public": ("three_public_budget", "three_public_actual"),
    "public_funds": ("public_funds_budget", "public_funds_actual"),
    "procurement": ("procurement_budget", "procurement_actual"),
    "budget": ("budget_total", "budget_executed"),
}

_CHANGE = re.compile(r"(?P<what>收入|支出)(?:决算数|决算|总额|数)?(?:比上年|较上年|比上年度|较上年度|同比)?"
                     r"(?P<dir>增加|增长|上升|提高|减少|下降|降低|变动率|变化率|增长率|增减率|增幅|增减幅度|增减|变动)(?:了|为)?")
_BARE_CHANGE = re.compile(r"(?:比上年|较上年|比上年度|较上年度|同比|与上年相比)?(?:增加|增长|上升|提高|减少|下降|降低)了?")
_AFTER_FIGURE = re.compile(r"\d[\d,.]*\s*(?:亿元|万元|元)")
# whose income or spending changed: the department's ("本年收入", "决算支出"), not a resident's
_OWN_TOTAL = re.compile(r"(?:总|决算|财政|部门|本年)*")
_SUBJECT_BLOCKS_RATE = ("采购", "中小企业", "项目支出执行率")
# A figure of an earlier year: its label names the year before, or a year before the evaluated one.
_EARLIER = re.compile(r"上年|上一年|去年")
_YEAR = re.compile(r"(20\d{2})\s*年")
_PRIOR_LEAD = re.compile(r"^(?:(?:较|比|与)?(?:上一?年度?|去年)(?:同期)?(?:的|相比)?)+")
_PLAN = re.compile(r"年初(?!结转|结余)")
_MOVED_ON = re.compile(r"调整|全年预算|决算|实际|执行|年中|追加")
_BARE_TOTAL = re.compile(r"\s*(?:收入|支出)(?:为|了|共)?\s*")
_ITEM = re.compile(r"[一二三四五六七八九十]是|用于")
_PARTS_OF_TOTAL = ("expenditure_basic", "expenditure_project")
_TOTAL_OF = {"income": "income_total", "expenditure": "expenditure_total"}
_PRIOR_OF = {"income_total": "income_prior_year", "expenditure_total": "expenditure_prior_year"}
_PRIOR_KEYS = set(_PRIOR_OF.values())
_ALL_GENERAL = re.compile(r"全部(?:为|是|来自|系)一般公共预算(?:财政)?(?:拨款)?(?:收入)?")
_NO_CARRYOVER = re.compile(r"(?:年末|期末)?(?:无|没有)结转(?:和|及|或)?结余(?:资金|数)?")


def extract_amounts(ctx: Context) -> list[Fact]:
    """Every labelled amount of the evaluated year, in yuan (see _one_value for a key stated
    with different values)."""
    text = ctx.text
    stated: dict[str, list[Fact]] = {}
    subject: tuple[int, str | None] = (-1, None)        # (sentence start, family)
    heads: dict[int, str] = {}                          # sentence start → the key it states first
    for m in MONEY_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        cs, raw_label = label_span(text, m.start())
        earlier = _of_earlier_year(raw_label, ctx.fiscal_year)
        label = bare_label(_PRIOR_LEAD.sub("", bare_label(raw_label))) if earlier else bare_label(raw_label)
        sent_start, _ = sentence_bounds(text, m.start())
        fam = subject[1] if subject[0] == sent_start else None
        key, family = classify_amount(label, fam, text[sent_start:m.end()])
        if earlier and not label and fam in _TOTAL_OF:      # "本年收入 X 万元，较上年的 Y 万元增加…"
            key, family = _TOTAL_OF[fam], fam
        if family:
            subject = (sent_start, family)
        if earlier and key not in _PRIOR_KEYS:
            key = _PRIOR_OF.get(key)                      # an earlier year's figure is no figure of this year
        if not key or _of_plan(text[sent_start:m.start()], cs - sent_start):
            continue
        head = heads.setdefault(sent_start, key)
        if key.startswith("econ_") and head in _PARTS_OF_TOTAL:
            continue                                      # "基本支出X万元，其中：工资福利支出Y万元": a part's split
        if _BARE_TOTAL.fullmatch(raw_label) and not earlier and (head in _PARTS_OF_TOTAL or _ITEM.search(text, sent_start, cs)):
            continue                                      # "项目支出X万元，主要用于：一是…，支出Y万元": an item's
        fact = Fact("amounts", key, to_yuan(value, m.group("unit")), cs, m.end(), method="label:" + key,
                    unit=m.group("unit"), extra={"label": re.sub(r"\s", "", raw_label)})
        stated.setdefault(key, []).append(fact)
    found = {key: _one_value(ctx, facts) for key, facts in stated.items()}
    found = {key: f for key, f in found.items() if f}
    if "income_total" in found and "income_general_budget" not in found:
        m = _ALL_GENERAL.search(text, found["income_total"].end, found["income_total"].end + 40)
        if m:                                  # "本年收入 X 万元，全部为一般公共预算财政拨款收入"
            found["income_general_budget"] = Fact("amounts", "income_general_budget", found["income_total"].value,
                                                  m.start(), m.end(), "all_of_total", unit=found["income_total"].unit)
    if "carryover" not in found:
        m = _NO_CARRYOVER.search(text)
        if m:
            found["carryover"] = Fact("amounts", "carryover", Decimal("0.00"), m.start(), m.end(),
                                      method="stated_none", unit=None, confidence=0.8)
    return sorted(found.values(), key=lambda f: f.start)


def _one_value(ctx: Context, facts: list[Fact]) -> Fact | None:
    """The value of a key stated once, or restated alike. Stated with different values, the
    statement whose label names the fact most fully ("本年支出合计" over "支出") is kept; where
    no one label is fuller than the others the fact is left out. Either way the statements are
    recorded (ctx.ambiguous) for an ambiguous_value finding."""
    values = {f.value for f in facts}
    if len(values) == 1:
        return facts[0]
    longest = max(len(f.extra["label"]) for f in facts)
    fullest = [f for f in facts if len(f.extra["label"]) == longest]
    chosen = fullest[0] if len({f.value for f in fullest}) == 1 else None
    distinct = [next(f for f in facts if f.value == v) for v in dict.fromkeys(f.value for f in facts)]
    ctx.ambiguous.append((facts[0].key, distinct, chosen))
    return chosen


def _of_plan(before: str, label_start: int) -> bool:
    """'2021年初…支出预算X万元，包括基本支出Y万元': the plan the adjusted budget replaced, unless the
    sentence (or the figure's own label) has moved on to the adjusted, full-year or executed figures."""
    at = before.rfind("年初", 0, label_start)
    return at >= 0 and bool(_PLAN.match(before, at)) and not _MOVED_ON.search(before, at)


def _of_earlier_year(raw_label: str, fiscal_year: int | None) -> bool:
    years = _YEAR.findall(raw_label)
    if years and fiscal_year:
        return int(years[-1]) < fiscal_year
    return bool(_EARLIER.search(raw_label))


def classify_amount(label: str, subject: str | None, sentence: str) -> tuple[str | None, str | None]:
    """(fact key, family) of a bare label; a generic label borrows the sentence's subject."""
    if subject in _FAMILY_KEYS and match_label("generic_amount", label):
        budget_key, actual_key = _FAMILY_KEYS[subject]
        is_budget = "预算" in label and "执行" not in label
        return (budget_key if is_budget else actual_key), subject
    row = match_label("amount", label)
    if row:
        return row.fact_key, row.subject
    if "中小企业" in sentence and re.search(r"预留.{0,10}(?:金额|份额|额度)(?:合计数|合计|总额)?$", label):
        return "sme_procurement_reserved", "sme"
    return None, None


def extract_rates(ctx: Context) -> list[Fact]:
    """Labelled percentages; a rate's first statement is kept."""
    text = ctx.text
    found: dict[str, Fact] = {}
    for m in PERCENT_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None or ctx.is_consumed(m.start(), m.end()):       # a cell of an indicator table
            continue
        cs = clause_start(text, m.start())
        raw_label = text[cs:m.start()]
        key, sign = _classify_rate(raw_label, text, cs)
        if key and key not in found:
            found[key] = Fact("rates", key, value * sign, cs, m.end(), method="label:" + key, unit="%")
    return sorted(found.values(), key=lambda f: f.start)


def _classify_rate(raw_label: str, text: str, cs: int) -> tuple[str | None, int]:
    compact = re.split(r"[）)]", raw_label.replace(" ", ""))[-1]      # "较上年（83,325.78万元）增长"
    compact = _AFTER_FIGURE.split(compact)[-1]                          # "较上年支出20,812.63万元增长"
    change = _CHANGE.search(compact) or _change_of_sentence(compact, text, cs)
    if change and change.end() >= len(compact) - 2 and _OWN_TOTAL.fullmatch(bare_label(compact[:change.start()])):
        key = "income_change_rate" if change.group("what") == "收入" else "expenditure_change_rate"
        return key, -1 if change.group("dir") in ("减少", "下降", "降低") else 1
    label = bare_label(raw_label)
    row = match_label("rate", label)
    if row is None or row.fact_key == "budget_execution_rate" and _rate_subject_blocked(text, cs, label):
        return None, 1
    if row.subject == "after_budget" and not _after_budget(text, cs):
        return None, 1
    return row.fact_key, 1


def _change_of_sentence(label: str, text: str, cs: int) -> re.Match | None:
    """'本年支出 539.33 万元，比上年增加 5.6%': the change belongs to the figure before it."""
    bare = _BARE_CHANGE.fullmatch(label)
    if not bare:
        return None
    sent_start, _ = sentence_bounds(text, cs)
    before = text[sent_start:cs]
    if not re.search(r"上年|同比|(?:较|比)\s*20\d{2}\s*年", before + label):
        return None
    what = max(("收入", "支出"), key=before.rfind)
    if not re.search(r"(?:本年|上年|总|部门|决算)" + what + "|" + what + r"(?:决算|合计|总计|较上年|比上年)", before):
        return None                           # a resident's income, a sector's spending: not the department's
    if before.rfind(what) < 0 or re.search(r"(?:基本|项目|人员|公用|三公|采购)[^，,]{0,4}" + what, before):
        return None
    return _CHANGE.search(what + bare.group(0))


def _after_budget(text: str, cs: int) -> bool:
    """'部门预算总金额X万元…。完成率均达到100%': a bare 完成率 is the budget's where it follows the budget."""
    sent_start, _ = sentence_bounds(text, cs)
    prev_start = sentence_bounds(text, sent_start - 1)[0] if sent_start else 0
    return "预算" in text[prev_start:cs]


def _rate_subject_blocked(text: str, cs: int, label: str) -> bool:
    """'执行率' after a procurement figure is the procurement's rate, not the budget's."""
    sent_start, _ = sentence_bounds(text, cs)
    before = text[sent_start:cs] + label
    return any(w in before for w in _SUBJECT_BLOCKS_RATE)
