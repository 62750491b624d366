"""The sections of a report, each with several wordings, drawn per report.

Sections may be left out or reordered; a fact is stated only where its sentence is
written, so the answer follows whatever the draw produced.
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING

from generate import labels, wording
from generate.facts import leaves, node_rows
from generate.places import county_label
from generate.problems import HEADINGS, NONE_STATEMENTS

if TYPE_CHECKING:
    from generate.writer import Writer

GRADE_WORDS = {"优": ("优", "优", "优秀"), "良": ("良", "良", "良好"), "中": ("中", "中等"), "差": ("差", "较差")}


def _pick(rng: random.Random, *options):
    return rng.choice(options)


def _level_word(w: Writer) -> str:
    return {"province": "省级", "prefecture": "市级", "county": _pick(w.rng, "县级", "区级", "市级", ""),
            "town": ""}[w.f.place.admin_level]


def _finance_bureau(w: Writer) -> tuple[str, str]:
    """The finance department that called for the evaluation, and its document abbreviation."""
    pl = w.f.place
    if pl.admin_level == "province":
        return pl.province + "财政厅", pl.province[0] + "财绩"
    if pl.admin_level == "prefecture" or (pl.admin_level == "town" and not pl.county):
        return pl.prefecture + "财政局", pl.prefecture[0] + "财绩"
    return county_label(pl) + "财政局", pl.county[0] + "财绩"


def _year(w: Writer, y: int, suffix: str = "年") -> str:
    return f"{y}{w.style.num_space}{suffix}"


# ---- header and introduction -------------------------------------------------------------

def header(w: Writer) -> None:
    f, rng = w.f, w.rng
    fy = f.fiscal_year
    date_in_header = f.report_date is not None and rng.random() < 0.6
    form = rng.randint(0, 4)
    if form == 0:
        w.title(f"{_year(w, fy, '年度')}{f.department}")
        w.title(_pick(rng, "部门整体支出绩效自评报告", "整体支出绩效自评报告", "部门整体支出绩效自评报告"))
    elif form == 1:
        w.title(_pick(rng, "部门整体支出绩效自评报告", "整体绩效自评报告"))
        w.meta(f"评价年度：{_year(w, fy, _pick(rng, '年', '年度'))}")
        w.meta(f"{_pick(rng, '评价单位（公章）', '评价单位', '预算部门（公章）')}：{f.department}")
    elif form == 2:
        w.title(f"{_year(w, fy, '年度')}部门整体支出绩效{_pick(rng, '', ' ')}自评报告")
        w.meta(f"{_pick(rng, '部门名称', '单位名称')}：{f.department}")
        w.meta(f"单位负责人：{wording.person(rng)}")
        w.meta(f"填 报 人：{wording.person(rng)}")
        w.meta(f"联系电话：0{rng.randint(750, 769)}-{rng.randint(2000000, 8999999)}")
    elif form == 3:
        w.title("部门整体支出绩效自评报告")
        w.title(f"（{_year(w, fy)}）")
        w.meta(f"预算部门：{f.department}")
    else:
        w.title(f"{f.department}{_year(w, fy, '年度')}部门整体支出绩效自评报告")
    if date_in_header:
        y, m, d = f.report_date
        w.meta(f"{_pick(rng, '填报日期', '填报时间', '报送日期')}：{_year(w, y)}{w.num(m)}月{w.num(d)}日")
        w.date_stated = True


def intro(w: Writer) -> None:
    f, rng = w.f, w.rng
    bureau, abbr = _finance_bureau(w)
    notice = (f"《{bureau}关于开展{_year(w, f.fiscal_year + 1)}{_level_word(w)}财政资金绩效自评工作的通知》"
              f"（{abbr}〔{f.fiscal_year + 1}〕{f.notice_no}号）")
    opening = _pick(rng, f"根据{notice}要求", f"按照{notice}文件精神",
                    f"为进一步加强财政资金管理，提高资金使用效益，根据{notice}要求")
    body = _pick(rng,
                 f"，{w.self_ref}及时布置自评，成立自评工作小组，明确分工，落实责任，认真开展自评自查工作，"
                 "经查阅、核实有关账务及项目等执行情况，填写自评表格并综合分析，形成本评价报告。",
                 f"，{w.self_ref}对照部门整体支出绩效评价指标体系，认真组织开展了部门整体支出绩效自评工作。",
                 "，结合部门职能和年度重点工作，对部门整体支出情况开展了绩效自评。")
    tail = _pick(rng, f"现将{_year(w, f.fiscal_year, '年度')}{f.department}整体支出绩效自评情况报告如下：",
                 "现将有关情况报告如下：", "具体情况如下：", "")
    w.p(opening + body + tail)


# ---- basic information -------------------------------------------------------------------

def duties(w: Writer) -> None:
    rng, kind = w.rng, w.f.kind
    items = rng.sample(kind.duties, k=min(len(kind.duties), rng.randint(3, len(kind.duties))))
    w.h(1, _pick(rng, "部门职能", "单位机构设置、部门职能情况", "主要职能", "部门主要职责"))
    intro_line = _pick(rng, f"{w.f.department}是{_pick(rng, '本级政府工作部门', '政府组成部门', '一级预算单位')}，"
                            f"内设{rng.randint(3, 12)}个{_pick(rng, '股室', '科室', '内设机构')}。", "")
    if "政务服务和数据管理局" in w.f.department and rng.random() < 0.4:
        # The answer keeps the newest name, as docs/facts.md asks.
        old_name = w.f.department.replace("政务服务和数据管理局", "政务服务数据管理局")
        intro_line += (f"{_year(w, w.f.fiscal_year)}，根据机构改革方案，{w.self_ref}名称由原{old_name}"
                       f"变更为{w.f.department}。")
    if rng.random() < 0.5:
        w.p(intro_line + "主要职责是：" + "；".join(items) + "。")
    else:
        w.p(intro_line + "主要职责有：")
        for i, item in enumerate(items, 1):
            w.p(f"{i}.{item}。")


def staffing(w: Writer) -> None:
    rng = w.rng
    posts, people = (labels.pick(w.word_rng, "headcount", key, "any") for key in ("authorized", "actual"))
    w.h(1, _pick(rng, "人员情况", "机构设置及人员编制情况", "部门人员编制构成"))
    form = rng.randint(0, 5)
    if form == 0:
        s = f"{w.self_ref}核定行政编制{w.heads('authorized')}名，实有人数{w.heads('actual')}人"
    elif form == 1:
        s = f"{w.self_ref}{posts}{w.heads('authorized')}人，{_year(w, w.f.fiscal_year)}末{people}{w.heads('actual')}人"
    elif form == 2:
        s = f"{posts}{w.heads('authorized')}名，年末{people}{w.heads('actual')}人"
    elif form == 3:
        s = f"年末{people}{w.heads('actual')}人（{posts}{w.heads('authorized')}人）"
    elif form == 4:
        s = f"{w.self_ref}现有在职在编人员{w.heads('actual')}人，核定编制{w.heads('authorized')}个"
    else:
        s = f"编制人数{w.heads('authorized')}人，实有人数{w.heads('actual')}人，无超编情况"
    # staff outside the posts, in the lexicon's words for them (no fact key: not posts nor people in post)
    for kind, key in (("service", "service_workers"), ("contract", "contract_staff")):
        if key in w.f.headcount:
            s += f"，{labels.pick(rng, 'headcount', '', kind)}{w.heads(key)}人"
    retired = rng.randint(0, 40)
    if rng.random() < 0.3:
        s += f"；另有离退休人员{retired}人"
    w.p(s + "。")


def tasks(w: Writer) -> None:
    rng, kind = w.rng, w.f.kind
    w.h(1, _pick(rng, "年度总体工作和重点工作任务", "年度主要工作任务", "部门整体支出绩效目标及任务"))
    region = w.f.place.county or w.f.place.prefecture or w.f.place.province
    as_headings = rng.random() < 0.5
    for i, item in enumerate(rng.sample(kind.works, k=min(len(kind.works), rng.randint(2, 5))), 1):
        detail = wording.work_sentence(rng, kind, region, item)
        if as_headings:
            w.h(2, f"{item}。", detail)
        else:
            w.p(f"{cn_ordinal(i)}是{item}。" + detail)


def cn_ordinal(i: int) -> str:
    return "一二三四五六七八九十"[min(i, 10) - 1]


def goals(w: Writer) -> None:
    rng, kind = w.rng, w.f.kind
    w.h(1, _pick(rng, "部门整体支出绩效目标", "预期部门整体支出绩效目标情况", "绩效目标"))
    lines = [f"{item}{_pick(rng, '', '工作', '，确保取得实效')}" for item in rng.sample(kind.works, k=min(3, len(kind.works)))]
    lines.append(_pick(rng, "完成上级下达的各项工作任务", "保障机关正常运转", "确保各项重点工作按时保质完成"))
    for i, line in enumerate(lines, 1):
        w.p(f"{i}.{line}。")


def _change(w: Writer, key: str) -> str:
    value = w.f.rates[key]
    if w.rng.random() < 0.15:
        return f"{_pick(w.rng, '增减', '变动率为', '增幅为')}{w.rate(key, signed=True)}"
    up = _pick(w.rng, "增加", "增长", "上升") if value >= 0 else _pick(w.rng, "减少", "下降")
    return f"{up}{w.rate(key)}"


def income(w: Writer) -> str:
    rng, m = w.rng, w.f.money
    fy = _year(w, w.f.fiscal_year)
    form = rng.randint(0, 4)
    parts = [(k, labels.pick(rng, "amount", k)) for k in ("income_general_budget", "income_gov_fund", "income_other")]
    stated = [] if form >= 3 else [f"{label}{_pick(rng, '', ' ')}{w.money(k)}" for k, label in parts if m[k] > 0]
    if form == 0:
        s = f"本年收入为{w.money('income_total')}，其中：" + "，".join(stated) + "。"
    elif form == 1:
        s = f"{fy}度总收入决算数{w.money('income_total')}，其中" + "，".join(stated)
        if rng.random() < 0.7:
            s += (f"，上年总收入决算数为{w.money('income_prior_year')}，与上年度相比，收入决算数"
                  f"{_change(w, 'income_change_rate')}，主要原因是"
                  f"{_pick(rng, '本年度项目经费减少', '上级转移支付资金增加', '人员经费增加', '专项资金下达减少')}")
        s += "。"
    elif form == 2:
        s = f"{w.f.department}{fy}收入合计{w.money('income_total')}。" + "；".join(stated) + "。"
    elif form == 4 and m["income_gov_fund"]:
        # 财政拨款收入 = general + fund is no key of the answer; the parts are.
        subtotal = m["income_general_budget"] + m["income_gov_fund"]
        s = (f"{fy}收入总计{w.money('income_total')}，其中：财政拨款收入{w.plain_money(subtotal, w.unit_for(None, subtotal))}"
             f"（一般公共预算{w.money('income_general_budget')}，政府性基金{w.money('income_gov_fund')}）")
        s += f"；其他收入{w.money('income_other')}。" if m["income_other"] else "。"
    else:
        s = f"{fy}度收入数为{w.money('income_total')}。"
    return s


def expenditure(w: Writer) -> str:
    rng, m = w.rng, w.f.money
    fy = _year(w, w.f.fiscal_year)
    carry = ""
    if rng.random() < 0.6 and m["carryover"]:
        carry = f"；年末{_pick(rng, '结转', '结转和结余', '结转结余')}{w.money('carryover')}"
    elif not m["carryover"] and rng.random() < 0.6:
        carry = "，" + w.zero("carryover", "年末无结转和结余")
    form = rng.randint(0, 4)
    basic_split = (f"，包括人员经费{_pick(rng, '支出', '')}{w.money('expenditure_personnel')}、"
                   f"{_pick(rng, '日常公用经费', '公用经费')}{w.money('expenditure_public')}") if rng.random() < 0.6 else ""
    if form == 0:
        s = (f"本年支出为{w.money('expenditure_total')}，其中：基本支出{w.money('expenditure_basic')}{basic_split}；"
             f"项目支出{w.money('expenditure_project')}{carry}。")
    elif form == 1:
        s = (f"{fy}度总支出决算数{w.money('expenditure_total')}，其中基本支出{w.money('expenditure_basic')}{basic_split}，"
             f"项目支出{w.money('expenditure_project')}{carry}")
        if rng.random() < 0.6:
            s += (f"，上年总支出决算数为{w.money('expenditure_prior_year')}，与上年度相比，支出决算数"
                  f"{_change(w, 'expenditure_change_rate')}")
        s += "。"
    elif form == 2:
        e = m["expenditure_total"]
        share_b = round(m["expenditure_basic"] / e * 100, 2)
        share_p = round(100 - share_b, 2)
        s = (f"{w.f.department}{fy}支出数是{w.money('expenditure_total')}，其中基本支出{w.money('expenditure_basic')}"
             f"（占{share_b:g}%），项目支出{w.money('expenditure_project')}（占{share_p:g}%）{carry}。")
        if basic_split and rng.random() < 0.5:
            s += (f"基本支出中，人员经费{w.money('expenditure_personnel')}，"
                  f"公用经费{w.money('expenditure_public')}。")
    elif form == 4:
        s = (f"支出合计{w.money('expenditure_total')}，其中：人员经费{w.money('expenditure_personnel')}，"
             f"公用经费{w.money('expenditure_public')}，项目支出{w.money('expenditure_project')}{carry}。")
    else:
        s = f"全年支出{w.money('expenditure_total')}{carry}。"
    return s


def econ(w: Writer) -> str:
    rng, m = w.rng, w.f.money
    e = m["expenditure_total"]
    parts = [("econ_wages_welfare", "工资福利支出"), ("econ_goods_services", "商品和服务支出"),
             ("econ_household_subsidies", "对个人和家庭的补助"), ("econ_capital", "资本性支出")]
    items = []
    for k, label in parts:
        if m[k] == 0 and rng.random() < 0.5:
            continue
        share = f"，占总支出的{m[k] / e * 100:.2f}%" if rng.random() < 0.6 else ""
        items.append(f"{label}{w.money(k)}{share}")
    lead = _pick(rng, f"{_year(w, w.f.fiscal_year)}部门决算总支出{w.money('expenditure_total')}，其中：",
                 "按支出经济分类，", "从经济分类看，")
    return lead + "；".join(items) + "。"


def money_table(w: Writer) -> None:
    rng, m = w.rng, w.f.money
    unit = "元" if w.f.unit_profile == "yuan" or any(m[k] % 100 for k in m) else "万元"
    rows = [["本年收入合计", w.money("income_total", unit, bare=True)]]
    for k, label in (("income_general_budget", "一般公共预算财政拨款收入"), ("income_gov_fund", "政府性基金预算财政拨款收入"),
                     ("income_other", "其他收入")):
        if m[k]:
            rows.append([label, w.money(k, unit, bare=True)])
    rows += [["本年支出合计", w.money("expenditure_total", unit, bare=True)],
             ["基本支出", w.money("expenditure_basic", unit, bare=True)]]
    if rng.random() < 0.6:
        rows += [["其中：人员经费", w.money("expenditure_personnel", unit, bare=True)],
                 ["公用经费", w.money("expenditure_public", unit, bare=True)]]
    rows.append(["项目支出", w.money("expenditure_project", unit, bare=True)])
    if rng.random() < 0.5:
        rows.append(["年末结转和结余", w.money("carryover", unit, bare=True)])
    w.table(f"表{rng.randint(1, 2)} {_year(w, w.f.fiscal_year)}度收支决算情况表", f"单位：{unit}", ["项目", "金额"], rows)


def finances(w: Writer) -> None:
    rng = w.rng
    w.h(1, _pick(rng, "部门整体收支情况", "部门整体支出情况", "部门整体收支情况（以决算数为统计口径）", "部门预算收支情况"))
    if rng.random() < 0.15:
        w.p("部门整体收支情况如下表所示。")
        money_table(w)
        return
    text = ""
    if rng.random() < 0.8:
        text += income(w)
    text += expenditure(w) if rng.random() < 0.9 else ""
    if rng.random() < 0.25:
        text += econ(w)
    w.p(text)


def basic_info(w: Writer) -> None:
    w.h(0, _pick(w.rng, "部门基本情况", "单位基本情况", "部门概况", "基本情况", "部门的基本情况"))
    parts = [duties, staffing, tasks, goals, finances]
    keep = [p for p in parts if p is finances or w.rng.random() < 0.75]
    if finances in keep and w.rng.random() < 0.15:
        keep.remove(finances)
    for part in keep:
        part(w)


# ---- self-evaluation work ----------------------------------------------------------------

def evaluation_work(w: Writer) -> None:
    rng = w.rng
    w.h(0, _pick(rng, "自评工作开展情况", "绩效自评工作开展情况", "自评组织实施情况"))
    w.h(1, _pick(rng, "评价小组情况", "成立自评工作小组"))
    w.p(f"成立部门整体支出绩效自评工作小组，由{_pick(rng, '分管领导', '副局长', '主要负责同志')}{wording.person(rng)}任组长，"
        f"{_pick(rng, '财务负责人', '办公室主任')}{wording.person(rng)}、业务人员{wording.person(rng)}为小组成员，"
        "负责自评资料的收集、整理、分析和报送。")
    w.h(1, _pick(rng, "自评工作过程", "自评实施过程"))
    steps = ["前期准备：明确自评范围、内容和时间安排", "组织实施：收集查阅与评价相关的政策及财务资料，核实预算执行情况",
             "分析评价：对照评价指标体系与标准，逐项分析打分", "形成结论：撰写自评报告并按时报送"]
    for s in steps[: rng.randint(2, 4)]:
        w.p(f"{s}。")
    if rng.random() < 0.5:
        w.h(1, "自评材料报送时间及质量")
        w.p(f"{w.self_ref}按时按质完成自评材料的报送工作，并对所报送自评材料真实性、完整性、一致性、规范性负责。")


# ---- self score and indicators -----------------------------------------------------------

def score_sentence(w: Writer) -> str:
    rng, f = w.rng, w.f
    if f.self_score is None or rng.random() < 0.15:
        return ""
    sc = f"{f.self_score:g}"
    w.score_stated = True
    body = _pick(rng,
                 f"{w.self_ref}{_year(w, f.fiscal_year, '年度')}部门整体支出绩效自评得分为{_pick(rng, '：', '')}{sc}{w.style.num_space}分",
                 f"根据部门整体支出绩效评价指标体系，{w.self_ref}年度评价得分为{sc}分",
                 f"经综合评定，自评总分为{sc}{w.style.num_space}分",
                 f"{w.self_ref}{_year(w, f.fiscal_year)}整体支出绩效自评结果为{w.style.num_space}{sc}{w.style.num_space}分",
                 f"综合考量，{w.self_ref}部门整体支出绩效自评得分为{sc}分",
                 f"部门整体支出绩效评价满分100分，{w.self_ref}自评得分{sc}{w.style.num_space}分")
    if rng.random() < 0.55:
        word = rng.choice(GRADE_WORDS[f.grade])
        w.grade_stated = True
        body += _pick(rng, f"，绩效等级为{w.q(word)}", f"，评价等级为{word}", f"，自评等级为{w.q(word)}",
                      f"，等级为{word}")
    return body + "。"


def results(w: Writer) -> None:
    rng = w.rng
    w.h(0, _pick(rng, "绩效自评结论", "自评结论", "绩效自评情况", "部门整体支出绩效自评结果"))
    if rng.random() < 0.6:
        w.h(1, _pick(rng, "自评结果", "自评结论", "总体评价"))
    filler = _pick(rng, f"{_year(w, w.f.fiscal_year, '年度')}{w.self_ref}部门整体支出绩效目标全部实现，充分履行部门职能职责。",
                   "各项目实施均达到预期效果，部门整体工作的实施取得较好的效益。",
                   f"{w.self_ref}各科室积极履职，强化管理，较好地完成了年度工作目标。")
    w.p(filler + score_sentence(w) + rng.choice(wording.GOOD_MGMT) + "。")


def _explain(w: Writer, name: str) -> str:
    """What a report says under an indicator; some indicators carry facts of the answer."""
    rng, m = w.rng, w.f.money
    if name in ("部门预算资金支出率", "预算完成率"):
        form = rng.randint(0, 3)
        if form == 0:
            return (f"{w.self_ref}全年预算数{w.money('budget_total')}，执行数{w.money('budget_executed')}，"
                    f"完成预算的{w.rate('budget_execution_rate')}。")
        if form == 1:
            return (f"全年调整后预算{w.money('budget_total')}，实际支出{w.money('budget_executed')}，"
                    f"预算执行率为{w.rate('budget_execution_rate')}。")
        if form == 2:
            return f"{w.self_ref}{_year(w, w.f.fiscal_year)}预算执行率{w.rate('budget_execution_rate')}。"
        return f"全年预算资金支出率为{w.rate('budget_execution_rate')}。"
    if name == "结转结余率":
        if m["carryover"] == 0:
            if rng.random() < 0.5:
                return w.zero("carryover", "年末无结转结余") + "。"
            return _pick(rng, f"本年度结转结余率为{w.rate('carryover_rate')}。",
                     f"结转结余率{w.rate('carryover_rate')}，结转结余资金控制在合理范围内。")
        return _pick(rng, f"本年度结转结余率为{w.rate('carryover_rate')}。",
                     f"结转结余率{w.rate('carryover_rate')}，结转结余资金控制在合理范围内。")
    if name == "政府采购执行率":
        if rng.random() < 0.5:
            return (f"{_year(w, w.f.fiscal_year)}{w.self_ref}政府采购预算{w.money('procurement_budget')}，"
                    f"决算支出{w.money('procurement_actual')}。")
        done = round(m["procurement_actual"] / m["procurement_budget"] * 100, 2)
        # The 政府采购执行率 has no key of its own: a percentage the answer leaves out.
        return (f"全年政府采购预算金额{w.money('procurement_budget')}，实际采购金额{w.money('procurement_actual')}，"
                f"政府采购执行率为{w.pct_text(done)}。")
    if name == "采购政策效能":
        if rng.random() < 0.5:
            return (f"实际面向中小企业采购金额合计数为{w.money('sme_procurement_actual')}，"
                    f"预算编制时部门预留金额合计数为{w.money('sme_procurement_reserved')}。")
        return (f"{w.self_ref}为中小企业预留采购份额{w.money('sme_procurement_reserved')}，"
                f"面向中小企业采购金额{w.money('sme_procurement_actual')}，落实了政府采购支持中小企业政策。")
    if name == "固定资产利用率":
        return _pick(rng, f"固定资产利用率为{w.rate('fixed_asset_utilization')}。",
                     f"固定资产利用率达{w.rate('fixed_asset_utilization')}，资产使用效率较高。",
                     f"实际在用固定资产总额与所有固定资产总额的比例为{w.rate('fixed_asset_utilization')}。")
    if name in ("“三公”经费控制情况", "“三公”经费变动率"):
        return three_public(w)
    if name == "公用经费控制率":
        return public_funds(w)
    if name == "经济性":
        return public_funds(w) + three_public(w)
    if name in ("人员管理", "在职人员控制率"):
        ratio = " $\\leq 100\\%$ " if w.style.latex else f"{w.leq()}100%"
        return (f"本年度在编人员共{w.heads('actual')}人，核定编制数为{w.heads('authorized')}人，"
                f"比率{ratio}。")
    return rng.choice((
        f"{w.self_ref}严格按照有关规定执行，未发现违规情况。", "符合相关要求，该项指标得满分。",
        "相关制度健全，执行到位。", f"{w.self_ref}按要求完成了相关工作，资料完整。",
        "经核查，该项工作开展规范，成效较好。"))


def three_public(w: Writer) -> str:
    rng, m = w.rng, w.f.money
    tp = w.q("三公")
    fy = _year(w, w.f.fiscal_year)
    over = m["three_public_actual"] > m["three_public_budget"]
    if over:
        return (f"{fy}{tp}经费预算数为{w.money('three_public_budget')}，实际支出数为{w.money('three_public_actual')}，"
                f"超出预算，主要原因是{_pick(rng, '公务用车更新', '上级检查调研接待增加', '执行突发应急任务')}。")
    form = rng.randint(0, 4)
    if form == 0:
        return (f"{w.self_ref}{tp}经费预算数为{w.money('three_public_budget')}，决算数为{w.money('three_public_actual')}，"
                f"{tp}经费实际支出数{w.leq()}预算安排的三公经费数。")
    if form == 4:
        # The parts are no facts of the answer, but they add up to the actual as in real reports.
        actual = m["three_public_actual"]
        unit = w.unit_for("three_public_actual", actual)
        q = 1 if unit == "元" else 100
        hosting, cars = _split_cents(rng, actual, rng.uniform(0.1, 0.7), q)
        return (f"{fy}{tp}经费支出{w.money('three_public_actual', unit)}，其中：公务接待费{w.plain_money(hosting, unit)}，"
                f"公务用车运行维护费{w.plain_money(cars, unit)}，因公出国（境）费0{w.style.unit_space}{unit}，"
                f"较预算数{w.money('three_public_budget', unit)}有所减少。")
    if form == 1:
        return (f"{w.self_ref}{fy}{tp}经费实际支出数{w.money('three_public_actual')}{w.leq()}{fy}预算安排的"
                f"{tp}经费数{w.money('three_public_budget')}。")
    if form == 2:
        return f"{fy}{w.self_ref}{tp}经费实际支出数为{w.money('three_public_actual')}，未超出预算安排数。"
    return (f"全年{tp}经费预算{w.money('three_public_budget')}，实际支出{w.money('three_public_actual')}，"
            f"比预算减少{w.plain_money(m['three_public_budget'] - m['three_public_actual'], '元')}。")


def public_funds(w: Writer) -> str:
    rng = w.rng
    fy = _year(w, w.f.fiscal_year)
    form = rng.randint(0, 2)
    if form == 0:
        return f"{fy}{w.self_ref}公用经费预算数为{w.money('public_funds_budget')}，决算数为{w.money('public_funds_actual')}。"
    if form == 1:
        return (f"{w.self_ref}{fy}日常公用经费决算数{w.money('public_funds_actual')}{w.leq()}{fy}日常公用经费调整预算数"
                f"{w.money('public_funds_budget')}。")
    return f"{fy}{w.self_ref}公用经费实际支出数为{w.money('public_funds_actual')}，未超出预算安排数。"


def _points(w: Writer, v: float) -> str:
    return f"{v:g}{w.style.num_space}分"


def _record(w: Writer, node, with_max: bool = True) -> None:
    w.indicator_rows.append({"name": node.name, "max": node.max if with_max else None, "score": round(node.score, 1)})
    w.indicator_leaf.append(node.is_leaf)


def _deduction(w: Writer, node) -> str:
    lost = round(node.max - node.score, 1)
    if lost <= 0:
        return ""
    return f"扣{lost:g}分，主要原因是{_pick(w.rng, '个别事项未按时完成', '相关资料不够完整', '部分工作未达到预期目标', '执行中存在偏差')}。"


def indicators_prose_full(w: Writer) -> None:
    """Groups and leaves each state 指标分值 and 自评得分 (all go into the answer)."""
    for top in w.f.tree:
        w.h(1, f"{top.name}{_pick(w.rng, '分析', '情况', '')}")
        w.p(f"指标分值{_points(w, top.max)}，自评得分{_points(w, top.score)}。")
        _record(w, top)
        for node in top.children:
            if node.is_leaf:
                w.h(2, f"{node.name}（指标分值{_points(w, node.max)}，自评得分{_points(w, node.score)}）。")
                _record(w, node)
                w.p(_explain(w, node.name) + _deduction(w, node))
                continue
            rate = round(node.score / node.max * 100)
            w.h(2, f"{node.name}。", f"指标分值{_points(w, node.max)}，自评得分{_points(w, node.score)}，得分率{rate}%。")
            _record(w, node)
            for leaf in node.children:
                w.h(3, f"{leaf.name}（指标分值{_points(w, leaf.max)}，自评得分{_points(w, leaf.score)}）。")
                _record(w, leaf)
                w.p(_explain(w, leaf.name) + _deduction(w, leaf))
    _bonus(w)


def indicators_prose_leaf(w: Writer) -> None:
    """Groups state only their full points; leaves state both (only leaves go into the answer)."""
    for top in w.f.tree:
        w.h(1, f"{top.name}（{_points(w, top.max)}）")
        for node in top.children:
            if node.is_leaf:
                w.h(2, f"{node.name}。", f"指标分值{_points(w, node.max)}。")
                w.p(f"自评得分{_points(w, node.score)}，" + _explain(w, node.name) + _deduction(w, node))
                _record(w, node)
                continue
            w.h(2, f"{node.name}。", f"指标分值{_points(w, node.max)}。")
            for leaf in node.children:
                w.h(3, f"{leaf.name}（{_points(w, leaf.max)}）。")
                w.p(f"自评得分{_points(w, leaf.score)}，" + _explain(w, leaf.name) + _deduction(w, leaf))
                _record(w, leaf)
    _bonus(w)


def _bonus(w: Writer) -> None:
    if w.f.bonus is None:
        return
    w.h(2, "加减分项。")
    w.p(f"自评得分{_points(w, w.f.bonus)}，{w.self_ref}获评{_pick(w.rng, '节约型机关', '先进集体', '优秀单位')}，按规定加分。")
    w.indicator_rows.append({"name": "加减分项", "max": None, "score": w.f.bonus})
    w.indicator_leaf.append(True)


def indicators_table(w: Writer) -> None:
    rng = w.rng
    if rng.random() < 0.5:
        rows = []
        for top in w.f.tree:
            first_top = True
            for node in top.children:
                kids = node.children or [node]
                for i, leaf in enumerate(kids):
                    mid = node.name if (i == 0 and node.children) else ""
                    rows.append([top.name if first_top else "", mid, leaf.name, f"{leaf.max:g}", f"{leaf.score:g}"])
                    first_top = False
                    _record(w, leaf)
        if w.f.bonus is not None:
            rows.append(["加减分项", "", "", "", f"{w.f.bonus:g}"])
            w.indicator_rows.append({"name": "加减分项", "max": None, "score": w.f.bonus})
            w.indicator_leaf.append(True)
        total = f"{w.f.self_score:g}"
        rows.append(["合计", "", "", "100", total])
        w.score_stated = True
        w.table("部门整体支出绩效自评评分表", "", ["一级指标", "二级指标", "三级指标", "分值", "自评得分"], rows)
        return
    rows = []
    for node in node_rows(w.f.tree):
        rows.append([("　" * node.depth) + node.name, f"{node.max:g}", f"{node.score:g}"])
        _record(w, node)
    if w.f.bonus is not None:
        rows.append(["加减分项", "", f"{w.f.bonus:g}"])
        w.indicator_rows.append({"name": "加减分项", "max": None, "score": w.f.bonus})
        w.indicator_leaf.append(True)
    w.table("绩效自评指标得分情况表", "", ["指标名称", "分值", "得分"], rows)


def indicators_deduct_only(w: Writer) -> None:
    lost = [n for n in leaves(w.f.tree) if n.score < n.max]
    if not lost:
        w.p("经自评，各项指标均得满分。")
        return
    parts = [f"{n.name}扣{n.max - n.score:g}分" for n in lost[:4]]
    w.p(f"经自评，除{'、'.join(parts)}{'等' if len(lost) > 4 else ''}外，其余指标均得满分。")


def cost_controls(w: Writer) -> None:
    """Facts of cost control, where no indicator text carried them."""
    rng = w.rng
    items = []
    if "budget_execution_rate" not in w.rates_stated and rng.random() < 0.7:
        items.append(_explain(w, "部门预算资金支出率"))
    if "three_public_actual" not in w.money_stated and rng.random() < 0.7:
        items.append(three_public(w))
    if "public_funds_actual" not in w.money_stated and rng.random() < 0.4:
        items.append(public_funds(w))
    if "procurement_budget" not in w.money_stated and rng.random() < 0.3:
        items.append(_explain(w, "政府采购执行率"))
    if "sme_procurement_actual" not in w.money_stated and rng.random() < 0.2:
        items.append(_explain(w, "采购政策效能"))
    if "fixed_asset_utilization" not in w.rates_stated and rng.random() < 0.4:
        items.append(_explain(w, "固定资产利用率"))
    if "carryover_rate" not in w.rates_stated and rng.random() < 0.15:
        items.append(_explain(w, "结转结余率"))
    if not items:
        return
    w.h(1, _pick(rng, "运行成本控制情况", "预算执行及成本控制情况", "预算管理情况"))
    if rng.random() < 0.5:
        for i, s in enumerate(items, 1):
            w.h(2, "", s) if rng.random() < 0.3 else w.p(f"{i}.{s}")
    else:
        w.p("".join(items))


def targets_table(w: Writer) -> None:
    rng = w.rng
    rows = []
    prev = None
    for i, t in enumerate(w.f.targets, 1):
        level2 = t["level2"] if t["level2"] != prev else ""
        prev = t["level2"]
        rows.append([str(i), level2, t["name"], t["target"], t["actual"], f"{t['completion_rate']}%"])
    w.p(f"对于年度部门整体绩效目标申报表中所设置的{len(rows)}项{_pick(rng, '绩效', '产出和效益')}指标，截至评价基准日"
        f"{_pick(rng, '均已完成', '基本完成')}。")
    w.table(f"表{rng.randint(1, 3)} {_pick(rng, '绩效指标完成情况表', '产出及效益指标完成情况表')}", "",
            ["序号", "二级指标", "三级指标", "年度目标值", "年度实现值", "指标完成率"], rows)
    w.targets_written = True


def _split_cents(rng: random.Random, total: int, share: float, q: int) -> tuple[int, int]:
    first = int(total * share / q) * q
    return first, total - first


def funds_table(w: Writer) -> None:
    """The money part of the standard 部门整体支出绩效自评表: 年初预算数 / 全年预算数 / 全年执行数 / 执行率.
    Only the 年度资金总额 row holds facts of the answer; its sub-rows add up to it."""
    rng, m = w.rng, w.f.money
    budget, executed = m["budget_total"], m["budget_executed"]
    unit = "元" if w.f.unit_profile == "yuan" or budget % 100 or executed % 100 else "万元"
    q = 1 if unit == "元" else 100
    initial = max(q, int(budget * rng.uniform(0.75, 1.0) / q) * q)
    share = rng.choice((1.0, rng.uniform(0.8, 0.99)))
    fin_b, oth_b = _split_cents(rng, budget, share, q)
    fin_e, oth_e = _split_cents(rng, executed, share, q)
    fin_i, oth_i = _split_cents(rng, initial, share, q)

    def cell(cents: int) -> str:
        return w.amount_text(cents, unit)

    def ratio(a: int, b: int) -> str:
        return w.pct_text(round(a / b * 100, 2)) if b else "/"

    rows = [["年度资金总额", cell(initial), w.money("budget_total", unit, bare=True),
             w.money("budget_executed", unit, bare=True), w.rate("budget_execution_rate")],
            ["其中：财政拨款", cell(fin_i), cell(fin_b), cell(fin_e), ratio(fin_e, fin_b)]]
    if oth_b or rng.random() < 0.5:
        rows.append(["其他资金", cell(oth_i), cell(oth_b), cell(oth_e), ratio(oth_e, oth_b)])
    w.table(f"{_year(w, w.f.fiscal_year, '年度')}部门整体支出绩效自评表（资金情况）", f"单位：{unit}",
            ["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"], rows)


def analysis(w: Writer) -> None:
    rng = w.rng
    w.h(0, _pick(rng, "部门整体支出绩效指标分析", "绩效分析", "绩效指标完成情况分析", "部门整体支出绩效情况"))
    if rng.random() < 0.25:
        funds_table(w)
    if rng.random() < 0.3:
        targets_table(w)
    style = rng.choices(("none", "prose_full", "prose_leaf", "table", "deduct_only"), weights=(22, 25, 23, 18, 12))[0]
    {"none": lambda _: None, "prose_full": indicators_prose_full, "prose_leaf": indicators_prose_leaf,
     "table": indicators_table, "deduct_only": indicators_deduct_only}[style](w)
    cost_controls(w)


# ---- achievements, problems, measures, history -----------------------------------------------

def achievements(w: Writer) -> None:
    rng, kind = w.rng, w.f.kind
    region = w.f.place.county or w.f.place.prefecture or w.f.place.province
    w.h(0, _pick(rng, "主要绩效", "履职效能情况", "取得的主要成效", "预算使用效益"))
    as_headings = rng.random() < 0.5
    works = rng.sample(kind.works, k=min(len(kind.works), rng.randint(2, 5)))
    for i, item in enumerate(works, 1):
        sentences = wording.work_sentence(rng, kind, region, item) + "".join(
            wording.work_sentence(rng, kind, region) for _ in range(rng.randint(0, 2)))
        if as_headings:
            w.h(1, f"{item}{_pick(rng, '', '取得新成效', '成效明显')}。", sentences)
        else:
            w.p(f"{cn_ordinal(i)}是{item}。{sentences}")
    if rng.random() < 0.2:
        w.p(f"助力{_pick(rng, '市属国有企业', '辖区企业', '合作银行')}获得{w.plain_money(rng.randint(1, 300) * 10_000 * 100)}"
            f"{_pick(rng, '贷款', '融资', '授信')}，{_pick(rng, '带动', '撬动')}社会投资"
            f"{w.plain_money(rng.randint(1, 90_000) * 1_000_000, '亿元')}。")


def _strip_end(text: str) -> str:
    return text.rstrip("。；;，, ")


def problems(w: Writer, depth: int = 0) -> None:
    rng = w.rng
    items = w.f.problems
    w.h(depth, rng.choice(HEADINGS) if depth == 0 else _pick(rng, "存在问题", "存在的问题", "主要问题"))
    depth += 1
    if not items:
        w.p(rng.choice(NONE_STATEMENTS))
        return
    form = rng.choices(("sentences", "yishi", "yishi_semicolon", "numbered", "titled", "merged"),
                       weights=(22, 20, 10, 22, 10, 16))[0]
    if form == "merged" and len(items) < 2:
        form = "sentences"
    lead = _pick(rng, f"{w.self_ref}在部门整体支出方面还存在一些问题，表现在：", "主要存在以下问题：",
                 "在绩效管理实施中，主要存在以下不足：", "")
    if form == "sentences":
        w.p(lead + "".join(f"{it['text']}。" for it in items))
    elif form == "yishi":
        w.p(lead + "".join(f"{cn_ordinal(i)}是{it['text']}。" for i, it in enumerate(items, 1)))
    elif form == "yishi_semicolon":
        w.p(lead + "；".join(f"{cn_ordinal(i)}是{it['text']}" for i, it in enumerate(items, 1)) + "。")
    elif form == "numbered":
        if lead:
            w.p(lead)
        level = rng.choice((depth, depth + 1))
        for it in items:
            w.h(level, "", f"{it['text']}。")
    elif form == "titled":
        # A short title, then the rest as its explanation: the answer keeps the item as written.
        if lead:
            w.p(lead)
        titled = []
        for it in items:
            title = _strip_end(it["text"].split("，")[0])
            rest = it["text"][len(title):].lstrip("，")
            w.h(depth, f"{title}。", rest + "。" if rest else "")
            titled.append({**it, "text": f"{title}。{rest}" if rest else title})
        items = titled
    else:
        # Two problems in one sentence, as reports often run them together.
        first, second = items[0], items[1]
        w.p(lead + f"{first['text']}，{second['text']}。" + "".join(f"{it['text']}。" for it in items[2:]))
    w.problems_written = [{"text": _strip_end(it["text"]), "category": it["category"]} for it in items]


MEASURES = (
    "进一步健全绩效指标体系，科学设置可量化、可考核的绩效目标", "建立常态化绩效跟踪监控机制，及时发现并纠正偏差",
    "将绩效自评结果与下一年度预算编制深度挂钩，强化激励约束", "加快项目实施进度，提高预算执行率",
    "加强财务人员和业务人员培训，提升绩效管理能力", "严格执行政府采购有关时限要求，按时签订和备案采购合同",
    "加强固定资产管理，定期开展资产清查盘点", "及时公开预决算和绩效信息，主动接受社会监督",
)


def measures(w: Writer, depth: int = 0) -> None:
    rng = w.rng
    w.h(depth, _pick(rng, "改进措施", "下一步改进措施", "相关建议", "整改措施及下一步工作计划", "改进意见"))
    chosen = rng.sample(MEASURES, k=rng.randint(2, 4))
    if rng.random() < 0.5:
        w.p("".join(f"{cn_ordinal(i)}是{m}。" for i, m in enumerate(chosen, 1)))
    else:
        for m in chosen:
            w.h(depth + 1, "", m + "。")


def problems_and_measures(w: Writer) -> None:
    """Problems and measures under one heading, as many reports put them: the measures that
    follow are no problems."""
    w.h(0, _pick(w.rng, "存在的问题及改进措施", "部门整体支出绩效管理存在问题及改进措施", "存在问题和改进建议"))
    problems(w, depth=1)
    measures(w, depth=1)


def history(w: Writer) -> None:
    rng, hist = w.rng, w.f.history
    if not hist:
        return
    w.h(0, _pick(rng, "近两年绩效自评、重点评价整改情况", "以前年度绩效评价情况", "历年绩效自评情况"))
    form = rng.randint(0, 2)
    if form == 0:
        for h in hist:
            word = rng.choice(GRADE_WORDS[h["grade"]])
            w.p(f"{_year(w, h['year'], '年度')}，{w.self_ref}部门整体支出绩效自评{_pick(rng, '复核', '')}得分为{h['score']:g}分，"
                f"评价等级为{w.q(word)}。")
            if rng.random() < 0.25:
                # A project's evaluation score: no total score of the department, so not in the answer.
                project = rng.choice(w.f.kind.works)
                w.p(f"同年，“{project}”专项资金重点绩效评价得分为{rng.uniform(75, 95):.2f}分，评价等级为{w.q('良')}。")
        w.history_written = [dict(h) for h in hist]
    elif form == 1:
        years = "、".join(_year(w, h["year"]) for h in hist)
        scores = "、".join(f"{h['score']:g}分" for h in hist)
        w.p(f"{years}{w.self_ref}部门整体支出绩效自评得分{'分别' if len(hist) > 1 else ''}为{scores}。")
        w.history_written = [{**h, "grade": None} for h in hist]
    else:
        rows = [[str(h["year"]), f"{h['score']:g}", rng.choice(GRADE_WORDS[h["grade"]])] for h in hist]
        w.table("历年自评得分情况", "", ["年度", "自评得分", "等级"], rows)
        w.history_written = [dict(h) for h in hist]


def other(w: Writer) -> None:
    w.h(0, _pick(w.rng, "其他需要说明的情况", "其他自评情况", "其他"))
    w.p("无。")


CN_DIGITS = "〇一二三四五六七八九"


def cn_date(y: int, m: int, d: int) -> str:
    """二〇二五年三月二十日, as signatures often write dates."""
    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        return ("" if n < 20 else CN_DIGITS[n // 10]) + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return "".join(CN_DIGITS[int(c)] for c in str(y)) + f"年{small(m)}月{small(d)}日"


def signature(w: Writer) -> None:
    f = w.f
    w.sign(f.department)
    if f.report_date and not w.date_stated:
        y, m, d = f.report_date
        w.sign(cn_date(y, m, d) if w.rng.random() < 0.25 else f"{_year(w, y)}{w.num(m)}月{w.num(d)}日")
        w.date_stated = True


def write_all(w: Writer) -> None:
    """Header, then the body sections in an order drawn per report, some left out."""
    rng = w.rng
    header(w)
    # A town's report that names only the town must name its county somewhere: the notice does.
    town_alone = w.f.place.admin_level == "town" and not w.f.department.startswith(
        (w.f.place.county or "\0", w.f.place.prefecture or "\0"))
    if town_alone or rng.random() < 0.75:
        intro(w)
    body = [basic_info]
    if rng.random() < 0.5:
        body.append(evaluation_work)
    body.append(results)
    if rng.random() < 0.8:
        body.append(analysis)
    if rng.random() < 0.5:
        body.append(achievements)
    if rng.random() < 0.2:
        body.append(problems_and_measures)
    else:
        if rng.random() < 0.88:
            body.append(problems)
        if rng.random() < 0.7:
            body.append(measures)
    if rng.random() < 0.35:
        body.append(history)
    if rng.random() < 0.2:
        body.append(other)
    if rng.random() < 0.2:
        # Reordered: some reports give results and problems before the background.
        i, j = rng.sample(range(len(body)), 2)
        body[i], body[j] = body[j], body[i]
    for section in body:
        section(w)
    if rng.random() < 0.5 or (w.f.report_date and not w.date_stated and rng.random() < 0.6):
        signature(w)
