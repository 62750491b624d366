"""The wordings reports use for each fact, read from the extractor's label lexicon
(ingest/lexicon/labels.csv), so generated reports say what the lexicon documents. Only the
data file is shared: the generator never imports the extractor."""
from __future__ import annotations

import csv
import random
from functools import cache
from pathlib import Path

LABELS_CSV = Path(__file__).resolve().parents[1] / "ingest" / "lexicon" / "labels.csv"


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with LABELS_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def wordings(family: str, fact_key: str, subject: str | None = None) -> list[str]:
    """Every wording of a fact (an empty key: words for what is no fact), in lexicon order."""
    return [w for r in _rows() if r["family"] == family and r["fact_key"] == fact_key
            and subject in (None, r["subject"]) for w in r["wordings"].split("、")]


def pick(rng: random.Random, family: str, fact_key: str, subject: str | None = None) -> str:
    """One wording at random; a fact with one wording draws nothing from `rng`."""
    options = wordings(family, fact_key, subject)
    return options[0] if len(options) == 1 else rng.choice(options)
