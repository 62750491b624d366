"""Mutated report texts for the fuzz tests: the sample reports damaged the ways real files are."""
from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal

from hypothesis import strategies as st

from conftest import sample_reports
from ingest.documents import DocumentError
from ingest.load import TABLES, _arrow
from ingest.pipeline import NotAReportError, extract_bytes
from ingest.places import _reference
from ingest.rows import RowError, report_rows

SAMPLES = [p.read_text(encoding="utf-8") for p in sample_reports()]
_reference()                  # the division reference loads once, not inside the first timed text
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)]
_FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


@st.composite
def mutated_texts(draw) -> str:
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(MUTATIONS))(draw, text)
    return text


def _span(draw, text: str, longest: int = 400) -> tuple[int, int]:
    start = draw(st.integers(0, max(0, len(text) - 1)))
    return start, min(len(text), start + draw(st.integers(0, longest)))


def _delete(draw, text):
    s, e = _span(draw, text)
    return text[:s] + text[e:]


def _duplicate(draw, text):
    s, e = _span(draw, text)
    return text[:e] + text[s:e] * draw(st.integers(1, 50)) + text[e:]


def _digits(draw, text):
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return text
    chars = list(text)
    for _ in range(draw(st.integers(1, 20))):
        chars[digits[draw(st.integers(0, len(digits) - 1))]] = draw(st.sampled_from("0123456789.,%"))
    return "".join(chars)


def _control(draw, text):
    s, _ = _span(draw, text)
    return text[:s] + "".join(draw(st.lists(st.sampled_from(CONTROL), min_size=1, max_size=20))) + text[s:]


def _truncate(draw, text):
    return text[:draw(st.integers(0, len(text)))]


def _long_line(draw, text):
    s, _ = _span(draw, text)
    unit = draw(st.sampled_from(["1", "9.", "，", "1万", "5%", "（", "得分", " 1", "一、", "收入12.5万元", "-"]))
    return text[:s] + unit * draw(st.integers(100, 2000)) + text[s:]


def _widths(draw, text):
    s, e = _span(draw, text, 2000)
    return text[:s] + text[s:e].translate(_FULL) + text[e:]


def _insert(draw, text):
    s, _ = _span(draw, text)
    return text[:s] + draw(st.text(max_size=30)) + text[s:]


MUTATIONS = [_delete, _duplicate, _digits, _control, _truncate, _long_line, _widths, _insert]


def outcome(text: str) -> tuple[str, float]:
    """'report' or the load error kind of one text, and the seconds it took. Anything else
    (an exception the pipeline did not turn into a failure) escapes: that is a crash."""
    t0 = time.perf_counter()
    try:
        report = extract_bytes("fuzz.txt", text.encode("utf-8", "surrogatepass"))
        rows = report_rows(report, "/fuzz.txt", len(text), 0, datetime(2026, 1, 1))
        for t in TABLES:
            if rows[t]:
                _arrow(t, rows[t])                  # the bulk write's typing cannot fail
        for r in rows["facts"]:
            assert r["value"] is None or isinstance(r["value"], Decimal)
        result = "report"
    except (DocumentError, NotAReportError) as e:
        result = e.kind
    except RowError:
        result = "invalid_value"
    return result, time.perf_counter() - t0
