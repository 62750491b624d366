"""Figures stated in tables rather than sentences.

Tables reach us as text: a row per line with cells separated by spaces or tabs, or (from
PDFs) a cell per line. Three kinds are read here:
- money tables under a unit line ("单位：万元"): a row label, then figures whose column
  header says what they are (预算数 / 决算数 / 全年执行数 …);
- score tables (指标 / 分值 / 得分): an indicator per row;
- score history tables (年度 / 得分 / 等级).
"""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact, bare_label
from ingest.extract.finance import classify_amount
from ingest.numbers import NUM, parse_number, to_yuan
from ingest.outline import paragraphs

_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(?P<unit>万元|亿元|元)")
_NUM_CELL = re.compile(rf"^(?:{NUM}|-?{NUM})$")
_PCT_CELL = re.compile(rf"^{NUM}%$")
_VALUE_COLS = re.compile(r"预算|决算|执行|实际|金额|支出数|本年数|合计")
_TOTAL_ROW = re.compile(r"^(?:年度)?(?:预算)?资金总额$|^合计$|^总计$|^年度预算资金总额$|^资金总额$")
_END_OF_TABLE = re.compile(r"[。；]")


def _cells(line: str) -> list[str]:
    return line.split()


def _rows_after(text: str, lines: list[tuple[int, int]], i: int, limit: int = 60):
    """Lines after line i that still look like table content (no prose sentence)."""
    for s, e in lines[i + 1:i + 1 + limit]:
        line = text[s:e]
        if _END_OF_TABLE.search(line) and len(line) > 25:
            return
        yield s, e, line


# ---- money tables ------------------------------------------------------------------------

def extract_table_amounts(ctx: Context, known: set[str]) -> list[Fact]:
    """Amounts from tables with a unit line; keys already stated in prose are left alone.
    Read as a sequence of cells, so a row broken over lines or a cell per line reads alike."""
    text, lines = ctx.text, list(paragraphs(ctx.text))
    found: dict[str, Fact] = {}
    for i, (s, e) in enumerate(lines):
        m = _UNIT_LINE.search(text, s, e)
        if not m:
            continue
        unit = m.group("unit")
        cells = [(c, rs, re_) for rs, re_, line in _rows_after(text, lines, i) for c in _cells(line)]
        header, k = [], 0
        while k < len(cells) and _HEADER_WORD.fullmatch(cells[k][0]):
            header.append(cells[k][0])
            k += 1
        columns = header[1:] if header and not _VALUE_COLS.search(header[0]) else header
        for label, nums, rs, re_ in _money_rows(cells, k):
            for key, value in _row_amounts(label, nums, columns or None):
                if key in known or key in found:
                    continue
                if key == "budget_execution_rate":
                    found[key] = Fact("rates", key, value, rs, re_, "table:" + key, unit="%", confidence=0.8)
                else:
                    found[key] = Fact("amounts", key, to_yuan(value, unit), rs, re_,
                                      "table:" + key, unit=unit, confidence=0.8)
    return list(found.values())


_HEADER_WORD = re.compile(r"项目|科目|名称|金额|合计|备注|执行率|预算数|决算数|年初预算数|全年预算数|全年执行数|调整预算数|"
                          r"本年数|上年数|实际支出数|执行数|支出数|数额|比例|占比|增减|增减率")


def _money_rows(cells: list, k: int):
    """(label, figures, start, end) per row: the words of a row, then its figures."""
    while k < len(cells):
        words, nums = [], []
        start = cells[k][1]
        while k < len(cells) and not _is_figure(cells[k][0]):
            words.append(cells[k][0])
            k += 1
        while k < len(cells) and _is_figure(cells[k][0]):
            nums.append(cells[k][0])
            k += 1
        if not nums or len(words) > 4:          # a run of words: the table is over
            return
        yield "".join(words), nums, start, cells[k - 1][2]


def _is_figure(cell: str) -> bool:
    return bool(_NUM_CELL.match(cell) or _PCT_CELL.match(cell))


def _row_amounts(label: str, nums: list[str], header: list[str] | None):
    label = bare_label(label)
    if header and len(header) == 1 and len(nums) == 2 and re.fullmatch(r"\d{1,3}", nums[0]) \
            and _NUM_CELL.match(nums[1]):
        nums = [nums[0] + nums[1]]               # one value column: a figure wrapped in its cell ("1" "2186.82")
    cols = header[-len(nums):] if header and len(header) >= len(nums) else [None] * len(nums)
    for col, cell in zip(cols, nums):
        if _PCT_CELL.match(cell):
            if col and "执行率" in col and _TOTAL_ROW.match(label):
                yield "budget_execution_rate", parse_number(cell[:-1])
            continue
        value = parse_number(cell)
        if value is None:
            continue
        if col and _VALUE_COLS.search(col) and not re.fullmatch(r"金额|合计|本年数|决算数", col):
            name = bare_label(col) if _TOTAL_ROW.match(label) else label + bare_label(col)
        else:
            name = label
        key, _ = classify_amount(name, None, name)
        if key is None and col:
            key, _ = classify_amount(label, None, label)
        if key:
            yield key, value


# ---- score tables ------------------------------------------------------------------------

_SCORE_HEADER = re.compile(r"(?:指标|名称|项目).*(?:分值|满分|标准分|权重).*(?:得分|评分)", re.S)


def extract_score_table(ctx: Context) -> list[Fact]:
    """Indicator rows under a 指标名称 / 分值 / 得分 header: 'name max score' per line, or
    (from PDFs) one cell per line."""
    text, lines = ctx.text, list(paragraphs(ctx.text))
    out: list[Fact] = []
    for i, (s, e) in enumerate(lines):
        head = text[s:e]
        header_lines = []
        for a, b in lines[i:i + 6]:               # the header: lines of words, no figures
            if re.search(r"\d", text[a:b]) or len(text[a:b]) > 80:
                break
            header_lines.append(text[a:b])
        if not re.search(r"指标|名称|项目", head) or not _SCORE_HEADER.search("\n".join(header_lines)):
            continue
        if len(_cells(head)) >= 5 and re.search(r"目标值|指标值|完成值|实际值", head):
            out.extend(_score_rows_by_line(ctx, text, lines, i))   # a 自评表 row: name, target, actual, points
            continue
        cells = [(c, rs, re_) for rs, re_, line in _rows_after(text, lines, i, limit=200) for c in _cells(line)]
        k, words = _skip_header(cells), 0
        while k < len(cells):
            name, rs, _ = cells[k]
            nums = []
            while k + 1 + len(nums) < len(cells) and len(nums) < 2 and _NUM_CELL.match(cells[k + 1 + len(nums)][0]):
                nums.append(parse_number(cells[k + 1 + len(nums)][0]))
            if nums and re.fullmatch(r"合计|总计|总分|得分合计", name) and (len(nums) == 1 or nums[0] == 100):
                ctx.table_total = Fact("meta", "self_score", nums[-1], rs, cells[k + len(nums)][2], "score_table_total",
                                       unit="分", confidence=0.8)
            if _NUM_CELL.match(name) or not nums or not re.search(r"[\u4e00-\u9fff]", name) \
                    or re.fullmatch(r"合计|总计|总分|得分合计|小计", name):
                words = words + 1 if not nums else 0
                if words > 3:                       # more words than indicator levels: the table is over
                    break
                k += 1
                continue
            words = 0
            value = {"name": name, "max": nums[0] if len(nums) == 2 else None, "score": nums[-1]}
            end = cells[k + len(nums)][2]
            k += 1 + len(nums)
            if value["max"] is not None and value["score"] > value["max"]:
                continue
            out.append(Fact("indicator_scores", "", value, rs, end, "score_table_row", confidence=0.8))
    return out


_TARGETISH = re.compile(r"\d|[≥≤<>＞＜]|不低于|不高于|不超|达到|以上|以下")


def _score_rows_by_line(ctx: Context, text: str, lines, i: int) -> list[Fact]:
    """Rows of a 自评表 with target columns: '… 三级指标 目标值 完成值 分值 得分 [原因]'. The name
    is the cell before the first target-like cell; the points are the last two plain numbers."""
    out = []
    for rs, re_, line in _rows_after(text, lines, i, limit=80):
        cells = _cells(line)
        first = next((k for k, c in enumerate(cells) if _TARGETISH.search(c)), None)
        nums = [(k, c) for k, c in enumerate(cells) if _NUM_CELL.match(c)]
        if first is None or first == 0 or len(nums) < 2 or nums[-2][0] <= first:
            if out and not nums:
                break
            continue
        name = cells[first - 1]
        mx, sc = parse_number(nums[-2][1]), parse_number(nums[-1][1])
        if re.fullmatch(r"合计|总计|总分", name) or sc > mx or not re.search(r"[\u4e00-\u9fff]", name):
            continue
        out.append(Fact("indicator_scores", "", {"name": name, "max": mx, "score": sc}, rs, re_,
                        "score_table_row", confidence=0.8))
    return out


def _skip_header(cells: list) -> int:
    k = 0
    while k < len(cells) and re.search(r"指标|分值|得分|满分|权重|名称|评分|序号|扣分", cells[k][0]) \
            and not _NUM_CELL.match(cells[k][0]):
        k += 1
    return k


# ---- score history tables ----------------------------------------------------------------

_HISTORY_HEADER = re.compile(r"年度.{0,12}(?:得分|分数|评分)")
_YEAR_CELL = re.compile(r"^(20\d{2})\s*年?度?$")
_GRADE_CELL = re.compile(r"^[“\"‘']?(优秀|良好|中等|较差|优|良|中|差)[”\"’']?$")
_GRADES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def extract_history_table(ctx: Context) -> list[Fact]:
    """'年度 自评得分 等级' then year / score / grade cells, a row per line or a cell per line."""
    text, lines = ctx.text, list(paragraphs(ctx.text))
    out: list[Fact] = []
    for i, (s, e) in enumerate(lines):
        head = " ".join(text[a:b] for a, b in lines[i:i + 3])       # a header may be a cell per line
        if not text[s:e].startswith(("年度", "年份")) or re.search(r"\d", text[s:e]) \
                or not _HISTORY_HEADER.search(head) or "。" in head:
            continue
        cells = [(c, rs, re_) for rs, re_, line in _rows_after(text, lines, i, limit=40) for c in _cells(line)]
        k = 0
        while k + 1 < len(cells):
            y = _YEAR_CELL.match(cells[k][0])
            score = parse_number(cells[k + 1][0]) if _NUM_CELL.match(cells[k + 1][0]) else None
            if not y or score is None or not 0 <= score <= 120:
                k += 1
                continue
            grade_m = _GRADE_CELL.match(cells[k + 2][0]) if k + 2 < len(cells) else None
            grade = _GRADES.get(grade_m.group(1), grade_m.group(1)) if grade_m else None
            last = cells[k + 2] if grade_m else cells[k + 1]
            out.append(Fact("score_history", y.group(1), {"year": int(y.group(1)), "score": score, "grade": grade},
                            cells[k][1], last[2], "history_table_row", confidence=0.8))
            k += 3 if grade_m else 2
    return out
