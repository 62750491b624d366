"""Shared fixtures: where the sample reports and their hand-read answers are."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
GOLD = ROOT / "tests" / "gold"


def sample_reports() -> list[Path]:
    return sorted(REPORTS.glob("*.txt"))


def gold_of(report: Path) -> dict:
    return json.loads((GOLD / f"{report.name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> list[Path]:
    return sample_reports()
