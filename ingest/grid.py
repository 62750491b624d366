"""The table model: every table, however it reached us, as a grid of cells.

Tables arrive in many forms: markdown pipe rows, HTML `<table>`, docx tables, PDF tables, a
cell per line (column headers first, then the values row by row), a whole form run together
on one line. Each form has a builder that rebuilds a `Grid`; the readers of indicator, money
and basic-data tables read only grids, so they never depend on the form a table came in.

A grid is rectangular: every row has `width` cells. A merged cell is propagated: its text is
repeated in every position it spans (a 一级指标 cell spanning five rows appears in all five),
with `merged=True` on the copies, so a reader can take any row on its own.

Offsets are those of the normalised text (`raw.report_text`), so a fact read from a cell can
give its quote; a builder that cannot place a cell in the text (a reader that builds grids
straight from a file's structure) leaves `start` / `end` as None and the fact takes the
table's span.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell: its text (whitespace inside collapsed) and its span in the normalised text."""
    text: str
    start: int | None = None
    end: int | None = None
    merged: bool = False           # a copy of a merged cell's text, not the cell's own position

    @property
    def empty(self) -> bool:
        return not self.text.strip()


EMPTY = Cell("")


@dataclass
class Grid:
    """A table as rows × columns of cells, with the span of the whole table in the text.

    `form` says which builder made it ("pipe", "spaced", "flat", "runon", "html", "docx",
    "pdf", "xlsx", "ocr"); it is for diagnostics only: no reader may look at it.
    """
    rows: list[list[Cell]]
    start: int
    end: int
    form: str = ""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        self.rows = [list(r) + [EMPTY] * (width - len(r)) for r in self.rows]

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def height(self) -> int:
        return len(self.rows)

    def texts(self, i: int) -> list[str]:
        """The texts of row i."""
        return [c.text for c in self.rows[i]]

    def column(self, j: int) -> list[Cell]:
        return [r[j] for r in self.rows]

    def row_span(self, i: int) -> tuple[int, int]:
        """The span of row i in the text: from its first placed cell to its last, else the table's."""
        placed = [c for c in self.rows[i] if c.start is not None and not c.merged]
        if not placed:
            return self.start, self.end
        return min(c.start for c in placed), max(c.end for c in placed)

    def fill_down(self, columns: range | list[int]) -> Grid:
        """Propagate merged cells down the given columns: an empty cell takes the text of the
        cell above it (a vertically merged label cell is written once, on its first row)."""
        rows = [list(r) for r in self.rows]
        for j in columns:
            for i in range(1, len(rows)):
                above = rows[i - 1][j]
                if rows[i][j].empty and not above.empty:
                    rows[i][j] = Cell(above.text, above.start, above.end, merged=True)
        return Grid(rows, self.start, self.end, self.form, list(self.notes))

    def __iter__(self) -> Iterator[list[Cell]]:
        return iter(self.rows)


def render_pipe(rows: list[list[str]]) -> str:
    """A table as pipe rows, one line per row: the text form in which document readers that
    know a file's table structure (docx, HTML, xlsx) write a table, so that its columns (and
    the empty cells of merged ranges) survive into the text; `|` inside a cell becomes `｜`."""
    return "\n".join("| " + " | ".join(" ".join(c.split()).replace("|", "｜") for c in r) + " |" for r in rows)
