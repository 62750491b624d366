"""Indicator target tables: 二级指标 / 三级指标 / 年度目标值 / 年度实现值 / 指标完成率.

PDF text gives a table one cell per line, a long cell over several lines, and a merged
二级指标 cell only on its first row. A row starts at its running number and ends with its
completion rate; the cells in between are read from the right (rate, actual, target) and
what is left is the indicator's name, with a 二级指标 label in front where the row has one.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ingest.extract.common import Context, Fact
from ingest.numbers import parse_number
from ingest.outline import paragraphs

_HEADER = re.compile(r"三级指标|指标名称|绩效指标")
_HEADER_VALUES = re.compile(r"目标值|指标值|预期值")
_HEADER_DONE = re.compile(r"完成率|完成情况|完成值|实现值|实际值")
_CELL = re.compile(r"^\S{0,8}\d\S{0,6}$")          # a value cell: "103%", "6个", ">=98%"
_RATE = re.compile(r"^(?P<v>\d+(?:\.\d+)?)%$")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
          "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标",
          "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度", "产出指标", "效益指标")
_LEVEL2 = re.compile("^(" + "|".join(sorted(LEVEL2, key=len, reverse=True)) + ")")
_COMPARATORS = ("大于", "小于", "不低于", "不少于", "不高于", "不超过", "高于", "低于", "至少", "达到", "≥", "≤")


def extract_targets(ctx: Context) -> list[Fact]:
    text = ctx.text
    lines = list(paragraphs(text))
    out: list[Fact] = []
    i = 0
    while i < len(lines):
        if _is_header(text, lines, i):
            rows, i = _read_rows(text, lines, i + 1)
            out.extend(rows)
        else:
            i += 1
    for n, f in enumerate(out):
        f.key = str(n)
        ctx.consumed.append((f.start, f.end))
    return out


def _is_header(text: str, lines, i: int) -> bool:
    window = "".join(text[s:e] for s, e in lines[i:i + 4])
    return bool(_HEADER.search(text[lines[i][0]:lines[i][1]]) and _HEADER_VALUES.search(window)
                and _HEADER_DONE.search(window))


def _read_rows(text: str, lines, i: int) -> tuple[list[Fact], int]:
    rows: list[Fact] = []
    expected, level2 = 1, None
    while i < len(lines) and not _row_start(text[lines[i][0]:lines[i][1]], expected):
        i += 1                                   # the rest of a header broken over lines
        if i < len(lines) and lines[i][1] - lines[i][0] > 60:
            return rows, i
    while i < len(lines):
        line = text[lines[i][0]:lines[i][1]]
        if line.isdigit() and not _row_start(line, expected) and i + 1 < len(lines) \
                and _row_start(text[lines[i + 1][0]:lines[i + 1][1]], expected):
            i += 1                               # a stray page number inside the table
            continue
        start = lines[i][0]
        numbered = _row_start(line, expected)
        j = _row_end(text, lines, i, expected)
        if j is None:
            break
        cells = [text[s:e] for s, e in lines[i:j + 1]]
        if numbered:
            cells[0] = cells[0][len(str(expected)):]
        row = _parse_row(" ".join(cells), level2)
        if row is None:
            break
        level2 = row["level2"]
        rows.append(Fact("indicator_targets", "", row, start, lines[j][1], "target_table_row"))
        expected, i = expected + 1, j + 1
    return rows, i


def _row_end(text: str, lines, i: int, expected: int) -> int | None:
    """Last line of the row starting at line i: the row has its cells, and what follows is
    the next row's number or no longer a cell. A row whose own number was lost (taken for
    a page number) must be followed by the next row's number."""
    numbered = _row_start(text[lines[i][0]:lines[i][1]], expected)
    for j in range(i, min(i + 10, len(lines))):
        row = " ".join(text[s:e] for s, e in lines[i:j + 1])
        if numbered:
            row = row[len(str(expected)):]
        nxt = text[lines[j + 1][0]:lines[j + 1][1]] if j + 1 < len(lines) else ""
        after = text[lines[j + 2][0]:lines[j + 2][1]] if j + 2 < len(lines) else ""
        if not _ends_row(row):
            continue
        if _row_start(nxt, expected + 1) or (numbered and not _CELL.match(nxt)) \
                or (nxt.isdigit() and _row_start(after, expected + 1)):     # a stray page number follows
            return j
    return None


def _row_start(line: str, expected: int) -> bool:
    n = str(expected)
    return line.startswith(n) and (len(line) == len(n) or not line[len(n)].isdigit() and line[len(n)] != ".")


def _ends_row(row: str) -> bool:
    toks = row.split()
    return len(toks) >= 4 and bool(_RATE.match(toks[-1]))


def _parse_row(row: str, level2: str | None) -> dict | None:
    toks = _merge_tokens(row.split())
    if len(toks) < 4 or not _RATE.match(toks[-1]):
        return None
    rate = parse_number(_RATE.match(toks[-1]).group("v"))
    name = "".join(toks[:-3])
    m = _LEVEL2.match(name)
    if m and len(name) > len(m.group(1)):
        level2, name = m.group(1), name[len(m.group(1)):]
    return {"level2": level2, "name": name, "target": toks[-3], "actual": toks[-2],
            "completion_rate": rate if rate is not None else Decimal(0)}


def _merge_tokens(toks: list[str]) -> list[str]:
    """'12 份' → '12份', '大于 95%' → '大于95%': a unit belongs to its number."""
    out: list[str] = []
    for t in toks:
        unit = out and out[-1][-1].isdigit() and not t[0].isdigit() and t[0] not in "<>=≥≤“\"" \
            and len(t) <= 5 and not _LEVEL2.match(t)
        if unit or (out and out[-1] in _COMPARATORS):
            out[-1] += t
        else:
            out.append(t)
    return out
