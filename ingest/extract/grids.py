"""Tables rebuilt as grids (`ingest.grid`), and the readers that work on grids alone.

Builders (one per form a table arrives in as text):
- pipe rows: "| 一级指标 | 二级指标 | 分值 | 得分 |" one row per line, a "| --- |" rule
  skipped; HTML, docx and xlsx readers write their tables in this form too.

Readers (never told which builder made the grid):
- indicator tables: a header row naming the indicator (一级/二级/三级指标, 指标名称 …), its
  points (分值, 权重, 满分 …) and its score (得分, 自评得分 …); every row below with a score
  is one indicator, named by its deepest level; the 合计 / 总分 row is the total score.
"""
from __future__ import annotations

import re

from ingest.extract.common import Context, Fact
from ingest.grid import Cell, Grid
from ingest.numbers import NUM, parse_number

_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def pipe_grids(text: str) -> list[Grid]:
    """Every run of two or more pipe rows, as a grid with each cell's span in the text."""
    grids, rows, start, end = [], [], None, 0
    pos = 0
    for line in text.split("\n") + [""]:
        line_end = pos + len(line)
        if line.count("|") >= 2:
            if _RULE.match(line):
                pos = line_end + 1
                continue
            rows.append(_pipe_cells(line, pos))
            start = pos if start is None else start
            end = line_end
        else:
            if len(rows) >= 2:
                grids.append(Grid(_realign(rows), start, end, "pipe"))
            rows, start = [], None
        pos = line_end + 1
    return grids


def _realign(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows of a page that collapsed merged cells into runs of empty ones ("| a | b | ||||"):
    a merged cell at the left is written only on its first row, so a shorter row's cells belong
    to the rightmost columns. Rows are trimmed of their trailing empty cells and aligned right."""
    def trimmed(r):
        k = len(r)
        while k and r[k - 1].empty:
            k -= 1
        return r[:k]
    if not any(len(r) - len(trimmed(r)) >= 2 for r in rows):
        return rows
    cut = [trimmed(r) for r in rows]
    width = max(len(r) for r in cut)
    return [[Cell("")] * (width - len(r)) + r for r in cut]


def _pipe_cells(line: str, pos: int) -> list[Cell]:
    inner_start = line.index("|") + 1 if line.lstrip().startswith("|") else 0
    inner_end = line.rindex("|") if line.rstrip().endswith("|") else len(line)
    cells, k = [], inner_start
    for part in line[inner_start:inner_end].split("|"):
        lead = len(part) - len(part.lstrip())
        text = " ".join(part.split())
        s = pos + k + lead
        cells.append(Cell(text, s, s + len(part.strip())) if text else Cell("", s, s))
        k += len(part) + 1
    return cells


def grids_of(text: str) -> list[Grid]:
    """All grids the builders find in the text."""
    return pipe_grids(text)


# ---- indicator tables ----------------------------------------------------------------------

_NAME_COLS = (("三级指标", 3), ("指标名称", 3), ("评价指标", 3), ("二级指标", 2), ("一级指标", 1), ("指标", 1),
              ("评价内容", 1), ("项目", 0))
_MAX_COL = re.compile(r"分值|权重|满分|标准分|指标分")
_SCORE_COL = re.compile(r"得分|评分|自评分")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|总分|得分合计|综合得分|自评总分)$")
_NUMBER = re.compile(rf"^\s*(?P<n>{NUM})\s*分?\s*$")


def _header(grid: Grid) -> tuple[int, list[tuple[int, int]], int, int] | None:
    """(header row, [(column, level)] of name columns, points column, score column)."""
    for i in range(grid.height):
        texts = grid.texts(i)
        names = []
        for j, t in enumerate(texts):
            level = next((lv for word, lv in _NAME_COLS if word in t), None)
            if level is not None and not _MAX_COL.search(t) and not _SCORE_COL.search(t):
                names.append((j, level))
        mx = next((j for j, t in enumerate(texts) if _MAX_COL.search(t) and not _SCORE_COL.search(t)), None)
        sc = next((j for j, t in enumerate(texts) if _SCORE_COL.search(t) and j != mx), None)
        if names and sc is not None:
            return i, names, mx, sc
    return None


def _number(cell: Cell):
    m = _NUMBER.match(cell.text)
    return parse_number(m.group("n")) if m else None


def indicator_facts(ctx: Context, grid: Grid) -> list[Fact]:
    """The indicators of one grid (empty if it is not an indicator table)."""
    head = _header(grid)
    if head is None:
        return []
    hi, names, mx, sc = head
    raw = grid
    grid = grid.fill_down([j for j, _ in names])
    deepest = sorted(names, key=lambda x: (-x[1], x[0]))
    out = []
    for i in range(hi + 1, grid.height):
        row = grid.rows[i]
        score = _number(row[sc])
        label = next((row[j] for j, _ in deepest if not row[j].empty), None)
        if score is None or (label is None and not any(_TOTAL_ROW.match(c.text) for c in raw.rows[i])):
            continue
        points = _number(row[mx]) if mx is not None else None
        start, end = grid.row_span(i)
        if any(_TOTAL_ROW.match(c.text.replace(" ", "")) for c in raw.rows[i]):
            if ctx.table_total is None and 0 < score <= 100 and (points is None or points == 100):
                ctx.table_total = Fact("meta", "self_score", score, start, end, "grid_total_row", unit="分",
                                       confidence=0.8)
            continue
        if label is None or points is not None and score > points or not re.search(r"[\u4e00-\u9fff]", label.text):
            continue
        out.append(Fact("indicator_scores", "", {"name": label.text, "max": points, "score": score}, start, end,
                        "grid_indicator_row", confidence=0.8))
    return out


def extract_grid_indicators(ctx: Context) -> list[Fact]:
    return [f for g in grids_of(ctx.text) for f in indicator_facts(ctx, g)]
