from decimal import Decimal

import pytest

from ingest.numbers import MONEY_RE, PERCENT_RE, parse_number, plain, to_yuan


@pytest.mark.parametrize("text,value", [
    ("12,054.87", Decimal("12054.87")),
    ("12，054.87", Decimal("12054.87")),
    ("5454.98", Decimal("5454.98")),
    ("0.0693", Decimal("0.0693")),
    ("一万二千零五十四点八七", Decimal("12054.87")),
    ("壹万贰仟", Decimal("12000")),
    ("人民币壹万贰仟元整".removesuffix("元整") + "整", Decimal("12000")),
])
def test_parse_number_reads_separators_and_chinese_numerals(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["—", "/", "无", "", "  ", "abc"])
def test_parse_number_gives_none_for_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,yuan", [
    ("本年收入为 529.51 万元", Decimal("5295100.00")),
    ("总支出 12,054.87 万元", Decimal("120548700.00")),
    ("累计完成投资 2.7961 亿元", Decimal("279610000.00")),
    ("支出数是54941612.82元", Decimal("54941612.82")),
    ("决算数为 0.0693 万元", Decimal("693.00")),
    ("预算数为三万五千五百元", Decimal("35500.00")),
])
def test_money_in_any_unit_becomes_yuan(text, yuan):
    m = MONEY_RE.search(text)
    assert m is not None
    assert to_yuan(parse_number(m.group("num")), m.group("unit")) == yuan


def test_percent_keeps_decimals_and_sign():
    assert [m.group("num") for m in PERCENT_RE.finditer("支出率为 58.48%，减少 -3.5 %")] == ["58.48", "-3.5"]


def test_plain_keeps_integers_integral():
    assert plain(Decimal("100.00")) == 100 and isinstance(plain(Decimal("100.00")), int)
    assert plain(Decimal("97.5")) == 97.5
