"""Scores: the total self-evaluation score and grade, earlier years' scores, and the
points of each indicator (指标分值 / 自评得分)."""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact, sentence_bounds
from ingest.extract.grids import extract_grid_indicators
from ingest.extract.tables import extract_history_table, extract_score_table
from ingest.lexicon import alternation
from ingest.numbers import NUM, parse_number
from ingest.outline import Heading

# The total score after its label (label words from the lexicon): "自评得分为92分" (stated), "综合评分
# 95.59分" (direct), "自评总分(分) 97.6" (cell of a 自评表), "（满分100分，得91.5分）".
_TOTAL = re.compile(rf"(?:{alternation('score', 'stated')})\s*(?:为|是|:|：)+\s*[:：]?\s*(?P<s>{NUM})(?![\d.]*\s*%)\s*(?:分)?"
                    rf"|(?:{alternation('score', 'direct')})\s*(?P<s2>{NUM})\s*分"
                    rf"|(?:{alternation('score', 'cell')})\s*[:：|]?\s*(?P<s3>{NUM})(?![\d.]*\s*%)"
                    rf"|满分\s*100\s*分\s*[，,]\s*(?:自评)?得分?\s*(?:为)?\s*(?P<s4>{NUM})\s*分")
_NOT_TOTAL = ("项目", "专项", "重点绩效评价", "重点评价", "指标", "分值", "单项")
_OTHERS_EVALUATION = re.compile(r"重点(?:绩效)?评价|专项资金|第三方|财政(?:厅|局)对")
_TOTAL_HINT = ("整体", "部门", "年度", "自评", "总分", "单位", "本次", "综合", "经评价")
_YEAR = re.compile(r"(20\d{2})\s*年")
_LAST_YEAR = re.compile(r"上一?年度?|去年")
_GRADES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差", "合格": "中", "优": "优", "良": "良", "中": "中",
           "差": "差"}
_GRADE_AT = re.compile(r"(?:等级|等次|评级|级别|档次)\s*(?:为|是|:|：|评定为|评为)?\s*[“\"「‘'『]?(?P<g>优秀|良好|中等|较差|优|良|中|差)")
_GRADE_TO = re.compile(r"(?:为|到|至)\s*[“\"「‘'『]?(?P<g>优秀|良好|中等|较差|优|良|中|差)")


def extract_scores(ctx: Context) -> list[Fact]:
    """The total score and grade of the evaluated year, and the history of earlier years."""
    text, facts, history = ctx.text, [], {}
    for m in _TOTAL.finditer(text):
        score = parse_number(m.group("s") or m.group("s2") or m.group("s3") or m.group("s4"))
        if score is None or not (0 <= score <= 120):
            continue
        s, e = sentence_bounds(text, m.start())
        clause = text[max(s, text.rfind("，", s, m.start()) + 1):m.start()]
        prefix = text[s:m.start()]
        if any(w in clause for w in _NOT_TOTAL) or _OTHERS_EVALUATION.search(prefix) or "分值" in prefix \
                or "指标值" in prefix:
            continue
        if m.group("s2") and not any(w in prefix for w in _TOTAL_HINT) and score < 60:
            continue
        years = [int(y) for y in _YEAR.findall(prefix)]
        year = years[-1] if years else None
        if year is None and ctx.fiscal_year and _LAST_YEAR.search(prefix):
            year = ctx.fiscal_year - 1                   # "上年度自评得分为95分"
        grade = _grade_after(text, m.end(), e)
        if year and ctx.fiscal_year and year < ctx.fiscal_year:
            if year not in history:
                history[year] = Fact("score_history", str(year), {"year": year, "score": score, "grade": grade},
                                     s, e, "total_score_of_earlier_year")
        elif not any(f.key == "self_score" for f in facts) and (year is None or ctx.fiscal_year in (None, year)):
            facts.append(Fact("meta", "self_score", score, s, m.end(), "total_score_statement", unit="分"))
            if grade:
                facts.append(Fact("meta", "grade", grade, s, e, "grade_statement"))
        ctx.consumed.append((m.start(), m.end()))
    if not any(f.key == "grade" for f in facts):
        facts.extend(_grade_alone(ctx))
    for f in _respectively(ctx) + _year_score_pairs(ctx) + extract_history_table(ctx):
        if ctx.fiscal_year is None or f.value["year"] < ctx.fiscal_year:
            history.setdefault(f.value["year"], f)
    return facts + sorted(history.values(), key=lambda f: f.value["year"])


_RESPECTIVELY = re.compile(rf"(?P<years>(?:20\d{{2}}\s*年度?\s*[、，,和及与]?\s*){{2,}})[^。；]{{0,40}}?"
                           rf"(?:得分|分数|评分|结果)分别为\s*(?P<scores>(?:{NUM}\s*分?\s*[、，,和及与]?\s*){{2,}})")


def _respectively(ctx: Context) -> list[Fact]:
    """'2018 年、2019 年我局…自评得分分别为98.59分、97分'."""
    out = []
    for m in _RESPECTIVELY.finditer(ctx.text):
        years = [int(y) for y in re.findall(r"20\d{2}", m.group("years"))]
        scores = [parse_number(x) for x in re.findall(NUM, m.group("scores"))]
        if len(years) != len(scores):
            continue
        same = _ALL_GRADES.match(ctx.text, m.end())          # "…，等级均为“良”"
        grade = _GRADES[same.group("g")] if same else None
        for y, sc in zip(years, scores):
            out.append(Fact("score_history", str(y), {"year": y, "score": sc, "grade": grade}, m.start(),
                            same.end() if same else m.end(), "scores_respectively"))
    return out


_ALL_GRADES = re.compile(r"\s*[，,]?\s*(?:评价|自评)?等级均为\s*[“\"「‘']?(?P<g>优秀|良好|中等|较差|优|良|中|差)")
_YEAR_SCORE = re.compile(rf"(?P<y>20\d{{2}})\s*年度?\s*[（(]?\s*(?:自评)?(?:得分)?\s*(?P<s>{NUM})\s*分")


def _year_score_pairs(ctx: Context) -> list[Fact]:
    """'（2022年度94.87分，2021年度93.10分）', '较 2022 年度（84 分）提高': a year right beside
    its score, in a sentence about the evaluation score."""
    out = []
    for m in _YEAR_SCORE.finditer(ctx.text):
        s, e = sentence_bounds(ctx.text, m.start())
        score = parse_number(m.group("s"))
        if score is None or not 40 <= score <= 110 or not re.search(r"得分|自评|评价", ctx.text[s:e]):
            continue
        y = int(m.group("y"))
        out.append(Fact("score_history", str(y), {"year": y, "score": score, "grade": None}, m.start(), m.end(),
                        "year_beside_score"))
    return out


def _grade_after(text: str, pos: int, end: int) -> str | None:
    seg = text[pos:end]
    i = next((seg.find(w) for w in ("等级", "等次", "评级") if seg.find(w) >= 0), -1)
    if i < 0:
        return None
    m = _GRADE_AT.match(seg, i) or _GRADE_TO.search(seg, i)
    return _GRADES[m.group("g")] if m else None


def _grade_alone(ctx: Context) -> list[Fact]:
    """'绩效等级为“优”' stated without a score, in the current year's conclusion."""
    m = re.search(r"(?:(?:自评|绩效|评价)(?:等级|等次)|(?:自评|评价)(?:结果|结论)?|评定等级)\s*(?:为|是|:|：|评定为)\s*[“\"「‘'『]?"
                  r"(?P<g>优秀|良好|中等|较差|优|良|中|差)(?![\u4e00-\u9fff]{2})", ctx.text)
    if not m:
        return []
    s, e = sentence_bounds(ctx.text, m.start())
    years = [int(y) for y in _YEAR.findall(ctx.text[s:m.start()])]
    if years and ctx.fiscal_year and years[-1] != ctx.fiscal_year or not re.search(r"自评|整体", ctx.text[s:e]):
        return []                              # another year's, or another evaluation's grade
    return [Fact("meta", "grade", _GRADES[m.group("g")], m.start(), m.end(), "grade_statement", confidence=0.7)]


# ---- indicator points -------------------------------------------------------------------

_INLINE = re.compile(rf"[（(]\s*(?:(?:指标)?(?:分值|值|满分|权重)\s*[:：为]?\s*)?(?P<max>{NUM})\s*分?\s*[,，、;；]\s*"
                     rf"(?:自评)?得分\s*[:：为]?\s*(?P<score>{NUM})\s*分?\s*[）)]"
                     rf"|[（(]\s*(?:分值|满分)?\s*(?P<max2>{NUM})\s*分\s*[)）]\s*[,，]?\s*(?:自评)?得分?\s*[:：为]?\s*"
                     rf"(?P<score2>{NUM})\s*分"
                     rf"|(?<=[\u4e00-\u9fff”])分值\s*(?P<max3>{NUM})\s*分\s*[,，]\s*(?:自评)?得分\s*(?P<score3>{NUM})\s*分")
_TITLE_MAX = re.compile(rf"\s*[（(]\s*(?:分值|满分|权重)?\s*(?P<max>{NUM})\s*分\s*[）)]\s*$")
_BODY_MAX = re.compile(rf"(?:指标)?(?:分值|满分|权重分?)\s*(?:为)?\s*(?P<max>{NUM})\s*分")
_BODY_SCORE = re.compile(rf"(?:自评)?得分\s*(?:为|:|：)?\s*(?P<score>{NUM})\s*分(?!率)"
                         rf"|综合得分\s*[=＝][^。；\n]*[=＝]\s*(?P<formula>{NUM})(?![\d.%])")
_NAME_STOP = re.compile(r"[，。；：:,;、\n]|^\s*$")
_SKIP_BODY = re.compile(r"不考核|不适用|不涉及本项|本项不评")


def extract_indicator_scores(ctx: Context) -> list[Fact]:
    """Every indicator with a stated self score, in report order."""
    inline = _inline_indicators(ctx)
    covered = {f.extra["heading"] for f in inline if f.extra.get("heading") is not None}
    by_heading = [f for h in ctx.outline.headings if h.start not in covered
                  for f in [_heading_indicator(ctx, h)] if f]
    out, seen = [], set()
    for f in sorted(inline + by_heading + extract_grid_indicators(ctx) + extract_score_table(ctx),
                    key=lambda f: f.start):
        if f.value["name"] not in seen:
            seen.add(f.value["name"])
            out.append(f)
    for i, f in enumerate(out):
        f.key = str(i)
    return out


def _inline_indicators(ctx: Context) -> list[Fact]:
    """'绩效结果运用（指标分值 3 分，自评得分 1.8 分）'."""
    text, out = ctx.text, []
    for m in _INLINE.finditer(text):
        h = ctx.outline.heading_at(m.start())
        in_title = h is not None and h.title_start <= m.start() <= h.title_end
        name_start = h.title_start if in_title else _name_start(text, m.start())
        name = _clean_indicator_name(text[name_start:m.start()])
        if len(name) < 2 or name == "指标":          # "，指标分值 50 分，…": the heading names it
            continue
        ctx.consumed.append((m.start(), m.end()))
        value = {"name": name, "max": parse_number(m.group("max") or m.group("max2") or m.group("max3")),
                 "score": parse_number(m.group("score") or m.group("score2") or m.group("score3"))}
        if value["score"] is None or value["max"] is not None and value["score"] > value["max"]:
            continue
        depth = (h.depth if in_title else h.depth + 1) if h else 0
        out.append(Fact("indicator_scores", "", value, name_start, m.end(), "inline_points",
                        extra={"heading": h.start if in_title else None, "depth": depth}))
    return out


def _name_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and not _NAME_STOP.match(text[i - 1]) and pos - i < 40:
        i -= 1
    return i


def _heading_indicator(ctx: Context, h: Heading) -> Fact | None:
    """'（1）预算编制合理性（5 分）。自评得分 5 分，…' — the heading names the indicator."""
    text = ctx.text
    end = ctx.outline.body_end(h)
    body = text[h.title_end:end]
    if _SKIP_BODY.search(body[:60]):
        return None
    score_m = next((m for m in _BODY_SCORE.finditer(text, h.title_end, end)
                    if not ctx.is_consumed(m.start(), m.end())
                    and not _OTHERS_EVALUATION.search(text[sentence_bounds(text, m.start())[0]:m.start()])), None)
    if score_m is None:
        return None
    title = h.title
    max_m = _TITLE_MAX.search(title)
    if max_m:
        title = title[:max_m.start()]
        max_v = parse_number(max_m.group("max"))
    else:
        body_max = _BODY_MAX.search(text, h.title_end, score_m.start())
        max_v = parse_number(body_max.group("max")) if body_max else None
    name = _clean_indicator_name(re.sub(r"(?:情况)?分析$|(?<=^..)情况$", "", title.strip()))
    if len(name) < 2:
        return None
    score = parse_number(score_m.group("score") or score_m.group("formula"))
    if score is None or (max_v is not None and score > max_v):
        return None
    ctx.consumed.append((score_m.start(), score_m.end()))
    return Fact("indicator_scores", "", {"name": name, "max": max_v, "score": score}, h.title_start,
                score_m.end(), "heading_points", extra={"depth": h.depth})


def _clean_indicator_name(s: str) -> str:
    s = re.sub(r"^\s*(?:[（(]?\s*[一二三四五六七八九十\d]{1,3}\s*[)）、.．]|[①-⑳])\s*", "", s)
    return s.strip(" 。.：:")
