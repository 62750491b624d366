"""The label lexicon: one data file names every fact for the extractor, the docs and the generator."""
import csv
from pathlib import Path

import pytest

from ingest.extract.common import bare_label
from ingest.extract.finance import classify_amount
from ingest.lexicon import DOCUMENTED_FAMILIES, LABELS_CSV, docs_table, labels, match_label, match_label_end, to_regex

ROOT = Path(__file__).resolve().parents[1]


def test_phrasing_syntax_compiles_to_the_words_it_reads_like():
    assert to_regex("Q三公Q经费[年初](预算|决算)") == "[“”\"'‘’「」]?三公[“”\"'‘’「」]?经费(?:年初)?(?:预算|决算)"


@pytest.mark.parametrize("row", [r for r in labels() if r.family in ("amount", "rate", "headcount")],
                         ids=lambda r: r.wordings[0])
def test_every_wording_is_read_as_its_own_fact(row):
    for wording in row.wordings:
        label = bare_label(wording)
        if row.family == "amount":
            assert classify_amount(label, None, label)[0] == row.fact_key
        elif row.family == "rate":
            assert match_label("rate", label).fact_key == row.fact_key
        else:
            got = match_label_end("headcount", label)
            assert (got.fact_key, got.subject) == (row.fact_key, row.subject)


def test_every_fact_key_is_in_the_fact_dictionary():
    with (ROOT / "dbt_project/seeds/fact_keys.csv").open(encoding="utf-8") as f:
        known = {r["fact_key"] for r in csv.DictReader(f)}
    assert {r.fact_key for r in labels() if r.fact_key} <= known


def test_docs_list_the_lexicon_wordings():
    doc = (ROOT / "docs/facts.md").read_text(encoding="utf-8")
    for family in DOCUMENTED_FAMILIES:
        assert docs_table(family) in doc, f"docs/facts.md is out of date: python -m ingest.lexicon prints the {family} table"


def test_lexicon_rows_are_complete():
    with LABELS_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["family"] and r["wordings"] and r["phrasing"] for r in rows)
    assert all(r["unit"] for r in rows if r["fact_key"])          # a fact's words carry its unit
