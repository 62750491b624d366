"""Fuzzing the extractor with damaged reports: every text ends in a report or a load error,
no exception escapes, none takes more than a second.

CI runs a few hundred texts; `pytest -m slow tests/test_fuzz.py -s` runs 20,000 and prints
the figures recorded in BENCHMARKS.md (with JIXIAO_FUZZ_PROGRESS=FILE, the figures so far are written
to FILE every 200 texts). A text that crashes is written to
tests/fuzz_regressions/ (the smallest one hypothesis shrinks it to is the one to keep), and
every file kept there is replayed on every run.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz import mutated_texts, outcome

REGRESSIONS = Path(__file__).with_name("fuzz_regressions")
MAX_SECONDS = 1.0
STATS: Counter = Counter()
SLOWEST: list[float] = [0.0]
PROGRESS = Path(os.environ["JIXIAO_FUZZ_PROGRESS"]) if os.environ.get("JIXIAO_FUZZ_PROGRESS") else None


def _check(text: str) -> str:
    t0 = time.process_time()               # CPU time: the shared machine's load does not count
    try:
        kind, _ = outcome(text)
    except BaseException:
        if len(text) <= 5000:
            REGRESSIONS.mkdir(exist_ok=True)
            name = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            (REGRESSIONS / f"crash_{name}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        raise
    seconds = time.process_time() - t0
    STATS[kind] += 1
    SLOWEST[0] = max(SLOWEST[0], seconds)
    if PROGRESS and sum(STATS.values()) % 200 == 0:   # a long run's figures so far, readable while it runs
        PROGRESS.write_text(json.dumps({"texts": sum(STATS.values()), "outcomes": STATS,
                                        "slowest_cpu_seconds": round(SLOWEST[0], 3)}), encoding="utf-8")
    assert seconds < MAX_SECONDS, f"{seconds:.2f} s for a text of {len(text):,} characters"
    return kind


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                       HealthCheck.large_base_example])


@settings(max_examples=int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", 200)), **_SETTINGS)
@given(mutated_texts())
def test_damaged_reports_end_in_a_report_or_a_load_error(text):
    _check(text)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.txt")), ids=lambda p: p.name)
def test_texts_that_once_crashed_do_not(path):
    _check(path.read_text(encoding="utf-8", errors="surrogatepass"))


@pytest.mark.slow
@settings(max_examples=20_000, **_SETTINGS)
@given(mutated_texts())
def test_twenty_thousand_damaged_reports(text):
    _check(text)


@pytest.mark.slow
def test_print_fuzz_figures():
    """Run after the slow test (same session, -s): the figures for BENCHMARKS.md."""
    print(f"\nfuzz: {sum(STATS.values())} texts, outcomes {dict(STATS)}, slowest {SLOWEST[0]:.3f} s CPU")
