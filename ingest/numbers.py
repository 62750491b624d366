"""Numbers as reports write them: money in 元/万元/亿元, percentages, Chinese numerals.

Error policy: a string that is not a number gives None, never 0 — "—", "/", "无" where a
figure should be are "not stated", and only an explicit statement (无结转结余) makes a zero.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

# Arabic numbers with optional thousands separators (ASCII or full-width comma, the latter
# only between groups of exactly three digits so "5，10" in a list is not read as 510).
NUM = r"(?<![\d.])(?:\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点"
CN_NUM = rf"[{CN_DIGITS}]+"
# "5444.44万，" is money too; "9.5 万人次" is not: a bare 万/亿 must not be followed by a measure word.
MONEY_UNIT = r"(?:亿元|万元|千元|元|万(?![\u4e00-\u9fff])|亿(?![\u4e00-\u9fff]))"

MONEY_RE = re.compile(rf"(?P<num>{NUM}|{CN_NUM})\s*(?P<unit>{MONEY_UNIT})")
PERCENT_RE = re.compile(rf"(?P<num>-?{NUM})\s*%")

UNIT_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000),
               "万": Decimal(10000), "亿": Decimal(100000000)}


def parse_number(s: str) -> Decimal | None:
    """'12,054.87' → Decimal('12054.87'); Chinese numerals via cn2an; None if not a number."""
    s = s.strip().replace(",", "").replace("，", "")
    if not s:
        return None
    if s[0].isdigit() or (s[0] == "-" and s[1:2].isdigit()):
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    return _parse_chinese(s)


def _parse_chinese(s: str) -> Decimal | None:
    s = s.removeprefix("人民币").removesuffix("整")
    if not s or any(c not in CN_DIGITS for c in s):
        return None
    try:
        return Decimal(str(cn2an.cn2an(s, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


FEN = Decimal("0.01")


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Money in yuan, rounded to the fen (0.01) the way a ledger would. A figure too long to
    round within Decimal's precision is returned unrounded: no report means it, and the
    plausibility bounds turn it into a finding instead of a fact."""
    yuan = value * UNIT_FACTOR[unit]
    return yuan.quantize(FEN) if yuan.adjusted() < 24 else yuan


def plain(value: Decimal) -> int | float:
    """A JSON-friendly number: integers stay integers."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
