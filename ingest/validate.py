"""Check a report's extracted facts against the rule registry; correct proven unit typos.

The rules are data: `dbt_project/seeds/validation_rules.csv` (the rule registry, also seeded into
dbt and checked there by one generic test) holds each check's rule id, kind, terms (`parts`,
`relation`, `whole`), tolerance, severity and labels. This module knows the relations, never a
rule id or a fact key. Where a sum identity fails and rescaling exactly one of its figures by
10,000 (a 万元 figure written as 元, or the reverse) makes it hold, that figure is corrected and
the correction recorded as a finding of the registry's `correction` rule naming that one fact —
never silently. Unit correction happens here only: dbt reads the corrected value and the finding.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ingest.extract.common import Fact
from warehouse.paths import VALIDATION_RULES_CSV

TEN_THOUSAND = Decimal(10000)
# The figure a unit typo hides: stated in 元 it was meant in 万元 (x 10,000), and the reverse.
RESCALING_BY_UNIT_STATED = {"元": TEN_THOUSAND, "万元": 1 / TEN_THOUSAND}
UNIT_CORRECTED_MARK = "+unit_corrected"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str          # error / warning / correction
    message: str
    fact_keys: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """One row of the rule registry: `parts` `relation` `whole`, within a tolerance."""
    rule: str
    kind: str
    parts: tuple[str, ...]
    relation: str
    whole: str
    min_parts: int          # how many parts must be stated before the check applies
    tolerance: Decimal      # absolute, in the unit of the terms (元, percentage points, points)
    tolerance_share: Decimal  # of the whole's magnitude
    severity: str
    label: str

    def allowance(self, whole: Decimal) -> Decimal:
        return self.tolerance + abs(whole) * self.tolerance_share


@cache
def registry() -> tuple[Check, ...]:
    """Every check of the rule registry, in its order (sum identities first)."""
    with VALIDATION_RULES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(Check(row["rule_id"], row["kind"], tuple(row["parts"].split()), row["relation"], row["whole"],
                           int(row["min_parts"] or 0), Decimal(row["tolerance"] or 0),
                           Decimal(row["tolerance_share"] or 0), row["severity"], row["label_zh"])
                     for row in csv.DictReader(f))


def declared_finding(rule: str, message: str, fact_keys: tuple[str, ...]) -> Finding:
    """A finding of a rule the extractor raises itself (kind `extraction`), with the severity the
    registry declares for it; a rule the registry does not declare is a programming error."""
    check = next((c for c in registry() if c.rule == rule), None)
    if check is None:
        raise KeyError(f"finding rule {rule!r} is not declared in {VALIDATION_RULES_CSV.name}")
    return Finding(check.rule, check.severity, message, fact_keys)


def correction_rule() -> Check:
    return next(check for check in registry() if check.kind == "correction")


def validate(facts: list[Fact], total_score: Decimal | None, indicators: list[Fact]) -> list[Finding]:
    """Apply every check of the registry; correct proven unit typos in place. Returns the findings."""
    figures = {f.key: f for f in facts if f.group in ("amounts", "rates")}
    findings: list[Finding] = []
    for check in registry():
        if check.relation == "sum_eq":
            findings.extend(_check_sum(check, figures))
        elif check.relation in ("each_le", "each_ge"):
            findings.extend(_check_each(check, figures, findings))
        elif check.relation == "ratio_pct_eq":
            findings.extend(_check_ratio(check, figures))
        elif check.relation == "score_sum_eq":
            findings.extend(_check_score_sum(check, total_score, indicators))
    return findings


def _sum_holds(check: Check, whole: Decimal, parts: list[Decimal]) -> bool:
    return abs(sum(parts, Decimal(0)) - whole) <= check.allowance(whole)


def _check_sum(check: Check, figures: dict[str, Fact]) -> list[Finding]:
    whole = figures.get(check.whole)
    parts = [figures[key] for key in check.parts if key in figures]
    if whole is None or len(parts) < check.min_parts:
        return []
    if _sum_holds(check, whole.value, [p.value for p in parts]):
        return []
    keys = (check.whole, *(p.key for p in parts))
    fix = _unit_fix(check, whole, parts)
    if fix is None:
        stated = sum((p.value for p in parts), Decimal(0))
        return [Finding(check.rule, check.severity,
                        f"{check.label} fails: parts {stated} ≠ total {whole.value} 元", keys)]
    fact, factor = fix
    as_read = fact.value
    fact.value = (fact.value * factor).quantize(Decimal("0.01"))
    fact.method += UNIT_CORRECTED_MARK
    meant = "万元" if factor > 1 else "元"
    message = (f"{fact.key} is stated in {fact.unit} ({as_read} 元 as read) but {check.label} holds only if it is "
               f"{meant}: corrected to {fact.value} 元")
    correction = correction_rule()
    return [Finding(correction.rule, correction.severity, message, (fact.key,))]


def _unit_fix(check: Check, whole: Fact, parts: list[Fact]) -> tuple[Fact, Decimal] | None:
    """The one figure whose rescaling by 10,000 in the direction its stated unit allows makes
    the identity hold, if exactly one does."""
    fixes = []
    for candidate in [whole, *parts]:
        factor = RESCALING_BY_UNIT_STATED.get(candidate.unit or "")
        if factor is None:
            continue
        rescaled_whole = whole.value * factor if candidate is whole else whole.value
        rescaled_parts = [p.value * factor if p is candidate else p.value for p in parts]
        if _sum_holds(check, rescaled_whole, rescaled_parts):
            fixes.append((candidate, factor))
    return fixes[0] if len(fixes) == 1 else None


def _check_each(check: Check, figures: dict[str, Fact], earlier: list[Finding]) -> list[Finding]:
    """Each stated part on the right side of its whole (a fact, or a number such as 100).

    A pair that an earlier error or warning already names (a failed sum identity) is not reported
    twice."""
    bound = figures.get(check.whole)
    limit = bound.value if bound else _number(check.whole)
    if limit is None:
        return []
    out: list[Finding] = []
    for key in check.parts:
        part = figures.get(key)
        if part is None:
            continue
        excess = part.value - limit if check.relation == "each_le" else limit - part.value
        if excess <= check.allowance(limit):
            continue
        keys = (key, check.whole) if bound else (key,)
        if bound and any(set(keys) <= set(f.fact_keys) and f.severity != correction_rule().severity
                         for f in earlier + out):
            continue
        out.append(Finding(check.rule, check.severity, _each_message(check, part, limit, bound), keys))
    return out


def _each_message(check: Check, part: Fact, limit: Decimal, bound: Fact | None) -> str:
    if bound is None:
        return f"{check.label} fails: {part.key} = {part.value}{part.unit or ''}"
    if check.kind == "part":
        return f"{part.key} {part.value} 元 exceeds {bound.key} {limit} 元"
    return f"{check.label} fails: {part.value} > {limit} 元"


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _check_ratio(check: Check, figures: dict[str, Fact]) -> list[Finding]:
    """The stated percentage agrees with numerator ÷ denominator × 100."""
    numerator, denominator = (figures.get(key) for key in check.parts)
    stated = figures.get(check.whole)
    if not (numerator and denominator and stated and denominator.value):
        return []
    computed = numerator.value / denominator.value * 100
    if abs(computed - stated.value) <= check.allowance(stated.value):
        return []
    return [Finding(check.rule, check.severity,
                    f"{check.label} fails: {numerator.key} ÷ {denominator.key} = {computed:.2f}% "
                    f"but the report states {stated.value}%", (check.whole, *check.parts))]


def _check_score_sum(check: Check, total_score: Decimal | None, indicators: list[Fact]) -> list[Finding]:
    """Indicator scores sum to the total, at some level of the indicator tree."""
    if total_score is None or len(indicators) < check.min_parts:
        return []
    by_depth: dict[int, Decimal] = {}
    for indicator in indicators:
        depth = indicator.extra.get("depth", 0)
        by_depth[depth] = by_depth.get(depth, Decimal(0)) + indicator.value["score"]
    sums = {sum((indicator.value["score"] for indicator in indicators), Decimal(0)), *by_depth.values()}
    if any(abs(total - total_score) <= check.allowance(total_score) for total in sums):
        return []
    shown = ", ".join(str(total) for total in sorted(sums))
    return [Finding(check.rule, check.severity,
                    f"indicator scores sum to {shown}, none equals the total score {total_score}",
                    (check.whole, *check.parts))]
