"""Accounting identities a report must satisfy, checked on its extracted facts.

Rules are data (RULES below, one row each, listed in the README): a sum rule spells out
the identity it checks. Where an identity fails and rescaling exactly one figure by 10,000
(a 万元 figure written as 元, or the reverse) makes it hold, the figure is corrected and
the correction recorded as a finding — never silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ingest.extract.common import Fact

TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str          # error / warning / correction
    message: str
    fact_keys: tuple[str, ...]


@dataclass(frozen=True)
class SumRule:
    rule: str
    total: str
    parts: tuple[str, ...]
    min_parts: int          # how many parts must be stated before the identity is checked
    label: str


SUM_RULES = [
    SumRule("income_parts_sum_to_total", "income_total",
            ("income_general_budget", "income_gov_fund", "income_other"), 2,
            "一般公共预算 + 政府性基金 + 其他收入 = 本年收入"),
    SumRule("basic_plus_project_is_total", "expenditure_total", ("expenditure_basic", "expenditure_project"), 2,
            "基本支出 + 项目支出 = 本年支出"),
    SumRule("personnel_plus_public_is_basic", "expenditure_basic",
            ("expenditure_personnel", "expenditure_public"), 2, "人员经费 + 公用经费 = 基本支出"),
    SumRule("economic_classes_sum_to_total", "expenditure_total",
            ("econ_wages_welfare", "econ_goods_services", "econ_household_subsidies", "econ_capital"), 3,
            "工资福利 + 商品和服务 + 对个人和家庭的补助 + 资本性支出 = 本年支出"),
]
# A part can never exceed its whole; checked on its own so that a report stating only one
# part of an identity is still caught.
PART_RULES = [
    ("income_general_budget", "income_total"), ("income_gov_fund", "income_total"), ("income_other", "income_total"),
    ("expenditure_basic", "expenditure_total"), ("expenditure_project", "expenditure_total"),
    ("expenditure_personnel", "expenditure_basic"), ("expenditure_public", "expenditure_basic"),
    ("expenditure_personnel", "expenditure_total"), ("expenditure_public", "expenditure_total"),
    ("econ_wages_welfare", "expenditure_total"), ("econ_goods_services", "expenditure_total"),
    ("econ_household_subsidies", "expenditure_total"), ("econ_capital", "expenditure_total"),
    ("three_public_actual", "expenditure_total"), ("public_funds_actual", "expenditure_total"),
]
WITHIN_RULES = [
    ("three_public_within_budget", "three_public_actual", "three_public_budget", "“三公”经费实际支出 ≤ 预算"),
    ("public_funds_within_budget", "public_funds_actual", "public_funds_budget", "公用经费实际支出 ≤ 预算"),
    ("procurement_within_budget", "procurement_actual", "procurement_budget", "政府采购实际支出 ≤ 预算"),
    ("executed_within_budget", "budget_executed", "budget_total", "执行数 ≤ 全年预算数"),
]


def validate(facts: list[Fact], self_score: Decimal | None, indicators: list[Fact]) -> list[Finding]:
    """Check every rule; correct proven unit typos in place. Returns the findings."""
    amounts = {f.key: f for f in facts if f.group == "amounts"}
    findings: list[Finding] = []
    for rule in SUM_RULES:
        findings.extend(_check_sum(rule, amounts))
    findings.extend(_check_parts(amounts, findings))
    for rule, actual, budget, label in WITHIN_RULES:
        a, b = amounts.get(actual), amounts.get(budget)
        if a and b and a.value > b.value:
            findings.append(Finding(rule, "warning", f"{label} fails: {a.value} > {b.value} 元", (actual, budget)))
    rates = {f.key: f for f in facts if f.group == "rates"}
    findings.extend(_check_rates(rates, amounts))
    findings.extend(_check_indicator_sum(self_score, indicators))
    return findings


def _tolerance(total: Decimal) -> Decimal:
    """Figures rounded to 0.01 万元 may be off by 100 元 each, and reports round shares."""
    return abs(total) * Decimal("0.0005") + 100


def _holds(total: Decimal, parts: list[Decimal]) -> bool:
    return abs(sum(parts, Decimal(0)) - total) <= _tolerance(total)


def _check_sum(rule: SumRule, amounts: dict[str, Fact]) -> list[Finding]:
    total = amounts.get(rule.total)
    parts = [amounts[k] for k in rule.parts if k in amounts]
    if total is None or len(parts) < rule.min_parts:
        return []
    if _holds(total.value, [p.value for p in parts]):
        return []
    fix = _unit_fix(total, parts)
    keys = (rule.total, *(p.key for p in parts))
    if fix is None:
        got = sum((p.value for p in parts), Decimal(0))
        return [Finding(rule.rule, "error", f"{rule.label} fails: parts {got} ≠ total {total.value} 元", keys)]
    fact, factor = fix
    old = fact.value
    fact.value = (fact.value * factor).quantize(Decimal("0.01"))
    fact.method += "+unit_corrected"
    stated = "元" if factor > 1 else "万元"
    meant = "万元" if factor > 1 else "元"
    msg = (f"{fact.key} is stated in {fact.unit or stated} ({old} 元 as read) but {rule.label} holds only if it is "
           f"{meant}: corrected to {fact.value} 元")
    return [Finding("unit_typo_corrected", "correction", msg, keys)]


def _check_parts(amounts: dict[str, Fact], earlier: list[Finding]) -> list[Finding]:
    """A part larger than its whole, where no sum rule already reported the pair."""
    out = []
    for part, whole in PART_RULES:
        p, w = amounts.get(part), amounts.get(whole)
        if not p or not w or p.value <= w.value + _tolerance(w.value):
            continue
        if any(part in f.fact_keys and whole in f.fact_keys and f.severity != "correction" for f in earlier + out):
            continue
        out.append(Finding("part_within_total", "error", f"{part} {p.value} 元 exceeds {whole} {w.value} 元",
                           (part, whole)))
    return out


def _unit_fix(total: Fact, parts: list[Fact]) -> tuple[Fact, Decimal] | None:
    """The one figure whose rescaling by 10,000 makes the identity hold, if exactly one does."""
    fixes = []
    for cand in [total, *parts]:
        if cand.unit not in ("元", "万元"):
            continue
        for factor in (TEN_THOUSAND, 1 / TEN_THOUSAND):
            t = total.value * factor if cand is total else total.value
            ps = [p.value * factor if p is cand else p.value for p in parts]
            if _holds(t, ps):
                fixes.append((cand, factor))
    return fixes[0] if len(fixes) == 1 else None


def _check_rates(rates: dict[str, Fact], amounts: dict[str, Fact]) -> list[Finding]:
    out = []
    for key, f in rates.items():
        if key != "income_change_rate" and key != "expenditure_change_rate" and not (0 <= f.value <= 100):
            sev = "warning" if f.value > 100 else "error"
            out.append(Finding("rate_between_0_and_100", sev, f"{key} = {f.value}% is outside 0–100%", (key,)))
    ex, tot, rate = amounts.get("budget_executed"), amounts.get("budget_total"), rates.get("budget_execution_rate")
    if ex and tot and rate and tot.value:
        computed = ex.value / tot.value * 100
        if abs(computed - rate.value) > Decimal("0.5"):
            out.append(Finding("execution_rate_matches_amounts", "warning",
                               f"执行数 ÷ 预算数 = {computed:.2f}% but the report states {rate.value}%",
                               ("budget_execution_rate", "budget_executed", "budget_total")))
    return out


def _check_indicator_sum(self_score: Decimal | None, indicators: list[Fact]) -> list[Finding]:
    """Indicator scores sum to the total, at some level of the indicator tree."""
    if self_score is None or len(indicators) < 3:
        return []
    by_depth: dict[int, Decimal] = {}
    for f in indicators:
        d = f.extra.get("depth", 0)
        by_depth[d] = by_depth.get(d, Decimal(0)) + f.value["score"]
    sums = {sum((f.value["score"] for f in indicators), Decimal(0)), *by_depth.values()}
    if any(abs(s - self_score) <= Decimal("0.05") for s in sums):
        return []
    shown = ", ".join(str(s) for s in sorted(sums))
    return [Finding("indicator_scores_sum_to_total", "warning",
                    f"indicator scores sum to {shown}, none equals the total score {self_score}",
                    ("self_score", "indicator_scores"))]
