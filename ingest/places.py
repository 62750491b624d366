"""Department name → province / prefecture / county, with China's administrative-division
reference shipped by the `cpca` package (names and adcodes of every province, prefecture
and county-level unit)."""
from __future__ import annotations

import logging
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


@lru_cache(maxsize=65536)
def resolve(name: str | None) -> Place:
    """The place a department belongs to, from the place names in its own name."""
    if not name:
        return NO_PLACE
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
