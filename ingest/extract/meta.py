"""Who and when: the department, the fiscal year evaluated and the report date."""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact
from ingest.genre import genre_pattern, titles
from ingest.numbers import parse_number
from ingest.places import leading_place_length

ORG_SUFFIX = (r"(?:局|委员会|委|办公室|办|院|中心|所|站|馆|队|部|会|厅|处|室|署|社|校|学|园|团|政府|办事处|"
              r"法院|检察院|公司|台|联|场|司|总队|支队|大队|研究院|医院|集团|协会|组|宫|库)")
_LABEL_WORDS = ("评价单位", "部门名称", "单位名称", "预算部门", "预算单位", "部门（单位）名称", r"部门\(单位\)名称",
                "部门（单位）全称", r"部门\(单位\)全称", "单位全称", "部门全称", "填报单位", "报告单位", "部门单位",
                "预算部门单位", "被评价单位", "编报单位", "项目单位", "预算单位名称")
_LABELS = "|".join(sorted(_LABEL_WORDS, key=len, reverse=True))
# a cover sheet or form: "部门（单位）名称：…", "单位名称 | …", or a run-together form "预算单位名称某局年度预算…"
_DEPT_LABEL = re.compile(
    rf"(?:{_LABELS})(?:[（(][^）)]{{0,6}}[）)])?(?:\s*[：:|]\s*(?P<name>[^\s：:，。；|]{{4,40}})"
    rf"|(?P<run>[^\s：:，。；|]{{4,40}}?{ORG_SUFFIX})(?=年度|联系|主管|自评|填报|预算|评价|部门|[\s|]|$))")
_PARENT_LABEL = re.compile(r"主管部门\s*[：:|]\s*(?P<name>[^\s：:，。；|]{4,40})")
_TITLE = re.compile(rf"^(?:关于)?(?:\d{{4}}\s*年度?)?\s*(?P<name>[^\s：:，。；]{{4,40}}?{ORG_SUFFIX})\s*(?:\d{{4}}\s*年度?)?\s*"
                    r"\s*(?:部门|单位)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|自我评价|评价)")
_BODY = re.compile(rf"现将\s*\d{{4}}\s*年度?\s*(?P<name>[^\s：:，。；]{{4,40}}?{ORG_SUFFIX})\s*(?:部门)?整体")
_RENAME = re.compile(r"原?(?P<old>[^\s，。；、]{4,30}?)(?:名称)?(?:更名|变更|调整|改名)为(?P<new>[^\s，。；、]{4,30}"
                     rf"?{ORG_SUFFIX})(?=[，。；,）)\s]|$)")
_RENAME_VERB = re.compile(r"(?:更名|变更|调整|改名)为")
_ORG_END = re.compile(ORG_SUFFIX + "$")

_YEAR_LABEL = re.compile(r"(?:评价|考核|自评|报告|所属|绩效)年度\s*[：:]\s*(?P<y>\d{4})")
_YEAR_TITLE = re.compile(r"(?P<y>20\d{2})\s*年度?")
_YEAR_BODY = re.compile(r"(?:现将|对)\s*(?P<y>20\d{2})\s*年度?|(?P<y2>20\d{2})\s*年度?(?:部门|单位)?整体支出")

_CN_DATE = "〇零一二三四五六七八九十"
_DATE_LABEL = re.compile(r"(?:填报|报告|填表|编制|报送|出具)(?:日期|时间)\s*[：:]?\s*")
_DATE = re.compile(rf"(?P<y>\d{{4}}|[{_CN_DATE}]{{4}})\s*[年.\-/]\s*(?P<m>\d{{1,2}}|[{_CN_DATE}]{{1,2}})\s*[月.\-/]\s*"
                   rf"(?P<d>\d{{1,2}}|[{_CN_DATE}]{{1,3}})\s*日?")


def extract_meta(ctx: Context) -> list[Fact]:
    facts = [f for f in (_department(ctx), _report_date(ctx)) if f]
    year = _fiscal_year(ctx, next((f for f in facts if f.key == "report_date"), None))
    if year:
        facts.append(year)
        ctx.fiscal_year = ctx.fiscal_year or year.value      # a year given by the caller stands
    return facts


def _department(ctx: Context) -> Fact | None:
    text = ctx.text
    fact = _labelled_department(text[:3000]) or _department_from_title(text) or _department_from_body(text)
    if fact is None:
        m = _PARENT_LABEL.search(text, 0, 3000)       # a form naming only the department above the unit
        name = _clean_name(m.group("name")) if m else ""
        if not _ORG_END.search(name):
            return None
        fact = Fact("meta", "department", name, m.start("name"), m.start("name") + len(name), "parent_label", 0.6)
    for m in _renames(text):
        if m.group("old").endswith(fact.value) or fact.value.endswith(m.group("old")):
            return Fact("meta", "department", m.group("new"), m.start("new"), m.end("new"), "renamed", confidence=0.8)
    return fact


def _renames(text: str):
    """Matches of _RENAME, sought only around its verb (更名为 …): trying the pattern at every
    position of a long text costs more than the rest of the meta extraction."""
    for verb in _RENAME_VERB.finditer(text):
        window = max(0, verb.start() - 36)
        m = _RENAME.search(text, window, min(len(text), verb.end() + 36))
        if m:
            yield m


def _labelled_department(head: str) -> Fact | None:
    """The name a cover sheet or form gives; where it gives the name twice, the fuller form
    (单位名称:某镇政府 … 单位名称 | 某镇人民政府)."""
    found: list[Fact] = []
    for m in _DEPT_LABEL.finditer(head):
        group = "name" if m.group("name") else "run"
        name = _clean_name(m.group(group))
        if _ORG_END.search(name):
            found.append(Fact("meta", "department", name, m.start(group), m.start(group) + len(name), "label"))
    if not found:
        return None
    first = found[0]
    fuller = [f for f in found[1:] if len(f.value) > len(first.value) and _subsequence(first.value, f.value)
              and f.value[:2] == first.value[:2]]
    return fuller[0] if fuller else first


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


_LEAD_WORDS = re.compile(r"^(?:[《「“\"]|附件\s*\d*\s*[：:]?|关于|\d{1,2}[、.]|\s)+")
_YEAR_WORDS = re.compile(r"^\s*(?:20\d{2}\s*年?度?)\s*|\s*(?:20\d{2}\s*年?度?)\s*$")
_PLACE_ONLY = re.compile(r"(?:乡|镇|街道|县|区|市)$")
_PLACE_BODY = r"(?:人民政府|政府|街道办事处|办事处)"


def _department_from_title(text: str) -> Fact | None:
    """The body a title names before the genre's words ("某局2024年度部门整体支出绩效自评报告");
    a title set on two lines, the name alone on the line above; a title naming only a place,
    the place's government or office as the text names it."""
    for t in titles(text):
        start, name = _title_name(text, t.line_start, t.subject_start)
        if not name and t.line_start > 0:             # "某法院" / "2018年度部门整体支出绩效评价报告"
            prev = text.rfind("\n", 0, t.line_start - 1) + 1
            start, name = _title_name(text, prev, t.line_start - 1)
        if _ORG_END.search(name) and len(name) >= 4:
            return Fact("meta", "department", name, start, start + len(name), "title", confidence=0.8)
        if len(name) >= 2 and _PLACE_ONLY.search(name):
            found = [(_with_places_before(text, m.start()), m.end()) for m in re.finditer(re.escape(name) + _PLACE_BODY, text)]
            if found:                                 # the fullest: 某市某区某街道办事处 over 某街道办事处
                s, e = min(found, key=lambda x: (x[0] - x[1], x[0]))
                return Fact("meta", "department", text[s:e], s, e, "title_place_body", confidence=0.7)
    m = _BODY.search(text, 0, 5000)
    if m:
        return Fact("meta", "department", m.group("name"), m.start("name"), m.end("name"), "body", confidence=0.7)
    return None


def _with_places_before(text: str, k: int) -> int:
    """Where the place names written in full just before offset k begin (k if none)."""
    return next((j for j in range(max(0, k - 15), k) if leading_place_length(text[j:k]) == k - j), k)


def _title_name(text: str, start: int, end: int) -> tuple[int, str]:
    """(offset, name) of what stands before the genre's words on a title line."""
    seg = text[start:end]
    lead = _LEAD_WORDS.match(seg)
    cut = lead.end() if lead else 0
    seg = seg[cut:]
    year = re.match(r"\s*20\d{2}\s*年?度?\s*", seg)
    if year:
        cut, seg = cut + year.end(), seg[year.end():]
    seg = _YEAR_WORDS.sub("", seg).strip()
    if re.search(r"[\s，。；：:|]", seg):
        return start, ""
    return start + cut, seg


_BODY_ORG = re.compile(rf"[\u4e00-\u9fff（）()]{{2,30}}?{ORG_SUFFIX}(?=是|为|较好|认真|坚持|始终|紧紧|围绕|全面|严格|共有|内设|下设|$)")


def _department_from_body(text: str) -> Fact | None:
    """A page that starts inside the report: the first body, named with its full place, that a
    sentence is about ("某省住房和城乡建设厅是省政府组成部门")."""
    for m in _BODY_ORG.finditer(text, 0, 3000):
        for k in range(m.start(), m.end() - 3):
            n = leading_place_length(text[k:m.end()])
            if n and m.end() - k - n >= 2:
                return Fact("meta", "department", text[k:m.end()], k, m.end(), "body_subject", confidence=0.6)
    return None


def _clean_name(name: str) -> str:
    return re.sub(r"[（(](?:公章|盖章|章)[）)]$", "", name).strip()


def _first_lines(text: str, n: int):
    pos = 0
    for line in text.split("\n")[:n]:
        yield pos, line
        pos += len(line) + 1


def _fiscal_year(ctx: Context, report_date: Fact | None) -> Fact | None:
    """The year evaluated: a label (评价年度：), the title or the bracketed year line under it,
    a notice or heading that names the genre with a year, the title lines of old layouts, the
    year before the report date, and last the year the opening speaks of most."""
    text = ctx.text
    m = _YEAR_LABEL.search(text, 0, 3000)
    if m:
        return _year_fact(m, "y", "label")
    for t in titles(text):                       # the title, the line above a title set on two lines
        lo = t.line_start
        if not text[lo:t.subject_start].strip() or re.fullmatch(r"\s*20\d{2}\s*年?度?\s*", text[lo:t.subject_start]):
            lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
        y = _YEAR_NEAR.search(text, lo, t.end) or _YEAR_AFTER.match(text, t.end)
        if y:
            return Fact("meta", "fiscal_year", int(y.group("y")), y.start("y"), y.end(), "title", confidence=0.85)
    for g in genre_pattern().finditer(text, 0, 6000):   # a notice or heading naming the genre and a year
        lo = max(text.rfind("\n", 0, g.start()) + 1, g.start() - 30)
        stop = max(text.rfind(c, lo, g.start()) for c in "，。；、》〕)）")
        y = _YEAR_NEAR.search(text, max(lo, stop + 1), g.end()) or _YEAR_AFTER.match(text, g.end())
        if y:
            return Fact("meta", "fiscal_year", int(y.group("y")), y.start("y"), y.end(), "genre_year", confidence=0.8)
    fact = _year_from_title_lines(text)
    if fact:
        return fact
    m = _YEAR_BODY.search(text)
    if m:
        return _year_fact(m, "y" if m.group("y") else "y2", "body", 0.7)
    if report_date:
        return Fact("meta", "fiscal_year", int(report_date.value[:4]) - 1, report_date.start, report_date.end,
                    "report_date_minus_one", confidence=0.5)
    years = [y for y in _YEAR_MENTION.finditer(text, 0, 3000)]
    if years:
        counts: dict[str, int] = {}
        for y in years:
            counts[y.group("y")] = counts.get(y.group("y"), 0) + 1
        best = max(counts, key=lambda k: (counts[k], k))
        y = next(y for y in years if y.group("y") == best)
        return Fact("meta", "fiscal_year", int(best), y.start(), y.end(), "most_mentioned_year", confidence=0.4)
    return None


_YEAR_NEAR = re.compile(r"(?P<y>20\d{2})(?!\d|\s*年\s*\d{1,2}\s*月|[-./]\d)\s*年?度?")   # a year, not a date
_YEAR_AFTER = re.compile(r"\s*(?:[（(]\s*)?(?:\n\s*[（(]?\s*)?(?P<y>20\d{2})\s*年度?")
_YEAR_MENTION = re.compile(r"(?P<y>20\d{2})\s*年")


def _year_from_title_lines(text: str) -> Fact | None:
    lines = list(_first_lines(text, 6))
    for k, (line_start, line) in enumerate(lines):
        nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
        if re.search(r"日期|时间", line):
            continue
        if "报告" in line or "报告" in nxt and "：" not in line or re.fullmatch(r"[（(]?\s*20\d{2}\s*年度?\s*[）)]?", line):
            t = _YEAR_TITLE.search(line)
            if t:
                return Fact("meta", "fiscal_year", int(t.group("y")), line_start + t.start(), line_start + t.end(),
                            "title")
    return None


def _year_fact(m: re.Match, group: str, method: str, confidence: float = 0.9) -> Fact:
    return Fact("meta", "fiscal_year", int(m.group(group)), m.start(), m.end(), method, confidence=confidence)


def _report_date(ctx: Context) -> Fact | None:
    text = ctx.text
    for m in _DATE_LABEL.finditer(text):
        d = _DATE.match(text, m.end())
        if d and (iso := _iso(d)):
            return Fact("meta", "report_date", iso, m.start(), d.end(), "label")
    cover = _cover_date(text)
    if cover:
        return cover
    tail_start = max(0, len(text) - 200)          # a signature date closing the report
    for d in _DATE.finditer(text, tail_start):
        line_s = text.rfind("\n", 0, d.start()) + 1
        line_e = text.find("\n", d.end())
        line = text[line_s: line_e if line_e >= 0 else len(text)].strip()
        if line == d.group(0).strip() and (iso := _iso(d)):
            return Fact("meta", "report_date", iso, d.start(), d.end(), "signature", confidence=0.7)
    return None


_CN_DAY = re.compile(r"(?<!\d)(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")


def _cover_date(text: str) -> Fact | None:
    """A cover sheet's date, alone on its line under the title ("2023年3月15日")."""
    first = next(titles(text), None)
    if first is None:
        return None
    for line_start, line in _first_lines(text[first.line_start:], 15):
        d = _CN_DAY.search(line.rstrip())
        before = line[max(0, d.start() - 12):d.start()] if d else ""
        if d and (iso := _iso(d)) and not re.search(r"[，。；]|[\u4e00-\u9fff]{2}\s*[：:]\s*$", before):
            s = first.line_start + line_start + d.start()
            return Fact("meta", "report_date", iso, s, s + len(d.group()), "cover_date", confidence=0.7)
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
