"""Run the extractors on a snippet of report text."""
from __future__ import annotations

from ingest.extract import Context, extract_all
from ingest.normalize import normalize
from ingest.outline import Outline


def facts_of(text: str, fiscal_year: int | None = None):
    norm = normalize(text)
    ctx = Context(norm, Outline(norm.text), fiscal_year=fiscal_year)
    return extract_all(ctx), norm.text


def values(text: str, group: str, fiscal_year: int | None = None) -> dict:
    facts, _ = facts_of(text, fiscal_year)
    return {f.key: f.value for f in facts if f.group == group}


def items(text: str, group: str, fiscal_year: int | None = None) -> list[dict]:
    facts, _ = facts_of(text, fiscal_year)
    return [f.value for f in facts if f.group == group]
