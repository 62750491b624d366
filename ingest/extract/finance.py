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
_SUBJECT_BLOCKS_RATE = ("采购", "中小企业", "项目支出执行率")
_ALL_GENERAL = re.compile(r"全部(?:为|是|来自|系)一般公共预算(?:财政)?(?:拨款)?(?:收入)?")
_NO_CARRYOVER = re.compile(r"(?:年末|期末)?(?:无|没有)结转(?:和|及|或)?结余(?:资金|数)?")


def extract_amounts(ctx: Context) -> list[Fact]:
    """Every labelled amount, in yuan, first statement of each key kept."""
    text = ctx.text
    found: dict[str, Fact] = {}
    subject: tuple[int, str | None] = (-1, None)        # (sentence start, family)
    for m in MONEY_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        cs, raw_label = label_span(text, m.start())
        label = bare_label(raw_label)
        sent_start, _ = sentence_bounds(text, m.start())
        fam = subject[1] if subject[0] == sent_start else None
        key, family = classify_amount(label, fam, text[sent_start:m.end()])
        if family:
            subject = (sent_start, family)
        if key and key not in found:
            found[key] = Fact("amounts", key, to_yuan(value, m.group("unit")), cs, m.end(),
                              method="label:" + key, unit=m.group("unit"))
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
    change = _CHANGE.search(compact) or _change_of_sentence(compact, text, cs)
    if change and change.end() >= len(compact) - 2:
        key = "income_change_rate" if change.group("what") == "收入" else "expenditure_change_rate"
        return key, -1 if change.group("dir") in ("减少", "下降", "降低") else 1
    label = bare_label(raw_label)
    row = match_label("rate", label)
    if row is None or row.fact_key == "budget_execution_rate" and _rate_subject_blocked(text, cs, label):
        return None, 1
    return row.fact_key, 1


def _change_of_sentence(label: str, text: str, cs: int) -> re.Match | None:
    """'本年支出 539.33 万元，比上年增加 5.6%': the change belongs to the figure before it."""
    bare = _BARE_CHANGE.fullmatch(label)
    if not bare:
        return None
    sent_start, _ = sentence_bounds(text, cs)
    before = text[sent_start:cs]
    if not re.search(r"上年|同比", before + label):
        return None
    what = max(("收入", "支出"), key=before.rfind)
    if not re.search(r"(?:本年|上年|总|部门|决算)" + what + "|" + what + r"(?:决算|合计|总计|较上年|比上年)", before):
        return None                           # a resident's income, a sector's spending: not the department's
    if before.rfind(what) < 0 or re.search(r"(?:基本|项目|人员|公用|三公|采购)[^，,]{0,4}" + what, before):
        return None
    return _CHANGE.search(what + bare.group(0))


def _rate_subject_blocked(text: str, cs: int, label: str) -> bool:
    """'执行率' after a procurement figure is the procurement's rate, not the budget's."""
    sent_start, _ = sentence_bounds(text, cs)
    before = text[sent_start:cs] + label
    return any(w in before for w in _SUBJECT_BLOCKS_RATE)
