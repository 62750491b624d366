"""Property test: on generated reports, extraction recovers the answers the generator wrote.

The generator is a load and property-test source; the real reports stay the judge of
accuracy. Floors, not exactness: the generator varies wording, layout, format and units.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generate.cli import generate
from evaluation.evaluate import summarize
from ingest.pipeline import extract_bytes, to_answer

REGRESSIONS = Path(__file__).parent / "regressions"
GROUPS = ["meta", "amounts", "rates", "headcount", "indicators", "targets", "history", "problems"]


def _pairs(folder: Path) -> list[tuple[str, dict, dict]]:
    out = []
    for gf in sorted(folder.glob("*.gold.json")):
        report = folder / gf.name[: -len(".gold.json")]
        answer = to_answer(extract_bytes(report.name, report.read_bytes()))
        out.append((report.name, json.loads(gf.read_text(encoding="utf-8")), answer))
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("generated")
    generate(80, folder, 2024)
    return summarize(_pairs(folder))


def test_generated_reports_overall_f1_is_at_least_0_97(generated):
    assert generated["overall"]["f1"] >= 0.97, generated["misses"]


@pytest.mark.parametrize("group", GROUPS)
def test_generated_reports_every_group_f1_is_at_least_0_9(generated, group):
    assert generated[group]["f1"] >= 0.9, {k: v for k, v in generated["misses"].items() if group in v}


def test_generated_problem_categories_are_mostly_right(generated):
    assert generated["problem_category_accuracy"] >= 0.9


@pytest.fixture(scope="module")
def regressions() -> dict[str, tuple]:
    return {name: (name, gold, answer) for name, gold, answer in _pairs(REGRESSIONS)}


@pytest.mark.parametrize("report", sorted(p.name[: -len(".gold.json")] for p in REGRESSIONS.glob("*.gold.json")))
def test_regression_report_stays_fixed(regressions, report):
    s = summarize([regressions[report]])
    assert s["overall"]["f1"] >= 0.97, s["misses"]
