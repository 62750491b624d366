from decimal import Decimal as D

from ingest.extract.common import Fact
from ingest.validate import validate


def _amounts(**values) -> list[Fact]:
    return [Fact("amounts", k, D(v[0]), 0, 1, "test", unit=v[1]) for k, v in values.items()]


def test_a_unit_typo_that_an_identity_proves_is_corrected_and_recorded():
    facts = _amounts(income_total=("93779800", "万元"), income_general_budget=("5454.98", "元"),
                     income_gov_fund=("39230000", "万元"))
    findings = validate(facts, None, [])
    assert next(f for f in facts if f.key == "income_general_budget").value == D("54549800.00")
    assert [f.rule for f in findings] == ["unit_typo_corrected"]


def test_an_identity_that_no_single_rescaling_fixes_is_an_error():
    facts = _amounts(expenditure_total=("1000000", "元"), expenditure_basic=("300000", "元"),
                     expenditure_project=("500000", "元"))
    findings = validate(facts, None, [])
    assert [(f.rule, f.severity) for f in findings] == [("basic_plus_project_is_total", "error")]


def test_a_part_larger_than_its_whole_is_an_error_even_alone():
    findings = validate(_amounts(income_total=("1000000", "万元"), income_other=("1500000", "万元")), None, [])
    assert [(f.rule, f.fact_keys) for f in findings] == [("part_within_total", ("income_other", "income_total"))]


def test_three_public_over_budget_is_a_warning():
    findings = validate(_amounts(three_public_budget=("100", "元"), three_public_actual=("120", "元")), None, [])
    assert [(f.rule, f.severity) for f in findings] == [("three_public_within_budget", "warning")]


def test_identities_within_rounding_hold():
    facts = _amounts(expenditure_total=("120548700", "万元"), econ_wages_welfare=("22602200", "万元"),
                     econ_goods_services=("50305100", "万元"), econ_household_subsidies=("1401700", "万元"),
                     econ_capital=("46239700", "万元"))
    assert validate(facts, None, []) == []
