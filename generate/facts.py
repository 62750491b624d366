"""Draw one report's facts so that they are consistent the way real accounts are.

Money is held in integer cents so identities hold exactly: income parts sum to the income
total, basic + project = total expenditure, personnel + public = basic, and the four
economic classes sum to total expenditure. Each group is drawn on a quantum that the unit
the report will write it in can show exactly (0.01 万元 = 100 元, 0.0001 亿元 = 1 万元).
Indicator scores are drawn so that the leaves sum to the total self score.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from generate import problems as problems_mod
from generate.places import Place, county_label, draw_place, is_municipality
from generate.wording import GENERIC_METRICS, KINDS, LEVEL2_OUTCOME, LEVEL2_OUTPUT, TOWN_KIND, Kind

CENTS_PER_YUAN = 100
WAN = 10_000 * CENTS_PER_YUAN

# Indicator frameworks: (name, max, children). Leaves have no children.
FRAMEWORKS = {
    "efficacy": ("履职效能 / 管理效率", [
        ("履职效能", 50, [("部门整体绩效目标产出指标完成情况", 20, []), ("部门整体绩效目标效益指标完成情况", 20, []),
                      ("部门预算资金支出率", 10, [])]),
        ("管理效率", 50, [
            ("预算编制", 3, [("新增项目事项绩效评估", 3, [])]),
            ("预算执行", 4, [("结转结余率", 2, []), ("财务管理合规性", 2, [])]),
            ("信息公开", 4, [("预决算公开合规性", 2, []), ("绩效信息公开情况", 2, [])]),
            ("绩效管理", 15, [("绩效管理制度建设", 5, []), ("绩效结果运用", 3, []), ("绩效管理制度执行", 7, [])]),
            ("采购管理", 10, [("采购意向公开合规性", 2, []), ("采购内控制度建设", 1, []), ("采购活动合规性", 2, []),
                          ("采购合同签订时效性", 3, []), ("合同备案时效性", 1, []), ("采购政策效能", 1, [])]),
            ("资产管理", 10, [("资产配置合规性", 2, []), ("资产收益上缴的及时性", 1, []), ("资产盘点情况", 1, []),
                          ("数据质量", 2, []), ("资产管理合规性", 2, []), ("固定资产利用率", 2, [])]),
            ("运行成本", 4, [("公用经费控制率", 2, []), ("“三公”经费控制情况", 2, [])]),
        ]),
    ]),
    "budget": ("预算编制 / 预算执行 / 资金使用效益", [
        ("预算编制情况", 28, [
            ("预算编制", 18, [("预算编制合理性", 5, []), ("预算编制规范性", 5, []), ("预算编制规划性", 4, []),
                           ("预算编制科学性", 4, [])]),
            ("目标设置", 10, [("绩效目标覆盖率", 2, []), ("绩效目标合理性", 4, []), ("绩效指标明确性", 4, [])]),
        ]),
        ("预算执行情况", 42, [
            ("资金管理", 22, [("部门预算资金支出率", 6, []), ("结转结余率", 3, []), ("政府采购执行率", 3, []),
                           ("财务合规性", 4, []), ("资金下达合法性", 2, []), ("预决算信息公开性", 4, [])]),
            ("项目管理", 7, [("项目实施程序", 2, []), ("项目监管", 5, [])]),
            ("资产管理", 7, [("资产配置合规性", 2, []), ("资产盘点情况", 2, []), ("固定资产利用率", 3, [])]),
            ("人员管理", 2, []),
            ("制度管理", 4, []),
        ]),
        ("资金使用效益", 30, [
            ("经济性", 6, []),
            ("效率性", 9, [("重点工作完成率", 3, []), ("绩效目标完成率", 3, []), ("项目完成及时性", 3, [])]),
            ("效果性", 10, []),
            ("公平性", 5, []),
        ]),
    ]),
    "iopo": ("投入 / 过程 / 产出 / 效益", [
        ("投入", 20, [
            ("目标设定", 8, [("绩效目标合理性", 4, []), ("绩效指标明确性", 4, [])]),
            ("预算配置", 12, [("在职人员控制率", 4, []), ("“三公”经费变动率", 4, []), ("重点支出安排率", 4, [])]),
        ]),
        ("过程", 30, [
            ("预算执行", 20, [("预算完成率", 5, []), ("预算调整率", 3, []), ("支付进度率", 3, []), ("结转结余率", 3, []),
                           ("公用经费控制率", 3, []), ("政府采购执行率", 3, [])]),
            ("预算管理", 10, [("管理制度健全性", 3, []), ("资金使用合规性", 3, []), ("预决算信息公开性", 2, []),
                           ("基础信息完善性", 2, [])]),
        ]),
        ("产出", 30, [("实际完成率", 10, []), ("完成及时率", 10, []), ("质量达标率", 10, [])]),
        ("效益", 20, [("经济效益", 5, []), ("社会效益", 5, []), ("可持续影响", 5, []), ("服务对象满意度", 5, [])]),
    ]),
}


@dataclass
class Node:
    name: str
    max: float
    score: float
    depth: int
    children: list[Node] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class Facts:
    place: Place
    kind: Kind
    department: str
    fiscal_year: int
    report_date: tuple[int, int, int] | None
    self_score: float | None          # None: the report states no total
    grade: str | None                 # the grade the score earns; whether it is stated is the writer's choice
    money: dict[str, int]             # cents
    rates: dict[str, float]
    headcount: dict[str, int]
    unit_profile: str                 # yuan / wan / yi
    framework: str
    tree: list[Node]
    bonus: float | None               # 加减分项, part of the total when present
    history: list[dict]
    targets: list[dict]
    problems: list[dict]
    notice_no: int = 1


def grade_for(score: float) -> str:
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"


def _loguniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _quantize(cents: float, q: int) -> int:
    return max(q, int(round(cents / q)) * q)


def _split(rng: random.Random, total: int, shares: list[float], q: int) -> list[int]:
    """Split total into multiples of q summing exactly to total; the largest share takes the rest,
    so a share of zero stays exactly zero."""
    parts = [int(total * s / q) * q for s in shares]
    parts[shares.index(max(shares))] += total - sum(parts)
    return parts


def _department(rng: random.Random, place: Place) -> tuple[str, Kind]:
    if place.admin_level == "town":
        suffix = "办事处" if place.town.endswith("街道") else "人民政府"
        prefix = county_label(place) if place.county else (place.prefecture or place.province)
        name = place.town + suffix if rng.random() < 0.5 else prefix + place.town + suffix
        short = "我街道" if suffix == "办事处" else ("我乡" if place.town.endswith("乡") else "我镇")
        return name, Kind(**{**TOWN_KIND.__dict__, "short": short})
    kind = rng.choice(KINDS)
    if kind.key == "data" and rng.random() < 0.4:
        kind = Kind(**{**kind.__dict__, "county": "政务服务数据管理局", "province": "政务服务数据管理局"})
    if kind.key == "water" and rng.random() < 0.5:
        kind = Kind(**{**kind.__dict__, "county": "水利局"})
    if place.admin_level == "province" and is_municipality(place.province):
        return place.province + kind.county, kind
    if place.admin_level == "province":
        return place.province + kind.province, Kind(**{**kind.__dict__, "short": "我厅" if kind.province.endswith("厅") else kind.short})
    if place.admin_level == "prefecture":
        return place.prefecture + kind.county, kind
    # A district's departments usually carry the city's name in front (广州市海珠区…).
    if place.county.endswith("区") and rng.random() < 0.6:
        return (place.prefecture or place.province) + place.county + kind.county, kind
    return county_label(place) + kind.county, kind


def _scale_yuan(rng: random.Random, place: Place, kind: Kind) -> float:
    lo, hi = {"province": (5e7, 3e9), "prefecture": (5e6, 4e8), "county": (1.5e6, 1.2e8), "town": (8e6, 1.5e8)}[
        place.admin_level]
    return _loguniform(rng, lo, hi) * (kind.scale if place.admin_level != "town" else 1.0)


def _unit_profile(rng: random.Random, total_yuan: float) -> str:
    if total_yuan >= 1e8 and rng.random() < 0.45:
        return "yi"
    return rng.choices(("wan", "yuan"), weights=(70, 30))[0]


def _draw_money(rng: random.Random, scale_yuan: float, profile: str) -> tuple[dict[str, int], dict[str, float]]:
    q_part = {"yuan": rng.choice((1, 100)), "wan": WAN // 100, "yi": WAN // 100}[profile]
    q_total = WAN if profile == "yi" else q_part
    small_q = {"yuan": q_part, "wan": rng.choice((WAN // 100, 100)), "yi": WAN // 100}[profile]
    m: dict[str, int] = {}
    r: dict[str, float] = {}
    exp = _quantize(scale_yuan * CENTS_PER_YUAN, q_total)
    m["expenditure_total"] = exp
    basic_share = rng.uniform(0.25, 0.85)
    m["expenditure_basic"], m["expenditure_project"] = _split(rng, exp, [basic_share, 1 - basic_share], q_part)
    pers = rng.uniform(0.72, 0.95)
    m["expenditure_personnel"], m["expenditure_public"] = _split(rng, m["expenditure_basic"], [pers, 1 - pers], q_part)
    household = rng.uniform(0.003, 0.06)
    wages = basic_share * pers * rng.uniform(0.85, 1.0)
    capital = 0.0 if rng.random() < 0.25 else min(rng.uniform(0.01, 0.3), max(0.0, 0.95 - wages - household))
    shares = [wages, household, capital, 1 - wages - household - capital]
    w, h, c, g = _split(rng, exp, shares, q_part)
    m.update(econ_wages_welfare=w, econ_household_subsidies=h, econ_capital=c, econ_goods_services=g)

    inc = _quantize(exp * rng.choice((1.0, 1.0, rng.uniform(0.9, 1.12))), q_total)
    fund = 0.0 if rng.random() < 0.6 else rng.uniform(0.02, 0.3)
    other = 0.0 if rng.random() < 0.5 else rng.uniform(0.003, 0.08)
    gen = 1 - fund - other
    m["income_total"] = inc
    m["income_general_budget"], m["income_gov_fund"], m["income_other"] = _split(rng, inc, [gen, fund, other], q_part)
    carry = max(0, inc - exp) + (0 if rng.random() < 0.5 else _quantize(exp * rng.uniform(0, 0.05), q_part))
    m["carryover"] = carry if rng.random() < 0.85 else 0

    for key, base, rate_key in (("income_prior_year", inc, "income_change_rate"),
                                ("expenditure_prior_year", exp, "expenditure_change_rate")):
        prior = _quantize(base / (1 + rng.uniform(-0.3, 0.35)), q_total)
        m[key] = prior
        r[rate_key] = round((base / prior - 1) * 100, 2)

    budget = _quantize(exp * rng.choice((1.0, rng.uniform(1.0, 1.35), rng.uniform(0.97, 1.0))), q_total)
    m["budget_total"], m["budget_executed"] = budget, exp
    r["budget_execution_rate"] = round(exp / budget * 100, 2)
    r["carryover_rate"] = round(m["carryover"] / budget * 100, 2)

    tp_budget = _quantize(max(2e4, exp / 100 * rng.uniform(0.05, 1.0)), small_q)
    over = rng.random() < 0.1
    tp_actual = _quantize(tp_budget * (rng.uniform(1.01, 1.2) if over else rng.uniform(0.02, 1.0)), small_q)
    m["three_public_budget"], m["three_public_actual"] = tp_budget, tp_actual
    pub = m["expenditure_public"]
    m["public_funds_actual"] = pub if rng.random() < 0.7 else _quantize(pub * rng.uniform(0.8, 1.0), small_q)
    m["public_funds_budget"] = _quantize(m["public_funds_actual"] * rng.uniform(1.0, 1.35), small_q)
    pb = _quantize(exp * rng.uniform(0.03, 0.3), q_part)
    m["procurement_budget"], m["procurement_actual"] = pb, _quantize(pb * rng.uniform(0.6, 1.1), q_part)
    reserved = _quantize(m["procurement_actual"] * rng.uniform(0.2, 1.0), q_part)
    m["sme_procurement_reserved"] = reserved
    m["sme_procurement_actual"] = reserved if rng.random() < 0.6 else _quantize(reserved * rng.uniform(1.0, 1.3), q_part)
    r["fixed_asset_utilization"] = 100.0 if rng.random() < 0.7 else round(rng.uniform(85, 99.9), 1)
    return m, r


def _headcount(rng: random.Random, level: str) -> dict[str, int]:
    lo, hi = {"province": (60, 400), "prefecture": (15, 160), "county": (5, 80), "town": (30, 160)}[level]
    auth = rng.randint(lo, hi)
    hc = {"authorized": auth, "actual": max(1, auth - rng.choice((0, 0, 1, 2, rng.randint(0, max(1, auth // 5)))))}
    if rng.random() < 0.3:   # staff outside the posts, stated beside the people in post
        hc["service_workers"] = rng.randint(1, 8)
    if rng.random() < 0.25:
        hc["contract_staff"] = rng.randint(1, 30)
    return hc


def _tree(spec: list, depth: int = 0) -> list[Node]:
    return [Node(name, float(mx), float(mx), depth, _tree(kids, depth + 1)) for name, mx, kids in spec]


def leaves(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.extend([n] if n.is_leaf else leaves(n.children))
    return out


def _resum(nodes: list[Node]) -> None:
    for n in nodes:
        if not n.is_leaf:
            _resum(n.children)
            n.score = round(sum(c.score for c in n.children), 1)


def _draw_scores(rng: random.Random, base_total: float, framework: str) -> list[Node]:
    """Deduct (100 - base_total) in tenths of a point from random leaves, never below zero."""
    tree = _tree(FRAMEWORKS[framework][1])
    lf = leaves(tree)
    left = int(round((100 - base_total) * 10))
    while left > 0:
        candidates = [n for n in lf if n.score > 0]
        n = rng.choice(candidates)
        step = min(left, int(round(n.score * 10)), rng.choice((1, 2, 5, 10, 10, 10, 20)))
        n.score = round(n.score - step / 10, 1)
        left -= step
    _resum(tree)
    return tree


def _history(rng: random.Random, fy: int) -> list[dict]:
    k = rng.choices((0, 1, 2, 3), weights=(55, 15, 20, 10))[0]
    out = []
    for y in range(fy - k, fy):
        s = round(rng.uniform(78, 99.5), rng.choice((0, 0, 1, 2)))
        out.append({"year": y, "score": s, "grade": grade_for(s)})
    return out


def _target(rng: random.Random, level2: str, name: str, how: str, unit: str) -> dict:
    """One row of an indicator target table, with target, actual and completion rate as written."""
    op = rng.choice((">=", "≥", "", "不低于", ">"))
    if how == "pct":
        t = rng.choice((80, 85, 90, 95, 98, 100))
        a = min(100, t + rng.choice((0, 0, 1, 2, 5, 10))) if rng.random() < 0.9 else max(50, t - rng.randint(1, 15))
        a = round(a, 0) if rng.random() < 0.8 else round(min(100.0, a + rng.random()), 1)
        target = f"{'' if t == 100 else op}{t}%"
        actual = f"{a:g}%"
        rate = round(a / t * 100)
    elif how == "max":
        t = rng.choice((1, 2, 3, 5, 10, 20))
        a = rng.randint(0, t)
        target = f"{rng.choice(('<', '≤', '<=', '不高于'))}{t}{unit}"
        actual = f"{a}{unit}"
        rate = 100
    else:
        t = rng.choice((1, 2, 3, 5, 6, 10, 12, 20, 30, 50, 60, 100, 150, 200, 500, 1000, 4000))
        a = t if rng.random() < 0.55 else int(t * rng.uniform(1.0, 1.5)) + (1 if t < 4 else 0)
        if rng.random() < 0.08:
            a = int(t * rng.uniform(0.6, 0.99))
        target = f"{op}{t}{unit}"
        actual = f"{a}{unit if rng.random() < 0.6 else ''}"
        rate = round(a / t * 100)
    return {"level2": level2, "name": name, "target": target, "actual": actual, "completion_rate": rate}


def _targets(rng: random.Random, kind: Kind) -> list[dict]:
    pool = list(kind.metrics) + rng.sample(GENERIC_METRICS, 6)
    rng.shuffle(pool)
    n_out = rng.randint(3, min(8, len(pool) - 2))
    out = []
    seen = set()
    for i, (name, how, unit) in enumerate(pool[: n_out + rng.randint(2, 4)]):
        if name in seen:
            continue
        seen.add(name)
        level2 = rng.choice(LEVEL2_OUTPUT[:3]) if i < n_out else rng.choice(LEVEL2_OUTCOME)
        if name.endswith("满意度"):
            level2 = "服务对象满意度"
        out.append(_target(rng, level2, name, how, unit))
    # Rows sit grouped by level-2 indicator, as merged cells print them.
    order = LEVEL2_OUTPUT + LEVEL2_OUTCOME
    out.sort(key=lambda row: order.index(row["level2"]))
    return out


def draw_facts(rng: random.Random, weights: dict[str, float] | None = None) -> Facts:
    """One report's facts; its province drawn by `weights` (province → weight; None: the national mix)."""
    place = draw_place(rng, weights)
    department, kind = _department(rng, place)
    fy = rng.choices(range(2018, 2026), weights=(2, 3, 4, 5, 7, 9, 10, 8))[0]
    date = None
    if rng.random() < 0.7:
        date = (fy + 1, rng.choices(range(1, 13), weights=(2, 4, 10, 12, 12, 10, 8, 8, 6, 3, 2, 1))[0],
                rng.randint(1, 28))
    scale = _scale_yuan(rng, place, kind)
    profile = _unit_profile(rng, scale)
    money, rates = _draw_money(rng, scale, profile)
    score = round(rng.choice((rng.uniform(85, 100), rng.uniform(88, 100), rng.uniform(70, 92), rng.uniform(50, 80))),
                  rng.choice((0, 0, 1, 1, 2)))
    score = min(100.0, score)
    framework = rng.choice(list(FRAMEWORKS))
    bonus = None
    if framework == "budget" and rng.random() < 0.3:
        bonus = float(rng.choice((0, 1, 2, 3)))
        score = min(score, 100.0)
    base = round(score - (bonus or 0), 1)
    if base > 100 or base < 0:
        bonus, base = None, round(score, 1)
    score = round(base + (bonus or 0), 1)
    tree = _draw_scores(rng, base, framework)
    return Facts(
        place=place, kind=kind, department=department, fiscal_year=fy, report_date=date,
        self_score=score, grade=grade_for(score), money=money, rates=rates,
        headcount=_headcount(rng, place.admin_level), unit_profile=profile, framework=framework,
        tree=tree, bonus=bonus, history=_history(rng, fy), targets=_targets(rng, kind),
        problems=problems_mod.draw_problems(rng), notice_no=rng.randint(1, 30),
    )


def node_rows(nodes: list[Node]) -> list[Node]:
    """All nodes in report order (depth first)."""
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(node_rows(n.children))
    return out
