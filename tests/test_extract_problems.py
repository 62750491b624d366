from snippets import items

from ingest.taxonomy import CATEGORIES, classify


def _problems(text):
    return [(p["text"], p["category"]) for p in items(text, "problems")]


def test_sentences_are_problems_and_consequences_stay_with_their_cause():
    text = ("（四）存在问题\n绩效目标设置的科学性有待提升，部分指标量化程度不足，可衡量性偏弱。动态监控机制运行不够灵敏，"
            "对项目实施过程中的偏差预警和及时纠偏作用发挥不充分。个别项目资金执行进度与工作任务完成进度存在不匹配现象，"
            "影响了财政资源配置效率和使用效益。\n（五）改进措施\n进一步健全绩效指标体系。")
    assert _problems(text) == [
        ("绩效目标设置的科学性有待提升，部分指标量化程度不足，可衡量性偏弱", "目标设置"),
        ("动态监控机制运行不够灵敏，对项目实施过程中的偏差预警和及时纠偏作用发挥不充分", "绩效监控"),
        ("个别项目资金执行进度与工作任务完成进度存在不匹配现象，影响了财政资源配置效率和使用效益", "预算执行")]


def test_a_sentence_about_two_categories_is_two_problems():
    text = ("（四）存在问题提出改进措施\n1.存在问题。个别绩效指标设置不够科学合理，存在指标不够清晰，绩效评价专业性有待加强。\n"
            "2.改进意见。一是加强培训。")
    assert _problems(text) == [("个别绩效指标设置不够科学合理，存在指标不够清晰", "目标设置"),
                               ("绩效评价专业性有待加强", "能力建设")]


def test_enumerated_items_are_one_problem_each_without_the_intro():
    text = ("三、存在的主要问题\n我局在部门整体支出方面还存在一些问题，表现在：一是绩效结果运用还不到位，未建立完善绩效评价结果"
            "与本单位预算编制相挂钩工作机制。二是采购管理方面执行不够严格，个别合同未在规定时限内签订合同。\n四、下一步改进措施\n一是加大力度。")
    assert _problems(text) == [
        ("绩效结果运用还不到位，未建立完善绩效评价结果与本单位预算编制相挂钩工作机制", "结果应用"),
        ("采购管理方面执行不够严格，个别合同未在规定时限内签订合同", "政府采购")]


def test_numbered_sub_headings_are_one_problem_each():
    text = ("五、存在的问题\n（一）预算编制不够精准，年中追加调整较多。\n（二）固定资产管理不够规范，部分资产未及时入账。\n"
            "（三）财务人员业务培训不足。\n六、改进措施\n加强管理。")
    assert [c for _, c in _problems(text)] == ["预算编制", "资产管理", "能力建设"]


def test_no_problems_stated_gives_none():
    assert _problems("四、存在问题\n无。\n五、改进措施\n无。") == []


def test_problem_words_outside_a_problems_section_are_not_problems():
    assert _problems("3.信息公开。我局已按规定公开预决算信息，检查中未发现存在问题。") == []


def test_every_category_has_a_phrase_that_reaches_it():
    samples = {"目标设置": "绩效目标设置不够明确", "绩效监控": "绩效运行监控不到位", "预算执行": "预算执行进度偏慢",
               "预算编制": "预算编制不够精准", "结果应用": "评价结果应用不充分", "政府采购": "政府采购合同备案不及时",
               "资产管理": "固定资产盘点不及时", "财务管理": "会计核算不够规范", "能力建设": "绩效管理专业人员不足",
               "项目管理": "项目验收不及时", "信息公开": "绩效信息公开不及时", "其他": "天气原因"}
    assert set(samples) == set(CATEGORIES)
    for cat, text in samples.items():
        assert classify(text) == cat, text


def test_mixed_problems_and_remedies_heading_without_sub_headings():
    text = "四、存在的问题及改进措施\n存在问题：一是项目验收不及时。二是资产盘点不到位。\n五、其他说明\n无。"
    assert [c for _, c in _problems(text)] == ["项目管理", "资产管理"]


def test_problems_and_causes_heading_takes_its_problems_sub_heading():
    text = ("七、存在的问题及原因分析\n（一）存在的问题\n1.预算编制不够精准，年中追加较多。\n2.绩效目标设置不够细化。\n"
            "（二）原因分析\n一是前期论证不充分。\n八、下一步改进措施\n加强管理。")
    assert [c for _, c in _problems(text)] == ["预算编制", "目标设置"]


def test_remedies_in_the_same_section_are_not_problems():
    text = ("四、存在问题及改进措施\n一是预算执行进度偏慢。二是资产台账不够完善。针对上述问题，我局将加快支出进度，"
            "一是加强预算执行管理。二是完善资产台账。\n五、其他")
    assert [c for _, c in _problems(text)] == ["预算执行", "资产管理"]


def test_causes_under_each_problem_are_not_problems():
    text = ("五、主要问题及原因分析\n（一）预算编制不够精准，年中追加较多。原因：部分上级资金年初未能明确。\n"
            "（二）绩效目标不够细化。原因：对目标编制要求理解不深。\n六、改进措施\n加强预算编制。")
    assert [t for t, _ in _problems(text)] == ["预算编制不够精准，年中追加较多", "绩效目标不够细化"]


def test_a_causes_paragraph_after_the_items_is_not_a_problem():
    text = ("四、存在的问题\n1.资产管理不够规范，账实不完全相符。\n2.绩效目标设置偏高，年度目标未能全部完成。\n"
            "原因分析：资产管理员由他人兼任；目标设定时估计不足。\n五、改进措施\n加强管理。")
    assert [t for t, _ in _problems(text)] == ["资产管理不够规范，账实不完全相符", "绩效目标设置偏高，年度目标未能全部完成"]


def test_last_years_rectified_problems_are_not_problems():
    text = ("四、上年度绩效评价问题整改情况\n上年度指出的预算执行偏慢问题已整改完毕。\n"
            "五、存在的不足\n一是政府采购合同备案不及时；二是固定资产盘点不及时。\n六、下一步工作计划\n加强管理。")
    assert [c for _, c in _problems(text)] == ["政府采购", "资产管理"]


def test_a_heading_that_only_mentions_a_problem_is_no_problems_section():
    text = ("一、部门职责\n（1）组织法律政策具体应用问题的研究；组织开展理论研究工作。\n（2）负责本院检务保障工作。\n"
            "二、存在的问题及原因分析\n一是绩效目标不够细化；二是资产盘点不及时。")
    assert [c for _, c in _problems(text)] == ["目标设置", "资产管理"]
