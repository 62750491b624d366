"""Generate seeds/admin_divisions.csv from the cpca package's adcode table.

Writes every province-level unit of China, and for Guangdong every
prefecture-level city and county-level unit (市辖区, 县, 县级市, 自治县), with the
region used in provincial statistics (珠三角 / 粤东 / 粤西 / 粤北).

Run from the repository root:  .venv/bin/python dbt_project/scripts/make_admin_divisions_seed.py
The output is committed; re-run only when the reference table changes.
"""
from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seeds" / "admin_divisions.csv"
GUANGDONG = "44"

# Guangdong's four statistical regions, by prefecture-level city.
REGIONS = {
    "珠三角": ["广州市", "深圳市", "珠海市", "佛山市", "江门市", "肇庆市", "惠州市", "东莞市", "中山市"],
    "粤东": ["汕头市", "汕尾市", "潮州市", "揭阳市"],
    "粤西": ["湛江市", "茂名市", "阳江市"],
    "粤北": ["韶关市", "河源市", "梅州市", "清远市", "云浮市"],
}
# Units created after the cpca table was compiled (深圳市 districts of 2016 and 2018);
# coordinates are approximate district centres.
SUPPLEMENT = {"440309": ("龙华区", "114.044346", "22.691963"), "440310": ("坪山区", "114.338441", "22.69423"),
              "440311": ("光明区", "113.935895", "22.748816")}
REGION_OF = {city: region for region, cities in REGIONS.items() for city in cities}
REGION_EN = {"珠三角": "Pearl River Delta", "粤东": "East Guangdong", "粤西": "West Guangdong",
             "粤北": "North Guangdong"}


def county_type(name: str) -> str:
    """The kind of county-level unit, from its name's suffix."""
    if name.endswith("自治县"):
        return "autonomous_county"
    if name.endswith("县"):
        return "county"
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_level_city"
    return "other"


def main() -> None:
    src = resources.files("cpca") / "resources" / "adcodes.csv"
    with src.open(encoding="utf-8") as f:
        rows = [(r["adcode"][:6], r["name"], r["longitude"], r["latitude"]) for r in csv.DictReader(f)]
    by_code = {code: (name, lon, lat) for code, name, lon, lat in rows}
    by_code.update({code: v for code, v in SUPPLEMENT.items() if code not in by_code})

    out = []
    for code, (name, lon, lat) in sorted(by_code.items()):
        if name == "市辖区":
            continue
        is_province = code.endswith("0000")
        in_gd = code.startswith(GUANGDONG)
        if not is_province and not in_gd:
            continue
        province_code = code[:2] + "0000"
        province = by_code[province_code][0]
        if is_province:
            level, prefecture_code, prefecture, county, ctype = "province", "", "", "", ""
        elif code.endswith("00"):
            level, prefecture_code, prefecture, county, ctype = "prefecture", code, name, "", ""
        else:
            prefecture_code = code[:4] + "00"
            level, prefecture, county, ctype = "county", by_code[prefecture_code][0], name, county_type(name)
        region = REGION_OF.get(prefecture, "") if in_gd else ""
        out.append({
            "adcode": code, "name": name, "admin_level": level, "county_type": ctype,
            "province_adcode": province_code, "province": province,
            "prefecture_adcode": prefecture_code, "prefecture": prefecture, "county": county,
            "region": region, "region_en": REGION_EN.get(region, ""),
            "longitude": lon, "latitude": lat,
        })

    gd = [r for r in out if r["province_adcode"] == "440000"]
    assert sum(r["admin_level"] == "prefecture" for r in gd) == 21, "Guangdong has 21 prefecture-level cities"
    assert sum(r["admin_level"] == "county" for r in gd) == 122, "Guangdong has 122 county-level units"
    assert all(r["region"] for r in gd if r["admin_level"] != "province"), "every Guangdong city has a region"
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]))
        w.writeheader()
        w.writerows(out)
    print(f"wrote {len(out)} rows ({len(gd)} in Guangdong) to {OUT}")


if __name__ == "__main__":
    main()
