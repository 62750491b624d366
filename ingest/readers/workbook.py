"""Workbooks (.xlsx, .xls) read with python-calamine: every sheet becomes a grid of cells.

A merged range's value is propagated to every cell it covers, so each grid cell knows its
value; the text written for the extractors is the pipe-row form of the table model
(`ingest.grid`), a merged value written once. Every cell keeps its address (`自评表!C12`).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook

from ingest.grid import render_pipe

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cell:
    value: str
    ref: str              # "自评表!C12"
    anchor: bool          # False for the cells a merged range covers beyond its top-left


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Cell]]


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_workbook(data: bytes) -> list[Sheet]:
    """Every sheet of the workbook as a grid; raises ValueError when it is not a readable workbook."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [_sheet(book.get_sheet_by_name(name)) for name in book.sheet_names]
    except (CalamineError, ValueError, OSError) as error:
        raise ValueError(str(error)) from error


def _sheet(sheet) -> Sheet:
    values = sheet.to_python(skip_empty_area=False)
    grid = [[_text(v) for v in row] for row in values]
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0, c0)
    width = max((len(row) for row in grid), default=0)
    rows = []
    for r, row in enumerate(grid):
        row = row + [""] * (width - len(row))
        cells = []
        for c, value in enumerate(row):
            anchor = covered.get((r, c))
            if anchor and anchor[0] < len(grid) and anchor[1] < len(grid[anchor[0]]):
                value = grid[anchor[0]][anchor[1]]
            cells.append(Cell(value, f"{sheet.name}!{column_name(c)}{r + 1}", anchor is None))
        rows.append(cells)
    return Sheet(sheet.name, rows)


def _text(value) -> str:
    """A cell value as the report shows it: whole numbers without ".0", dates as ISO dates."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return _SPACES.sub(" ", str(value)).strip()


def sheet_lines(sheet: Sheet) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The sheet as pipe rows (`ingest.grid.render_pipe`), one per non-empty row; a merged range's
    text is written in its first cell and its other cells are left empty, as a page shows it.

    Each line comes with (start, end, ref) of its non-empty cells within the line.
    """
    lines = []
    for row in sheet.rows:
        texts = [_cell_text(cell.value) if cell.anchor else "" for cell in row]
        if not any(texts):
            continue
        spans, pos = [], 2                      # after the leading "| "
        for cell, text in zip(row, texts):
            if text:
                spans.append((pos, pos + len(text), cell.ref))
            pos += len(text) + 3                # " | "
        lines.append((render_pipe([texts]), spans))
    return lines


def _cell_text(value: str) -> str:
    """A cell on one line, as render_pipe writes it."""
    return " ".join(value.split()).replace("|", "｜")
