"""Extraction on real report pages of many provinces (`../shared/corpus/real`, read at run time:
their text is not copied into the repository), scored against their hand-read answers.

The floors are the targets: overall F1 0.90, meta 0.95 and indicators 0.85, and not one page
rejected as not a report.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.evaluate import summarize
from ingest.pipeline import extract_bytes, to_answer

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
FLOORS = {"overall": 0.90, "meta": 0.95, "indicators": 0.85}


def _reports() -> list[Path]:
    return sorted(g.with_name(g.name.removesuffix(".gold.json")) for g in REAL.glob("*.gold.json"))


@pytest.fixture(scope="module")
def answers() -> dict[str, dict]:
    """Every page extracted; a page rejected as not a report fails here, with its name."""
    assert _reports(), f"no real report pages in {REAL}"
    return {p.name: to_answer(extract_bytes(p.name, p.read_bytes())) for p in _reports()}


@pytest.fixture(scope="module")
def scores(answers) -> dict:
    return summarize([(p.name, json.loads(p.with_name(p.name + ".gold.json").read_text(encoding="utf-8")),
                       answers[p.name]) for p in _reports()])


def test_no_real_report_page_is_rejected(answers):
    assert len(answers) == len(_reports())


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_f1_is_at_least_its_floor(scores, group):
    assert scores[group]["f1"] >= FLOORS[group], scores["misses"]
