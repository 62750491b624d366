"""The same reports as PDF, DOCX and HTML give the same facts as their text."""
from __future__ import annotations

import pytest

from conftest import sample_reports
from evaluation.evaluate import summarize
from ingest.pipeline import extract_bytes, to_answer
from render import render_docx, render_html, render_pdf

RENDER = {"pdf": render_pdf, "docx": render_docx, "html": render_html}


@pytest.fixture(scope="module")
def from_text():
    return {p.name: to_answer(extract_bytes(p.name, p.read_bytes())) for p in sample_reports()}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_other_formats_give_the_same_facts(fmt, from_text, tmp_path):
    pairs = []
    for p in sample_reports():
        out = RENDER[fmt](p.read_text(encoding="utf-8"), tmp_path / f"{p.stem}.{fmt}")
        answer = to_answer(extract_bytes(out.name, out.read_bytes()))
        answer["report_file"] = p.name
        pairs.append((p.name, from_text[p.name], answer))
    s = summarize(pairs)
    assert s["overall"]["f1"] >= 0.99, s["misses"]
    for name, text_answer, answer in pairs:
        assert answer["amounts"] == text_answer["amounts"], name
        assert answer["self_score"] == text_answer["self_score"], name


def test_pdf_facts_know_their_page(tmp_path):
    p = sample_reports()[0]
    out = render_pdf(p.read_text(encoding="utf-8"), tmp_path / "r.pdf")
    r = extract_bytes(out.name, out.read_bytes())
    pages = {r.norm.page_at(f.start) for f in r.facts}
    assert None not in pages and len(pages) > 1
    assert r.doc.pages and max(pages) <= r.doc.pages
