"""Who and when: the department, the fiscal year evaluated and the report date."""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact
from ingest.numbers import parse_number

ORG_SUFFIX = (r"(?:局|委员会|委|办公室|办|院|中心|所|站|馆|队|部|会|厅|处|室|署|社|校|学|园|团|政府|办事处|"
              r"法院|检察院|公司|台|联|场|司|总队|支队|大队|研究院|医院|集团|协会|组|宫|库)")
_DEPT_LABEL = re.compile(
    r"(?:评价单位|部门名称|单位名称|预算部门|预算单位|部门（单位）名称|填报单位|报告单位|主管部门|部门单位|"
    r"预算部门单位|被评价单位|编报单位)(?:[（(][^）)]{0,6}[）)])?\s*[：:]\s*(?P<name>[^\s：:，。；]{4,40})")
_TITLE = re.compile(rf"^(?:关于)?(?:\d{{4}}\s*年度?)?\s*(?P<name>[^\s：:，。；]{{4,40}}?{ORG_SUFFIX})\s*(?:\d{{4}}\s*年度?)?\s*"
                    r"\s*(?:部门|单位)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|自我评价|评价)")
_BODY = re.compile(rf"现将\s*\d{{4}}\s*年度?\s*(?P<name>[^\s：:，。；]{{4,40}}?{ORG_SUFFIX})\s*(?:部门)?整体")
_RENAME = re.compile(r"原?(?P<old>[^\s，。；、]{4,30}?)(?:名称)?(?:更名|变更|调整|改名)为(?P<new>[^\s，。；、]{4,30}"
                     rf"?{ORG_SUFFIX})(?=[，。；,）)\s]|$)")
_ORG_END = re.compile(ORG_SUFFIX + "$")

_YEAR_LABEL = re.compile(r"(?:评价|考核|自评|报告|所属|绩效)年度\s*[：:]\s*(?P<y>\d{4})")
_YEAR_TITLE = re.compile(r"(?P<y>20\d{2})\s*年度?")
_YEAR_BODY = re.compile(r"(?:现将|对)\s*(?P<y>20\d{2})\s*年度?|(?P<y2>20\d{2})\s*年度?(?:部门|单位)?整体支出")

_CN_DATE = "〇零一二三四五六七八九十"
_DATE_LABEL = re.compile(r"(?:填报|报告|填表|编制|报送|出具|评价)(?:日期|时间)\s*[：:]\s*")
_DATE = re.compile(rf"(?P<y>\d{{4}}|[{_CN_DATE}]{{4}})\s*[年.\-/]\s*(?P<m>\d{{1,2}}|[{_CN_DATE}]{{1,2}})\s*[月.\-/]\s*"
                   rf"(?P<d>\d{{1,2}}|[{_CN_DATE}]{{1,3}})\s*日?")


def extract_meta(ctx: Context) -> list[Fact]:
    facts = [f for f in (_department(ctx), _report_date(ctx)) if f]
    year = _fiscal_year(ctx, next((f for f in facts if f.key == "report_date"), None))
    if year:
        facts.append(year)
        ctx.fiscal_year = year.value
    return facts


def _department(ctx: Context) -> Fact | None:
    text = ctx.text
    head = text[:3000]
    fact = None
    for m in _DEPT_LABEL.finditer(head):
        name = _clean_name(m.group("name"))
        if _ORG_END.search(name):
            fact = Fact("meta", "department", name, m.start("name"), m.start("name") + len(name), "label")
            break
    if fact is None:
        fact = _department_from_title(text)
    if fact is None:
        return None
    for m in _RENAME.finditer(text):
        if m.group("old").endswith(fact.value) or fact.value.endswith(m.group("old")):
            return Fact("meta", "department", m.group("new"), m.start("new"), m.end("new"), "renamed", confidence=0.8)
    return fact


def _department_from_title(text: str) -> Fact | None:
    lines = list(_first_lines(text, 7))
    for k, (line_start, line) in enumerate(lines):
        nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
        m = _TITLE.match(line) or _TITLE.match(line + "\n" + nxt)    # a title set on two lines
        if m and m.end("name") <= len(line):
            return Fact("meta", "department", m.group("name"), line_start + m.start("name"),
                        line_start + m.end("name"), "title", confidence=0.8)
    m = _BODY.search(text, 0, 5000)
    if m:
        return Fact("meta", "department", m.group("name"), m.start("name"), m.end("name"), "body", confidence=0.7)
    return None


def _clean_name(name: str) -> str:
    return re.sub(r"[（(](?:公章|盖章|章)[）)]$", "", name).strip()


def _first_lines(text: str, n: int):
    pos = 0
    for line in text.split("\n")[:n]:
        yield pos, line
        pos += len(line) + 1


def _fiscal_year(ctx: Context, report_date: Fact | None) -> Fact | None:
    text = ctx.text
    m = _YEAR_LABEL.search(text, 0, 3000)
    if m:
        return _year_fact(m, "y", "label")
    lines = list(_first_lines(text, 6))
    for k, (line_start, line) in enumerate(lines):
        nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
        if "报告" in line or "报告" in nxt and "：" not in line or re.fullmatch(r"[（(]?\s*20\d{2}\s*年度?\s*[）)]?", line):
            t = _YEAR_TITLE.search(line)
            if t:
                return Fact("meta", "fiscal_year", int(t.group("y")), line_start + t.start(), line_start + t.end(),
                            "title")
    m = _YEAR_BODY.search(text)
    if m:
        return _year_fact(m, "y" if m.group("y") else "y2", "body", 0.7)
    if report_date:
        return Fact("meta", "fiscal_year", int(report_date.value[:4]) - 1, report_date.start, report_date.end,
                    "report_date_minus_one", confidence=0.5)
    return None


def _year_fact(m: re.Match, group: str, method: str, confidence: float = 0.9) -> Fact:
    return Fact("meta", "fiscal_year", int(m.group(group)), m.start(), m.end(), method, confidence=confidence)


def _report_date(ctx: Context) -> Fact | None:
    text = ctx.text
    for m in _DATE_LABEL.finditer(text):
        d = _DATE.match(text, m.end())
        if d and (iso := _iso(d)):
            return Fact("meta", "report_date", iso, m.start(), d.end(), "label")
    tail_start = max(0, len(text) - 200)          # a signature date closing the report
    for d in _DATE.finditer(text, tail_start):
        line_s = text.rfind("\n", 0, d.start()) + 1
        line_e = text.find("\n", d.end())
        line = text[line_s: line_e if line_e >= 0 else len(text)].strip()
        if line == d.group(0).strip() and (iso := _iso(d)):
            return Fact("meta", "report_date", iso, d.start(), d.end(), "signature", confidence=0.7)
    return None


def _iso(d: re.Match) -> str | None:
    parts = []
    for g in ("y", "m", "d"):
        s = d.group(g)
        if s.isdigit():
            n = int(s)
        elif len(s) == 4:                              # 二〇二五: digit by digit
            n = int("".join(str(_CN_DATE.index(c) - 1 if c != "〇" else 0) if c != "零" else "0" for c in s))
        else:
            v = parse_number(s)
            n = int(v) if v is not None else -1
        parts.append(n)
    y, mth, day = parts
    if not (1990 <= y <= 2100 and 1 <= mth <= 12 and 1 <= day <= 31):
        return None
    return f"{y:04d}-{mth:02d}-{day:02d}"
