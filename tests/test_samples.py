"""The whole extraction on the five sample reports, scored against their hand-read answers."""
from __future__ import annotations

import pytest

from conftest import gold_of, sample_reports
from evaluation.evaluate import summarize
from ingest.pipeline import extract_bytes, to_answer


@pytest.fixture(scope="module")
def answers():
    return {p.name: to_answer(extract_bytes(p.name, p.read_bytes())) for p in sample_reports()}


@pytest.fixture(scope="module")
def scores(answers):
    return summarize([(p.name, gold_of(p), answers[p.name]) for p in sample_reports()])


def test_overall_f1_is_at_least_0_97(scores):
    assert scores["overall"]["f1"] >= 0.97, scores["misses"]


@pytest.mark.parametrize("group", ["meta", "amounts", "rates", "headcount", "indicators", "targets", "history",
                                   "problems"])
def test_every_fact_group_f1_is_at_least_0_9(scores, group):
    assert scores[group]["f1"] >= 0.9, scores["misses"]


def test_problem_category_accuracy_is_at_least_0_9(scores):
    assert scores["problem_category_accuracy"] >= 0.9


def test_unit_typo_is_corrected_and_recorded(answers):
    a = answers["004_3fe8e0490e208816.txt"]
    assert a["amounts"]["income_general_budget"] == 54549800.00
    assert any(f["rule"] == "unit_typo_corrected" and "income_general_budget" in f["fact_keys"]
               for f in a["findings"])


def test_every_quote_is_the_text_at_its_offsets():
    for p in sample_reports():
        r = extract_bytes(p.name, p.read_bytes())
        for f in r.facts:
            assert r.norm.text[f.start:f.end] == r.quote(f)
            assert f.start < f.end
        a = to_answer(r)
        for path, prov in a["provenance"].items():
            assert r.norm.text[prov["char_start"]:prov["char_end"]] == prov["quote"], path


def test_every_value_has_provenance(answers):
    for a in answers.values():
        for group in ("amounts", "rates", "headcount"):
            for key in a[group]:
                assert f"{group}.{key}" in a["provenance"]
        for i in range(len(a["problems"])):
            assert a["provenance"][f"problems.{i}"]["section"]
