import unicodedata

from ingest.normalize import normalize


def _same_source(doc: str, n) -> bool:
    """Every normalised character comes from the document character its map names."""
    for i, c in enumerate(n.text):
        src = doc[n.orig[i]]
        if c in "\n " or c in "≤≥%":
            continue
        if unicodedata.normalize("NFKC", src) != c and src != c:
            return False
    return True


def test_full_width_digits_and_percent_become_ascii():
    doc = "资金支出率为１０１．８５％。"
    n = normalize(doc)
    assert n.text == "资金支出率为101.85%。"
    assert _same_source(doc, n)


def test_latex_artefacts_become_symbols():
    n = normalize("核定编制数为 19 人,比率 $\\leq 100\\%$ 。")
    assert "≤100%" in n.text and "$" not in n.text and "\\" not in n.text


def test_number_broken_across_lines_is_joined():
    doc = "本年收入为529.51万元，其中：一般公共预算财政拨款收入\n\n433.92 万元，政府性基金预算财政拨款收入 94.18 万元。"
    n = normalize(doc)
    assert "一般公共预算财政拨款收入433.92 万元" in n.text
    assert "\n" not in n.text


def test_pdf_wrapped_lines_join_but_headings_stay_apart():
    doc = ("（一）部门职能\n\n江门市政务服务数据管理局(以下简称市政数局)于 2019年 1\n\n"
           "月 9 日正式挂牌成立，属市政府组成部门。市政数局贯彻落实党\n\n"
           "中央关于政务服务、公共资源交易和数据管理工作的方针政策和\n\n"
           "决策部署，按照省委、市委工作要求，在履行职责过程中坚持和\n\n"
           "加强党对政务服务、公共资源交易和数据管理工作的集中统一领\n\n导。\n\n（二）年度工作\n\n2023 年，学习贯彻。")
    n = normalize(doc)
    lines = n.text.split("\n")
    assert lines[0] == "（一）部门职能"
    assert "2019年 1月 9 日正式挂牌成立" in lines[1]
    assert "贯彻落实党中央关于" in lines[1]
    assert lines[2] == "（二）年度工作"


def test_word_broken_at_page_break_is_joined():
    doc = ("5. 构建运营运维体系。督促新型智慧城市项目总承包单位加快国产化替换、第三方验收测评等问题整改，谋划设立新型智慧城"
           "\n\n市运营中心，建立健全新型智慧城市运营流程。")
    assert "新型智慧城市运营中心" in normalize(doc).text


def test_page_numbers_and_running_headers_are_dropped():
    body = "本单位严格执行预算，各项支出符合规定，资金使用效益良好，未发现违规使用资金的情况，支出进度符合要求"
    pages = [f"某某局整体支出绩效自评报告\n{body}。\n- {i} -" for i in range(1, 5)]
    n = normalize("\f".join(pages))
    assert "- 2 -" not in n.text and "某某局整体支出绩效自评报告" not in n.text
    assert n.text.count(body) == 4


def test_pages_follow_form_feeds():
    n = normalize("第一页的内容。\f第二页的内容。\f第三页的内容。")
    assert n.page_at(n.text.index("第二页")) == 2
    assert n.page_at(n.text.index("第三页")) == 3
    assert normalize("没有分页的文本。").page_at(0) is None


def test_stray_spaces_inside_chinese_are_removed_but_not_in_table_rows():
    n = normalize("填 报 人：张三\n\n部门整体支出绩效 自评报告\n\n18 安全培训 至少一次 1 100%")
    assert "填报人：张三" in n.text and "绩效自评报告" in n.text
    assert "18 安全培训 至少一次 1 100%" in n.text


def test_table_rows_stay_one_per_line():
    doc = "7 舆情监控 100% 100% 100%\n\n8 档案归档率 100% 100% 100%\n\n9 政策文件未解读率 <5% 0% 100%"
    assert normalize(doc).text.split("\n") == doc.split("\n\n")


def test_offsets_map_back_to_the_document():
    doc = "一、基本情况\n\n本年收入为 529.51 万元，支出为\n\n539.33 万元。\n\n填 报 日 期：２０２６年６月２５日"
    n = normalize(doc)
    assert len(n.orig) == len(n.text)
    assert _same_source(doc, n)
