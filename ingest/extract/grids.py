"""Tables rebuilt as grids (`ingest.grid`), and the readers that work on grids alone.

Builders (one per form a table arrives in as text):
- pipe rows: "| 一级指标 | 二级指标 | 分值 | 得分 |" one row per line, a "| --- |" rule
  skipped; HTML, docx and xlsx readers write their tables in this form too;
- spaced cells: a header of column names, then a row per line, or the whole form run together
  on one line (rows of the header's width);
- glued forms without any separator, whose rows end with a yes/no cell;
- one cell per line, each closed by "|", a row closed by a run of empty cells.

Readers (never told which builder made the grid):
- indicator tables: a header row naming the indicator (一级/二级/三级指标, 指标名称 …), its
  points (分值, 权重, 满分 …) and its score (得分, 自评得分 …); every row below with a score
  is one indicator, named by its deepest level; the 合计 / 总分 row is the total score;
- basic-data and money cells: a label cell, then its figure (人员编制 | 115, 基本支出总额 | 864.2万),
  the label read with the label lexicon.
"""
from __future__ import annotations

import re

from decimal import Decimal
from functools import lru_cache

from ingest.extract.common import Context, Fact
from ingest.extract.finance import classify_amount
from ingest.extract.targets import LEVEL2
from ingest.grid import Cell, Grid
from ingest.lexicon import match_label
from ingest.numbers import NUM, parse_number

_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def pipe_grids(text: str) -> list[Grid]:
    """Every run of two or more pipe rows, as a grid with each cell's span in the text."""
    if "|" not in text:
        return []
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


_HEADERISH = re.compile(r"指标|分值|得分|权重|满分|预算数|执行数|执行率|指标值|完成值|目标值|原因|措施|备注|说明|名称|"
                        r"情况|项目|单位|性质|系数")
_TOKEN = re.compile(r"\S+")
_NUMERIC_COL = re.compile(r"分值|得分|权重|满分|预算数|执行数|金额|决算数")
_SENTENCE = re.compile(r"[。；]")


def spaced_grids(text: str) -> list[Grid]:
    """Tables whose cells are separated by spaces: a header row of column names, then either a
    row per line, or (a whole form run together on one line) the cells that follow the header
    on its line, taken as rows of as many cells as the header has."""
    grids = []
    if not _SCORE_COL.search(text):
        return grids
    lines = _lines(text)
    for n, (ls, line) in enumerate(lines):
        if not _SCORE_COL.search(line):                   # a header names the score column
            continue
        toks = [(m.group(), ls + m.start(), ls + m.end()) for m in _TOKEN.finditer(line)]
        k = 0
        while k < len(toks):
            run = k
            while run < len(toks) and _is_header_word(toks[run][0]):
                run += 1
            header = toks[k:run]
            if len(header) >= 4 and any(_SCORE_COL.search(t) for t, _, _ in header):
                rows, k = _rows_after_header(header, toks, run, lines, n)
                if len(rows) >= 2:
                    grids.append(Grid(rows, rows[0][0].start, max(c.end for c in rows[-1] if c.end), "spaced"))
            else:
                k = max(run, k + 1)
    return grids


def _is_header_word(t: str) -> bool:
    """A column name, not a cell value: 产出指标 / 数量指标 name a row's level, not a column."""
    return bool(_HEADERISH.search(t)) and not _NUMBER.match(t) and not _LEVEL_VALUE.fullmatch(t)


_LEVEL_VALUE = re.compile("|".join(LEVEL2) + r"|满意度指标|[\u4e00-\u9fff]{1,6}效益指标|[\u4e00-\u9fff]{1,4}成本指标")


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _rows_after_header(header, toks, run, lines, n):
    """(rows with the header first, index of the token where reading stopped)."""
    width = len(header)
    rows = [[Cell(t, s, e) for t, s, e in header]]
    if run < len(toks):                                   # run together on one line
        k = run
        while k + width <= len(toks):
            chunk = toks[k:k + width]
            if sum(1 for t, _, _ in chunk if _is_header_word(t)) >= width // 2 + 1 \
                    and any(_SCORE_COL.search(t) for t, _, _ in chunk):
                break                                     # the next table's header
            rows.append([Cell(t, s, e) for t, s, e in chunk])
            k += width
        return rows, k
    anchor = next((j for j, (t, _, _) in enumerate(header) if _NUMERIC_COL.search(t)), None)
    for ls, line in lines[n + 1:n + 80]:                  # a row per line
        cells = [(m.group(), ls + m.start(), ls + m.end()) for m in _TOKEN.finditer(line)]
        if len(cells) < 2 or _SENTENCE.search(line) and len(line) > 40:
            break
        if len(cells) > width:                            # a remark with spaces: the last column
            last = cells[width - 1:]
            cells = cells[:width - 1] + [(" ".join(t for t, _, _ in last), last[0][1], last[-1][2])]
        first = next((j for j, (t, _, _) in enumerate(cells) if _NUMBER.match(t)), None)
        if len(cells) < width and anchor is not None and first is not None and first < anchor:
            cells = [("", None, None)] * (anchor - first) + cells   # merged cells on the left, written once
        rows.append([Cell(t, s, e) for t, s, e in cells])
    return rows, len(toks)


# A form run together without any separator (a flattened or OCR'd document): the header is
# the column names written one after the other, and a row is known only by its last cell
# when that column holds a yes/no answer (是否核心指标 …).
_GLUED_HEADER = re.compile(r"(?:指标名称|三级指标)[^\n。]{0,60}?(?:权重|分值)[（(]?分?[)）]?[^\n。]{0,12}?得分[（(]?分?[)）]?"
                           r"(?P<yesno>是否[\u4e00-\u9fff]{0,4}?指标)")
_GLUED_ROW = re.compile(r"(?:[^\n]{0,8}\n\d{1,2}、)?"       # a document-sharing site's page break
                        r"(?P<name>[“”\"]?[\u4e00-\u9fff（）()“”\"]{2,30}?)(?=[^\u4e00-\u9fff（）()“”\"])"
                        r"[^是否\n]*?(?P<digits>\d+(?:\.\d+)?)(?P<yesno>[是否])")


def glued_grids(text: str) -> list[Grid]:
    """Rows of a glued form: the name (its leading Chinese words), the points and the score
    (the figures just before the yes/no cell, split where they run together) and the answer."""
    grids = []
    for h in _GLUED_HEADER.finditer(text):
        rows = [[Cell("指标名称", h.start(), h.start() + 4), Cell("分值"), Cell("得分"), Cell(h.group("yesno"))]]
        pos = h.end()
        while True:
            m = _GLUED_ROW.match(text, pos)
            if not m or m.end() - m.start() > 80:
                break
            split = split_points(m.group("digits"))
            if split:
                name = re.sub(r"(?:定量|定性)指标$", "", m.group("name").strip("“”\""))   # the 指标性质 cell
                rows.append([Cell(name, m.start("name"), m.end("name")), Cell(split[0], m.start("digits"), m.end()),
                             Cell(split[1], m.start("digits"), m.end()), Cell(m.group("yesno"))])
            pos = m.end()
        if len(rows) >= 3:
            grids.append(Grid(rows, h.start(), pos, "glued"))
    return grids


# The budget-execution row of such a form: 执行率 / 执行率权重 / 执行率得分, then the rate and
# the points and score, all run together ("76%107.6": 76 %, 10 points, 7.6 scored).
_GLUED_RATE_HEADER = re.compile(r"执行率[（(]?%?[)）]?执行率权重[（(]?分?[)）]?执行率得分[（(]?分?[)）]?")
_BLOB = re.compile(r"[\d.%]{5,}(?=[^\d.%]|$)")


def glued_rate_rows(text: str) -> list[Grid]:
    grids = []
    for h in _GLUED_RATE_HEADER.finditer(text):
        found = None
        for b in _BLOB.finditer(text, h.end(), min(len(text), h.end() + 80)):
            found = _rate_points_score(b.group()) and (b, _rate_points_score(b.group())) or found
        if found:
            b, (rate, points, score) = found
            rows = [[Cell("指标名称"), Cell("执行率"), Cell("分值"), Cell("得分")],
                    [Cell("执行率", h.start(), h.start() + 3), Cell(rate, b.start(), b.end()),
                     Cell(points, b.start(), b.end()), Cell(score, b.start(), b.end())]]
            grids.append(Grid(rows, h.start(), b.end(), "glued"))
    return grids


def _rate_points_score(blob: str) -> tuple[str, str, str] | None:
    """'76%107.6' → ('76%', '10', '7.6'): a rate of at most 100, then points and score run together."""
    for cut in range(len(blob) - 2, 0, -1):
        rate_part, tail = blob[:cut], blob[cut:]
        if not re.fullmatch(r"\d+(?:\.\d+)?", tail) or not (split := split_points(tail)):
            continue
        for k in range(max(0, len(rate_part) - 7), len(rate_part)):
            r = re.fullmatch(r"(?P<r>[1-9]\d{0,2}(?:\.\d{1,2})?)%?", rate_part[k:])
            if r and float(r.group("r")) <= 100:
                return r.group("r") + "%", split[0], split[1]
    return None


def split_points(digits: str) -> tuple[str, str] | None:
    """Points and score run together ("1010", "22", "107.6"): the split into points of at most
    100 and a score not above them that gives the fullest score (self-scores are mostly full)."""
    best = None
    for i in range(1, len(digits)):
        a, b = digits[:i], digits[i:]
        if "." in a or (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0" and b[1] != ".") or b[0] == ".":
            continue
        pa, pb = float(a), float(b)
        if 0 < pa <= 100 and pb <= pa and (best is None or pb / pa > best[0]):
            best = (pb / pa, a, b)
    return (best[1], best[2]) if best else None


def cell_line_grids(text: str) -> list[Grid]:
    """A table flattened to one cell per line, each cell closed by "|", a row closed by a run of
    empty cells ("…值 | |||||" or a line of "|" alone), as web pages copied as text give it."""
    if "|" not in text:
        return []
    grids, rows, row, start, pos = [], [], [], None, 0
    for line in text.split("\n") + [""]:
        end = pos + len(line)
        stripped = line.rstrip()
        if stripped.endswith("|") and stripped.count("|") == 1 and len(stripped) > 1:
            cell = stripped[:-1].strip()
            s = pos + line.index(cell[0]) if cell else pos
            row.append(Cell(cell, s, s + len(cell)))
            start = pos if start is None else start
        elif stripped and set(stripped.replace(" ", "")) == {"|"} or "||" in stripped.replace(" ", ""):
            head = stripped[:stripped.index("|")].strip()
            if head:                                      # "…最后一格 | |||||": the row's last cell
                s = pos + line.index(head)
                row.append(Cell(head, s, s + len(head)))
                start = pos if start is None else start
            if row:
                rows.append(row)
            row = []
        else:
            if row:
                rows.append(row)
            if len(rows) >= 2:
                grids.append(Grid(rows, start, pos, "cell_lines"))
            rows, row, start = [], [], None
        pos = end + 1
    return grids


@lru_cache(maxsize=4)
def grids_of(text: str) -> tuple[Grid, ...]:
    """All grids the builders find in the text (built once per text: several readers use them)."""
    return tuple(pipe_grids(text) + spaced_grids(text) + glued_grids(text) + glued_rate_rows(text)
                 + cell_line_grids(text))


# ---- basic-data and money cells: a label, then its figure ----------------------------------

_UNIT_IN = re.compile(r"(?:单位\s*[:：]\s*|[（(])(?P<unit>亿元|万元|元)[)）]?")
_VALUE = re.compile(rf"^(?P<n>{NUM})\s*(?P<unit>亿元|万元|万|元|人|名)?$")
_FACTOR = {"亿元": Decimal("100000000"), "万元": Decimal("10000"), "万": Decimal("10000"), "元": Decimal("1")}


def label_value_facts(ctx: Context, grid: Grid, known: set[str]) -> list[Fact]:
    """Facts of a form's label / figure pairs ("人员编制 | 115 | 实有人数 | 115", "基本支出总额 |
    864.2万"): the label read with the label lexicon, money in the unit its cell, its row or
    the table's caption states (never guessed)."""
    caption = ctx.text[max(0, ctx.text.rfind("\n", 0, max(0, grid.start - 1))):grid.start] + " ".join(
        c.text for r in grid.rows[:2] for c in r)
    table_unit = _UNIT_IN.search(caption)
    out, found = [], set(known)
    for row in grid.rows:
        table_unit = next((m for c in row if (m := _UNIT_IN.search(c.text))), None) or table_unit
        for label, cell in zip(row, row[1:]):
            v = _VALUE.match(cell.text.replace(",", "")) or _PCT.match(cell.text)
            if not v or label.empty or _VALUE.match(label.text) or not re.search(r"[\u4e00-\u9fff]", label.text):
                continue
            name = re.sub(r"[（(][^）)]*[）)]", "", label.text).replace(" ", "")
            fact = _rate_fact(name, cell, label) or _headcount_fact(name, v, label, cell) \
                or _amount_fact(name, v, label, cell, table_unit)
            if fact and fact.key not in found:
                found.add(fact.key)
                out.append(fact)
    return out


_PCT = re.compile(rf"^(?P<n>{NUM})\s*%$")


def _rate_fact(name: str, cell: Cell, label: Cell) -> Fact | None:
    """A rate: a label the lexicon knows as a rate, and a percentage."""
    m = _PCT.match(cell.text)
    row = match_label("rate", name) if m else None
    if not row or not row.fact_key:
        return None
    return Fact("rates", row.fact_key, parse_number(m.group("n")), label.start, cell.end, "grid_label_value",
                unit="%", confidence=0.8)


def _headcount_fact(name: str, v: re.Match, label: Cell, cell: Cell) -> Fact | None:
    row = match_label("headcount", name)
    if not row or not row.fact_key or row.subject != "any" or "." in v.group("n") or v.group(0).endswith("%"):
        return None
    return Fact("headcount", row.fact_key, Decimal(v.group("n")), label.start, cell.end, "grid_label_value",
                confidence=0.8)


def _amount_fact(name: str, v: re.Match, label: Cell, cell: Cell, unit: re.Match | None) -> Fact | None:
    if v.group(0).endswith("%"):
        return None
    key, _ = classify_amount(re.sub(r"总额$", "", name), None, name)
    stated = v.group("unit") or (unit.group("unit") if unit else None)
    if key and stated is None and parse_number(v.group("n")) == 0:
        stated = "元"                                 # nothing, in any unit
    if not key or stated not in _FACTOR:
        return None
    value = (parse_number(v.group("n")) * _FACTOR[stated]).quantize(Decimal("0.01"))
    return Fact("amounts", key, value, label.start, cell.end, "grid_label_value", unit=stated.replace("万", "万元")
                if stated == "万" else stated, confidence=0.8)


def extract_grid_values(ctx: Context, known: set[str]) -> list[Fact]:
    out: list[Fact] = []
    for g in grids_of(ctx.text):
        out += label_value_facts(ctx, g, known | {f.key for f in out})
    return out


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
        if not names and mx is not None and sc is not None and mx > 0 and sc > 0:
            names = [(0, 0)]                                # 年度预算执行情况 | … | 分值 | 执行率 | 得分
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
        total = any(_TOTAL_ROW.match(c.text.replace(" ", "")) for c in raw.rows[i])
        score = _number(row[sc])
        if total:                                           # a total row's cells may stand anywhere
            nums = [v for v in (_number(c) for c in raw.rows[i]) if v is not None]
            score = nums[-1] if nums else None
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
