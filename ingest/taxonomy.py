"""The problem taxonomy of docs/facts.md and a keyword classifier for problem texts.

Each category lists the phrases that name it, with a weight: 2 for a phrase that settles
the category on its own, 1 for a hint. The category with the highest total wins; ties go
to the category listed first. Order matters only for ties.
"""
from __future__ import annotations

import re

CATEGORIES = ["目标设置", "绩效监控", "预算执行", "预算编制", "结果应用", "政府采购", "资产管理", "财务管理",
              "能力建设", "项目管理", "信息公开", "其他"]

_RULES: dict[str, list[tuple[str, int]]] = {
    "结果应用": [(r"结果(?:的)?(?:应用|运用|使用)", 2), (r"评价结果", 2), (r"挂钩", 2), (r"以评促", 2),
             (r"整改", 2), (r"反馈", 1), (r"评价.{0,10}问题", 1)],
    "目标设置": [(r"目标设置|设置的?(?:绩效)?目标|设定的?(?:绩效)?目标|目标设定|目标(?:编制|申报)", 2),
             (r"指标(?:设置|设定|体系)", 2), (r"绩效指标", 2), (r"量化|可衡量|可考核|目标值", 2),
             (r"指标.{0,6}(?:不够|不|欠)?(?:清晰|明确|科学|合理|具体|细化)", 2), (r"绩效目标", 1), (r"指标", 1)],
    "绩效监控": [(r"监控", 2), (r"跟踪", 2), (r"预警", 2), (r"纠偏", 2), (r"动态监测|运行监测", 2),
             (r"监督检查|督导", 1)],
    "预算执行": [(r"执行进度|支出进度|资金使用进度|支付进度", 2), (r"执行率|支出率", 2),
             (r"(?:预算|资金)执行(?:缓慢|滞后|偏慢|不到位)", 2), (r"(?:资金|拨付|支出).{0,4}(?:缓慢|滞后|偏慢)", 2),
             (r"结转|结余|沉淀|闲置资金|未及时支付|形成(?:实际)?支出|下达(?:较|过)?晚", 2),
             (r"(?:未能?|没有)(?:按计划|按时|及时|全部)?(?:支出|使用|拨付)", 2),
             (r"预算执行", 2)],
    "预算编制": [(r"预算编制", 2), (r"(?:预算|测算).{0,8}(?:不够|不)?(?:精准|准确|精细|科学|细化)", 2), (r"预算(?:调整|调剂|追加)", 2),
             (r"前瞻性|预见性", 2), (r"年初预算|预算(?:不准确|偏差|与实际)", 2), (r"测算|粗放", 1),
             (r"项目库|项目储备", 2)],
    "政府采购": [(r"采购", 2), (r"合同(?:签订|备案)", 2), (r"招标|招投标|供应商|询价", 2)],
    "资产管理": [(r"资产", 2), (r"盘点|账实|台账", 1), (r"设备.{0,4}(?:闲置|利用率)", 2)],
    "财务管理": [(r"财务(?!人员)", 2), (r"会计|核算|凭证|票据|报销|账务", 2), (r"内控|内部控制", 2), (r"合规|违规|审批手续", 1),
             (r"往来款|暂付款|暂存款|挂账|清理", 2), (r"公务卡|现金支付|结算", 2)],
    "能力建设": [(r"专业(?:性|化|人员|水平|能力|知识|人才|素质)", 2), (r"培训", 2), (r"人员.{0,6}(?:培训|能力|水平|素质)", 2),
             (r"人员(?:不足|紧缺|短缺|配备|力量|变动|流动)|人手|力量(?:薄弱|不足)|队伍|一人多岗|专职", 2),
             (r"业务(?:水平|能力|素质)|绩效(?:管理)?(?:意识|理念)|意识(?:不强|淡薄|薄弱|有待)", 2),
             (r"重视程度|主动性|积极性", 2)],
    "项目管理": [(r"项目(?:实施|推进|建设)?进度(?:缓慢|滞后|偏慢)", 2), (r"验收", 2), (r"项目管理|项目实施|工程进度", 2),
             (r"项目档案|档案资料|承建单位|施工单位|项目质量|质量把控|过程管理", 2), (r"立项", 1)],
    "信息公开": [(r"公开|公示|披露", 2)],
}
_COMPILED = {cat: [(re.compile(p), w) for p, w in rules] for cat, rules in _RULES.items()}
_ORDER = {c: i for i, c in enumerate(CATEGORIES)}


_CLAUSE = re.compile(r"[，,；;]")
_CONSEQUENCE = re.compile(r"^(?:从而|进而|以致|致使|导致|造成|影响|使得)")


def classify(text: str, default: str | None = "其他") -> str | None:
    """The category of a problem text; `default` where no phrase matches."""
    scores = category_scores(text)
    if not scores:
        return default
    return max(scores, key=lambda c: (scores[c], -_ORDER[c]))


def category_scores(text: str) -> dict[str, float]:
    """Weight of each category's phrases in a text. A problem states its subject first:
    phrases in the first clause count double, a clause that only states a consequence
    ("影响资金支付进度") counts half."""
    scores: dict[str, float] = {}
    for n, clause in enumerate(_CLAUSE.split(text)):
        weight = 2.0 if n == 0 else 0.5 if _CONSEQUENCE.match(clause.strip()) else 1.0
        for cat, rules in _COMPILED.items():
            s = sum(w * len(rx.findall(clause)) for rx, w in rules)
            if s:
                scores[cat] = scores.get(cat, 0) + weight * s
    return scores
