from ingest.normalize import normalize
from ingest.outline import Outline

DOC = """部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
负责统筹推进全市政务服务体系建设。
（二）部门整体收支情况
1. 部门整体收入。
2024 年度总收入决算数 285.53 万元。
（1）预算编制合理性（5 分）。
自评得分 5 分。
① 夯实政务服务事项管理。
二、存在问题
绩效目标设置不够科学。
三、改进措施
加强绩效目标管理。"""


def test_headings_of_every_marker_style_nest():
    o = Outline(normalize(DOC).text)
    kinds = [(h.kind, h.title, h.depth) for h in o.headings]
    assert ("cn", "部门基本情况", 1) in kinds
    assert ("pcn", "部门职能", 2) in kinds
    assert ("num", "部门整体收入", 3) in kinds
    assert ("pnum", "预算编制合理性（5 分）", 4) in kinds
    assert ("circ", "夯实政务服务事项管理", 5) in kinds
    assert ("cn", "存在问题", 1) in kinds


def test_section_of_an_offset_is_its_heading_path():
    text = normalize(DOC).text
    o = Outline(text)
    assert o.section_at(text.index("285.53")) == "部门基本情况 > 部门整体收支情况 > 部门整体收入"
    assert o.section_at(text.index("绩效目标设置")) == "存在问题"


def test_a_style_seen_before_closes_the_deeper_levels():
    text = normalize("一、甲\n（一）乙\n1. 丙\n（二）丁\n正文内容在这里。").text
    o = Outline(text)
    assert o.section_at(text.index("正文")) == "甲 > 丁"


def test_unnumbered_heading_before_body_text_is_a_section():
    text = normalize("单位基本情况\n负责统筹推进全市政务服务体系建设，组织推进政务服务标准化、规范化。").text
    assert Outline(text).headings[0].title == "单位基本情况"


def test_subtree_and_children():
    text = normalize(DOC).text
    o = Outline(text)
    top = o.headings[1]
    assert top.title == "部门基本情况"
    assert [c.title for c in o.children(top)] == ["部门职能", "部门整体收支情况"]
    assert text[o.subtree_end(top):].startswith("二、存在问题")
