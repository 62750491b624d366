"""No super-linear pattern on the hot path: a text four times as long takes at most about four
times as long (a quadratic pattern would take sixteen). Ratios in one run, CPU time."""
from __future__ import annotations

import contextlib
import time

import pytest

from conftest import sample_reports
from ingest.places import _reference
from ingest.pipeline import extract_bytes

# what real damage looks like: long digit runs, long lines, repeated punctuation and figures
ADVERSARIAL = {
    "digit run then text": lambda n: "收入" + "1" * n + "\nabc\n",
    "digit line": lambda n: "1" * n + "\n",
    "figures without punctuation": lambda n: "1万" * (n // 2) + "\n",
    "percentages": lambda n: "1%" * (n // 2) + "\n",
    "repeated commas": lambda n: "，" * n + "\n",
    "repeated dots": lambda n: "." * n + "\n",
    "open brackets": lambda n: "（" * n + "\n",
    "spaced digits": lambda n: "1 " * (n // 2) + "\n",
    "long Chinese line": lambda n: "收入支出预算" * (n // 6) + "\n",
    "many short lines": lambda n: "收入1\n" * (n // 4),
}


def _cpu_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        with contextlib.suppress(Exception):        # a failure is fine here; only time is measured
            extract_bytes("x.txt", text.encode("utf-8"))
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_extraction_time_grows_linearly(name):
    _reference()
    base = sample_reports()[0].read_text(encoding="utf-8") + "\n"
    small = _cpu_seconds(base + ADVERSARIAL[name](10_000)) - _cpu_seconds(base)
    large = _cpu_seconds(base + ADVERSARIAL[name](40_000)) - _cpu_seconds(base)
    assert large < 8 * max(small, 0.01), f"{name}: {small:.3f} s at 10k characters, {large:.3f} s at 40k"
