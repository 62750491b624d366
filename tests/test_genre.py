"""Recognising reports of the genre in every wording and layout, and who and when they are."""
from __future__ import annotations

import pytest

from ingest.genre import is_report
from ingest.normalize import normalize
from ingest.pipeline import NotAReportError, extract_bytes, to_answer
from ingest.places import resolve

BODY = ("一、部门基本情况\n本单位主要职责是负责全区农业农村工作。\n二、绩效自评结论\n"
        "本单位2023年度部门整体支出绩效自评得分为92分。\n")


def answer(text: str, name: str = "r.txt") -> dict:
    return to_answer(extract_bytes(name, text.encode("utf-8")))


@pytest.mark.parametrize("title", [
    "北京市海淀区农业农村局2023年度部门整体支出绩效自评报告",
    "北京市海淀区农业农村局2023年度部门整体支出绩效评价报告",
    "北京市海淀区农业农村局2023年度部门整体绩效自评表",
    "北京市海淀区农业农村局2023年度机关整体支出绩效自评报告",
    "北京市海淀区农业农村局2023年度部门（单位）整体支出绩效自评报告",
    "北京市海淀区农业农村局2023年整体和项目支出绩效自评总结报告",
])
def test_every_title_wording_names_the_department_and_year(title):
    a = answer(f"{title}\n{BODY}")
    assert a["department"] == "北京市海淀区农业农村局"
    assert a["fiscal_year"] == 2023


def test_title_over_two_lines_with_the_year_in_brackets_after_a_file_name_and_an_attachment_line():
    text = ("农业农村局自评.docx\n附件3：\n北京市海淀区农业农村局部门整体支出\n绩效自评报告\n（2023年度）\n" + BODY)
    a = answer(text)
    assert (a["department"], a["fiscal_year"]) == ("北京市海淀区农业农村局", 2023)


def test_web_chrome_before_the_title():
    text = ("首页 > 政务公开 > 财政预决算\n[ 索引号 ] 11110108/2024-00012\n[ 发布机构 ] 区农业农村局\n"
            "来源：区农业农村局 浏览量：120\n北京市海淀区农业农村局2023年度部门整体支出绩效自评报告\n" + BODY)
    a = answer(text)
    assert (a["department"], a["fiscal_year"]) == ("北京市海淀区农业农村局", 2023)


def test_municipality_district_has_no_prefecture():
    p = resolve("北京市海淀区农业农村局")
    assert (p.province, p.prefecture, p.county, p.admin_level) == ("北京市", None, "海淀区", "county")


def test_cover_sheet_gives_department_and_report_date():
    text = ("部门（单位）名称：北京市海淀区农业农村局\n预算编码：108\n评价方式：部门（单位）绩效自评\n"
            "报告日期：2024年3月5日\n北京市海淀区财政局制\n部门（单位）整体支出绩效自评报告\n（2023年度）\n" + BODY)
    a = answer(text)
    assert (a["department"], a["fiscal_year"], a["report_date"]) == ("北京市海淀区农业农村局", 2023, "2024-03-05")


def test_title_naming_only_a_place_takes_the_body_the_text_names():
    text = "温泉镇部门整体支出绩效自评报告\n一、基本情况\n温泉镇人民政府2023年度共有编制30名。\n" + BODY
    assert answer(text)["department"] == "温泉镇人民政府"


def test_fiscal_year_from_the_notice_when_no_title_states_it():
    text = ("根据《关于开展2023年度区级部门单位整体支出自我绩效评价的通知》要求，我局开展了自评。\n" + BODY)
    assert answer(text)["fiscal_year"] == 2023


def test_traditional_characters_are_read_as_simplified_with_offsets_kept():
    trad = "部門（單位）名稱：北京市海淀區農業農村局\n報告日期：2024年3月5日\n一、部門基本情況\n績效自評得分為92分。"
    norm = normalize(trad)
    assert "部门（单位）名称" in norm.text and len(norm.orig) == len(norm.text)
    a = answer(trad)
    assert a["department"] == "北京市海淀区农业农村局"
    assert a["report_date"] == "2024-03-05"


def test_an_excerpt_without_its_title_is_a_report_with_status_partial():
    text = ("一、部门基本情况\n（一）部门概况\n本部门共有编制20名。\n（二）部门预决算情况\n"
            "年初预算120万元，基本支出100万元，项目支出20万元。")
    assert is_report(normalize(text).text)
    assert extract_bytes("x.txt", text.encode()).status == "partial"


def test_a_text_with_nothing_of_the_genre_is_not_a_report():
    with pytest.raises(NotAReportError):
        extract_bytes("menu.txt", "今日菜单：米饭、青菜、豆腐汤。欢迎光临本店。".encode())
