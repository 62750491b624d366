"""The national place reference: the seed is what its script writes from the Ministry of Civil Affairs
codes; it holds every county-level unit under 31 provinces; every report of ../shared/corpus/real whose
answer key names a place resolves to a place with an adcode and a parent, through the warehouse's own
resolution (names → place, former names included) and end to end (files → ingest → dbt); no page,
query or model names a province, prefecture or region literally."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import duckdb
import pytest

from generate.raw_warehouse import make_raw_warehouse
from ingest.load import run_ingest
from ingest.places import resolve
from warehouse.build import build
from warehouse.paths import SEEDS_DIR

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
SEED_SCRIPT = ROOT / "dbt_project" / "scripts" / "make_place_seeds.py"
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


def seed(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def answer_keys() -> list[dict]:
    keys = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REAL.glob("*.gold.json"))]
    assert keys, f"no answer keys in {REAL}"
    return [k for k in keys if k.get("province")]


def query(db: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def load_seed_script():
    spec = importlib.util.spec_from_file_location("make_place_seeds", SEED_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- the seeds

def test_seed_is_what_the_script_writes_and_curated_seeds_agree(tmp_path):
    script = load_seed_script()
    rows = script.rows()
    script.write(rows, tmp_path / "admin_divisions.csv")
    assert (tmp_path / "admin_divisions.csv").read_bytes() == (SEEDS_DIR / "admin_divisions.csv").read_bytes()
    assert script.problems_with_curated_seeds(rows) == []
    assert all(r["source"].startswith("Ministry of Civil Affairs") and "as of 20" in r["source"] for r in rows)


def test_reference_holds_every_county_level_unit_under_31_provinces():
    rows = seed("admin_divisions.csv")
    counties = [r for r in rows if r["admin_level"] == "county"]
    assert len(counties) >= 2800
    assert len({r["province"] for r in counties}) == 31
    by_code = {r["adcode"]: r for r in rows}
    assert all(r["parent_adcode"] in by_code for r in rows if r["admin_level"] != "country")
    municipal = [r for r in counties if r["province_adcode"] in ("110000", "120000", "310000", "500000")]
    assert municipal and all(r["prefecture"] == "" and r["parent_adcode"] == r["province_adcode"] for r in municipal)
    under_province = [r for r in counties if r["parent_adcode"] == r["province_adcode"]]
    assert len(under_province) > len(municipal)          # 省直辖县级行政区划 as well
    regions = {r["province"]: r["nbs_region"] for r in seed("province_regions.csv")}
    assert {regions[p] for p in {r["province"] for r in counties}} == {"东部", "中部", "西部", "东北"}


def test_former_names_resolve_in_ingest_to_the_current_code():
    for r in seed("place_renames.csv"):
        prefix = r["former_prefecture"] if r["former_prefecture"] else r["province"]
        place = resolve(f"{prefix}{r['former_name']}财政局")
        assert place.adcode == r["adcode"] and place.county in (r["former_name"], r["current_name"]), r


# ----------------------------------------------------------------------------- answer keys → warehouse

@pytest.fixture(scope="module")
def by_names(tmp_path_factory) -> Path:
    """Marts built from raw reports that carry only the answer keys' place names (no adcode)."""
    reports = []
    for k in answer_keys():
        reports.append({"report_file": k["report_file"], "report_id": hashlib.sha256(k["report_file"].encode()).hexdigest(),
                        "department": k.get("department"), "province": k.get("province"),
                        "prefecture": k.get("prefecture"), "county": k.get("county"),
                        "admin_level": k.get("admin_level"), "adcode": None, "fiscal_year": k.get("fiscal_year"),
                        "text": ""})
    folder = tmp_path_factory.mktemp("by_names")
    db = make_raw_warehouse(folder / "warehouse.duckdb", reports)
    report = build(db, target_path=folder / "target", extra_args=NO_TESTS)
    assert report.ok, report.failures
    return report.published


def resolved_by_names(marts: Path) -> dict[str, dict]:
    rows = query(marts, """
        select r.file_name, r.place_id, p.adcode, p.parent_place_id, p.place_name, p.admin_level, p.nbs_region
        from intermediate.int_reports__identified r left join marts.dim_place p using (place_id)""")
    return {r["file_name"]: r for r in rows}


def test_every_answer_key_place_resolves_in_the_warehouse(by_names):
    resolved = resolved_by_names(by_names)
    for k in answer_keys():
        r = resolved[k["report_file"]]
        assert r["adcode"] and r["parent_place_id"] and r["nbs_region"], (k["report_file"], r)
        assert r["admin_level"] == k["admin_level"] or (k.get("admin_level") is None and r["admin_level"] == "province")
        if k.get("county"):
            assert r["adcode"][4:] != "00", r           # a county-level unit, not its prefecture
    named = {k["report_file"]: k for k in answer_keys()}
    municipal = [f for f, k in named.items() if k.get("county") and k["province"].endswith("市")
                 and k.get("prefecture") is None]
    assert municipal, "the corpus has districts of a municipality"
    renamed = [f for f, k in named.items() if k.get("county") and resolved[f]["place_name"] != k["county"]
               and resolved[f]["adcode"] in {r["adcode"] for r in seed("place_renames.csv")}]
    assert renamed, "the corpus has a county under its former name"


# ----------------------------------------------------------------------------- files → ingest → warehouse

@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    """The raw warehouse of the sample reports and ../shared/corpus/real, with its published marts."""
    folder = tmp_path_factory.mktemp("national")
    db = folder / "warehouse.duckdb"
    run_ingest([str(ROOT / "data" / "reports"), str(REAL)], db, quiet=True)   # some real files may fail: recorded
    report = build(db, target_path=folder / "target",
                   extra_args=["--vars", "{publish_report_text: true}", *NO_TESTS])
    assert report.ok, report.failures
    return report.published


def test_end_to_end_each_report_gets_the_place_of_its_answer_key(national, by_names):
    """Where ingest names the department the answer key names, the warehouse places the report where
    the key's place names put it; a place the report's text cannot settle (a town whose name several
    counties share, the text naming neither) stays unresolved rather than guessed."""
    expected = resolved_by_names(by_names)
    got = {r["file_name"]: r for r in query(national, """
        select q.file_name, q.department_name_stated, p.adcode, p.parent_place_id
        from marts.mart_data_quality q left join marts.dim_department d using (department_id)
        left join marts.dim_place p on p.place_id = d.place_id""")}
    checked = 0
    for k in answer_keys():
        r = got.get(k["report_file"])
        if r is None or r["department_name_stated"] != k.get("department"):
            continue                                      # extraction, not place resolution, differs
        if r["adcode"] is None:
            text = (REAL / k["report_file"]).read_text(encoding="utf-8", errors="replace")
            assert resolve(k["department"], text).adcode is None and not any(
                name in text for name in (k.get("county"), k.get("prefecture")) if name), k["report_file"]
            continue
        assert (r["adcode"], r["parent_place_id"]) == (expected[k["report_file"]]["adcode"],
                                                       expected[k["report_file"]]["parent_place_id"]), k["report_file"]
        checked += 1
    assert checked >= 8, checked


# ----------------------------------------------------------------------------- nothing hard-coded

def place_words() -> set[str]:
    divisions = seed("admin_divisions.csv")
    words = {r["name"] for r in divisions if r["admin_level"] in ("province", "prefecture")}
    words |= {re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", r["name"])
              for r in divisions if r["admin_level"] == "province"}
    words |= {r["region"] for r in seed("prefecture_regions.csv")}
    words |= {r["nbs_region"] for r in seed("province_regions.csv") if r["nbs_region"]}
    return {w for w in words if len(w) >= 2}


def test_no_page_query_or_model_names_a_place_or_region():
    words = place_words()
    pattern = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    files = [*(ROOT / "dashboards").rglob("*.py"), *(ROOT / "dbt_project" / "models").rglob("*.sql"),
             *(ROOT / "dbt_project" / "macros").rglob("*.sql"), *(ROOT / "dbt_project" / "tests").rglob("*.sql")]
    found = {}
    for path in files:
        hits = pattern.findall(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = sorted(set(hits))
    for path in (ROOT / "dbt_project" / "models").rglob("*.yml"):   # data tests, not the documentation
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "description:" not in ln]
        hits = pattern.findall("\n".join(lines))
        if hits:
            found[str(path.relative_to(ROOT))] = sorted(set(hits))
    assert not found, found
