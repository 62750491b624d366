"""Headcount: the department's own total posts (authorized) and people in post (actual)."""
from decimal import Decimal as D

import pytest

from ingest.extract import Context, extract_all
from ingest.normalize import normalize
from ingest.outline import Outline
from snippets import values


@pytest.mark.parametrize("text,expected", [
    # kinds and their total: the total
    ("本单位核定编制数为40人（其中行政编制18人，事业编制22人）。年末实有人数37人（行政17人，事业20人）。", (40, 37)),
    ("全局核定编制52名，其中行政编制20名、事业编制29名、工勤编制3名；实有人数50人，另有离退休人员12人。", (52, 50)),
    # the whole department before its 机关, whatever the order
    ("局机关核定行政编制12名，实有在职人员11人；全系统核定编制860名，实有在编人员845人。", (860, 845)),
    ("本部门核定编制300名；其中厅机关核定行政编制80名，实有76人。年末实有人数290人。", (300, 290)),
    ("本部门（含机关及所属事业单位）核定编制66名。年末在职人员60人。", (66, 60)),
    # a sub-unit's counts are not the department's
    ("委机关核定行政编制30名，实有28人；下属事业单位核定事业编制400名，实有380人。", (30, 28)),
    ("局机关核定编制25名，实有24人。直属的登记服务中心核定事业编制14名，实有12人。", (25, 24)),
    ("局机关核定编制25名，实有24人。县种子管理站核定编制9名，实有8人。", (25, 24)),
    # another year's counts are not this year's
    ("2023年末全镇核定编制40名；实有人数37人。2022年末实有人数为39人。", (40, 37)),
    ("上年末部门实有人数为51人。本年部门核定编制55名，实有人数50人（2022年末实有52人）。", (55, 50)),
    # people counted with the retired: the people in post
    ("人员编制共120人，其中行政编制20人。截至年底，实有人员150人，其中在职人员98人、离退休人员52人。", (120, 98)),
    # kinds without a total: the first kind; staff outside the posts are no count of either
    ("核定行政编制 15 名，实有 14 人；事业编制 10 名，实有 9 人。", (15, 14)),
    ("我局行政编制 11 名，2025 年末在职 11 人、工勤 1 人、政府雇员 1 人、合同制工作人员 5 人。", (11, 11)),
    ("单位编制数15人，实有人数14人。编外聘用人员6人。", (15, 14)),
    # people in post stated beside the chosen posts
    ("核定行政编制 9 名，现有干部职工 6 名。本年度在编人员共 12 人，核定编制数为 19 (含工勤) 人。", (19, 12)),
    ("核定政法专项编制33名，实有32人。", (33, 32)),
])
def test_department_posts_and_people(text, expected):
    got = values(text, "headcount", fiscal_year=2023)
    assert (got.get("authorized"), got.get("actual")) == tuple(D(v) for v in expected)


def test_a_count_that_opens_with_another_body_is_not_the_departments():
    norm = normalize("某某县农业农村局2023年度部门整体支出绩效自评报告\n"
                     "全局核定编制50名，实有45人。某某县农业技术推广中心核定编制20名，实有18人。")
    ctx = Context(norm, Outline(norm.text), fiscal_year=2023)
    got = {f.key: f.value for f in extract_all(ctx) if f.group == "headcount"}
    assert ctx.department and got == {"authorized": D(50), "actual": D(45)}


def test_the_department_itself_may_open_the_clause():
    norm = normalize("某某市文化馆2023年度部门整体支出绩效自评报告\n2023年，某某市文化馆事业编制核定数 30 名。实有事业人员 28 名。")
    ctx = Context(norm, Outline(norm.text), fiscal_year=2023)
    got = {f.key: f.value for f in extract_all(ctx) if f.group == "headcount"}
    assert got == {"authorized": D(30), "actual": D(28)}
