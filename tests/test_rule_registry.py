"""The rule registry (dbt_project/seeds/validation_rules.csv) is the one home of every validation rule.

Each check of the registry fires on facts that break it and stays quiet on facts that keep it (tests
generated from the registry); every rule id ingest can emit is declared there and written nowhere else
in ingest or dbt; the README's rule table is the registry's.
"""
from __future__ import annotations

import ast
import csv
import re
from collections import defaultdict
from decimal import Decimal as D
from pathlib import Path

import pytest

from ingest.extract.common import Fact
from ingest.pipeline import extract_bytes
from ingest.validate import Check, registry, validate
from warehouse.paths import DBT_PROJECT_DIR, VALIDATION_RULES_CSV

ROOT = Path(__file__).resolve().parent.parent
CHECKS = registry()
RELATIONS = ("sum_eq", "each_le", "each_ge", "ratio_pct_eq", "score_sum_eq")
WHOLE = D("1000000")   # 元


def _rows() -> list[dict]:
    with VALIDATION_RULES_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fact_keys() -> set[str]:
    with (DBT_PROJECT_DIR / "seeds" / "fact_keys.csv").open(encoding="utf-8", newline="") as f:
        return {row["fact_key"] for row in csv.DictReader(f)}


def _id(check: Check) -> str:
    return f"{check.rule}:{check.relation}:{check.whole}"


def _figure(key: str, value, unit: str = "元") -> Fact:
    group = "rates" if unit == "%" else "amounts"
    return Fact(group, key, D(value), 0, 1, "test", unit=unit)


def _case(check: Check, breaks: bool) -> tuple[list[Fact], D | None, list[Fact]]:
    """Facts that break `check` (or keep it), built from its terms alone."""
    if check.relation == "sum_eq":
        parts = check.parts[:max(check.min_parts, 1)]
        share = (WHOLE * D("0.7") if breaks else WHOLE) / len(parts)
        return [_figure(check.whole, WHOLE), *(_figure(p, share) for p in parts)], None, []
    if check.relation in ("each_le", "each_ge"):
        unit = "元" if check.whole in _fact_keys() else "%"
        limit = WHOLE if unit == "元" else D(check.whole)
        outside = limit * 2 + 10 if check.relation == "each_le" else limit - 10
        bound = [_figure(check.whole, limit)] if unit == "元" else []
        return [*bound, _figure(check.parts[0], outside if breaks else limit / 2 + 1, unit)], None, []
    if check.relation == "ratio_pct_eq":
        numerator, denominator = check.parts
        stated = "80" if breaks else "50"
        return [_figure(numerator, "500000"), _figure(denominator, WHOLE), _figure(check.whole, stated, "%")], None, []
    if check.relation == "score_sum_eq":
        indicators = [Fact("indicator_scores", "", {"score": D(30)}, 0, 1, "test") for _ in range(check.min_parts)]
        return [], D(30 * check.min_parts + (10 if breaks else 0)), indicators
    raise AssertionError(f"no test case for relation {check.relation!r}: add one here")


CHECKED = [c for c in CHECKS if c.relation]


@pytest.mark.parametrize("check", CHECKED, ids=_id)
def test_each_check_fires_on_facts_that_break_it(check):
    facts, score, indicators = _case(check, breaks=True)
    findings = validate(facts, score, indicators)
    assert (check.rule, check.severity) in {(f.rule, f.severity) for f in findings}, findings


@pytest.mark.parametrize("check", CHECKED, ids=_id)
def test_each_check_is_quiet_on_facts_that_keep_it(check):
    facts, score, indicators = _case(check, breaks=False)
    assert validate(facts, score, indicators) == []


@pytest.mark.parametrize("check", [c for c in CHECKS if c.kind == "correction"], ids=_id)
def test_the_correction_rule_fires_on_a_unit_typo_and_not_on_a_true_identity(check):
    identity = next(c for c in CHECKS if c.relation == "sum_eq")
    parts = identity.parts[:identity.min_parts]
    half = WHOLE / len(parts)
    typo = [_figure(identity.whole, WHOLE, "万元"), _figure(parts[0], half / 10000, "元"),
            *(_figure(p, half, "万元") for p in parts[1:])]
    findings = validate(typo, None, [])
    assert [(f.rule, f.severity, f.fact_keys) for f in findings] == [(check.rule, check.severity, (parts[0],))]
    assert typo[1].value == half and typo[1].method.endswith("+unit_corrected")
    keeps = [_figure(identity.whole, WHOLE, "万元"), *(_figure(p, half, "万元") for p in parts)]
    assert validate(keeps, None, []) == []


def test_the_registry_is_well_formed():
    rows = _rows()
    by_rule = defaultdict(list)
    for row in rows:
        by_rule[row["rule_id"]].append(row)
    for rule, checks in by_rule.items():   # a rule's checks share its kind and labels
        assert len({(c["kind"], c["label_zh"]) for c in checks}) == 1, rule
    assert len({(r["rule_id"], r["relation"], r["whole"]) for r in rows}) == len(rows)
    assert {r["relation"] for r in rows} <= {*RELATIONS, ""}
    assert {r["severity"] for r in rows} <= {"error", "warning", "correction"}
    assert sum(1 for rule in by_rule.values() if rule[0]["kind"] == "correction") == 1
    known = _fact_keys() | {"indicator_scores"}
    for row in rows:
        for key in [*row["parts"].split(), row["whole"]]:
            assert key in known or re.fullmatch(r"-?\d+(\.\d+)?", key) or key == "", (row["rule_id"], key)


def test_every_rate_of_the_dictionary_is_bounded_unless_it_is_a_change():
    with (DBT_PROJECT_DIR / "seeds" / "fact_keys.csv").open(encoding="utf-8", newline="") as f:
        rates = {row["fact_key"] for row in csv.DictReader(f) if row["fact_group"] == "rates"}
    bounded = {key for c in CHECKS if c.kind == "range" for key in c.parts}
    assert bounded == {key for key in rates if not key.endswith("_change_rate")}


# ----------------------------------------------------------------------------- one home

def _literal_rule_ids(path: Path) -> set[str]:
    """String literals passed as the rule of a Finding(...) or declared_finding(...) in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "Finding", "declared_finding"):
            rule = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "rule"), None)
            if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                found.add(rule.value)
    return found


def test_every_rule_id_ingest_can_emit_is_declared_in_the_registry():
    declared = {row["rule_id"] for row in _rows()}
    written = set().union(*(_literal_rule_ids(p) for p in (ROOT / "ingest").rglob("*.py")))
    assert written <= declared, written - declared
    emitted = set()
    for folder in (ROOT / "data" / "reports", ROOT / "tests" / "regressions"):
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".json", ".md"):
                emitted |= {f.rule for f in extract_bytes(path.name, path.read_bytes()).findings}
    assert emitted and emitted <= declared, emitted - declared


def test_a_rule_id_is_written_in_one_data_file_only():
    """Checks are found by their relation, so no code names them. An extraction finding (kind
    `extraction`: an unreadable page, an ambiguous value) is raised by the extractor that meets it,
    which names its declared rule: those ids may appear in ingest's extractors, nowhere else."""
    rows = _rows()
    rule_ids = {row["rule_id"] for row in rows}
    extraction_ids = {row["rule_id"] for row in rows if row["kind"] == "extraction"}
    places = [ROOT / "ingest", DBT_PROJECT_DIR / "models", DBT_PROJECT_DIR / "tests", DBT_PROJECT_DIR / "macros",
              DBT_PROJECT_DIR / "seeds"]
    for place in places:
        for path in place.rglob("*"):
            if path.is_file() and path != VALIDATION_RULES_CSV and path.suffix in (".py", ".sql", ".yml", ".csv"):
                text = path.read_text(encoding="utf-8")
                allowed = extraction_ids if place.name == "ingest" and path.name != "validate.py" else set()
                assert not [r for r in rule_ids - allowed if re.search(rf"\b{r}\b", text)], path


def test_validation_code_and_dbt_tests_name_no_term_of_a_rule():
    terms = {key for c in CHECKS for key in (*c.parts, c.whole) if not re.fullmatch(r"-?[\d.]+", key)} - {""}
    code = [ROOT / "ingest" / "validate.py",
            DBT_PROJECT_DIR / "models" / "intermediate" / "int_validation_rule_violations.sql",
            DBT_PROJECT_DIR / "macros" / "validation_rules.sql", *(DBT_PROJECT_DIR / "tests").rglob("*.sql")]
    for path in code:
        text = path.read_text(encoding="utf-8")
        assert not [t for t in terms if re.search(rf"\b{t}\b", text)], path


def readme_rule_table() -> list[str]:
    """The README's rule table as the registry makes it: one line per rule, in the registry's order."""
    rules: dict[str, dict] = {}
    for row in _rows():
        rule = rules.setdefault(row["rule_id"], {**row, "severities": []})
        if row["severity"] not in rule["severities"]:
            rule["severities"].append(row["severity"])
    return ["| rule | kind | severity | checks | in English |", "|---|---|---|---|---|"] + [
        f"| `{r['rule_id']}` | {r['kind']} | {' / '.join(r['severities'])} | {r['label_zh']} | {r['description_en']} |"
        for r in rules.values()]


def test_the_readme_rule_table_is_the_registry():
    expected = readme_rule_table()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.find(expected[0]):].splitlines()[:len(expected)]
    assert table == expected, "the README's rule table should read:\n" + "\n".join(expected)
