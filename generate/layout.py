"""Blocks → lines of text, and the PDF-to-text look: hard wraps, page numbers, stray spaces.

Reports published as PDF reach the warehouse as text broken every 30–40 characters, even
inside a word or a number, with page numbers between the pages. A share of the text files
is laid out that way; the answer files do not change, since they hold values, not layout.
"""
from __future__ import annotations

import random

from generate.writer import Block, Style

PAGE_MARKS = ("{n}", " {n} ", "- {n} -", "— {n} —", "第 {n} 页", "第{n}页 共{t}页", "-{n}-")


def table_lines(table: tuple, style: Style) -> list[str]:
    caption, unit_note, header, rows = table
    out = [caption] if caption else []
    if unit_note:
        out.append(unit_note)
    if style.table_style == "cells":
        # As text comes out of a PDF table: one cell a line, merged cells printed once.
        out.extend(header)
        for row in rows:
            out.extend(c for c in row if c)
        return out
    sep = "\t" if style.table_style == "tabs" else " "
    out.append(sep.join(header))
    out.extend(sep.join(row).rstrip() for row in rows)
    return out


def canonical_lines(blocks: list[Block], style: Style) -> list[str]:
    """One line per title, heading, paragraph and table row, blank lines between blocks if the report has them."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "table":
            chunk = table_lines(b.table, style)
        elif b.kind == "p":
            chunk = [style.indent + b.text]
        else:
            chunk = [b.text]
        lines.extend(chunk)
        if style.blank_between:
            lines.append("")
    return lines


def _stray_spaces(rng: random.Random, line: str, rate: float) -> str:
    if rate <= 0 or len(line) < 4:
        return line
    chars = list(line)
    for i in range(len(chars) - 1, 0, -1):
        if rng.random() < rate and "\u4e00" <= chars[i] <= "\u9fff" and "\u4e00" <= chars[i - 1] <= "\u9fff":
            chars.insert(i, " ")
    return "".join(chars)


def wrap(line: str, width: int) -> list[str]:
    """Hard wrap at `width` characters, as a PDF page breaks lines, words and numbers alike."""
    if not line:
        return [""]
    return [line[i:i + width] for i in range(0, len(line), width)]


def paginate(lines: list[str], rng: random.Random, width: int, per_page: int) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for line in lines:
        if not line:
            continue  # a PDF page has no empty paragraphs
        for piece in wrap(line, width):
            if len(pages[-1]) >= per_page:
                pages.append([])
            pages[-1].append(piece)
    return pages


def pdf_like_text(lines: list[str], rng: random.Random) -> str:
    width = rng.randint(30, 40)
    per_page = rng.randint(26, 40)
    pages = paginate(lines, rng, width, per_page)
    mark = rng.choice(PAGE_MARKS)
    gap = "\n\n" if rng.random() < 0.4 else "\n"
    lead = " " if rng.random() < 0.5 else ""
    trail = rng.random() < 0.3
    out = []
    for n, page in enumerate(pages, 1):
        body = gap.join((p + (" " if trail and rng.random() < 0.3 else "")) for p in page)
        out.append(lead + body)
        if rng.random() < 0.9:
            out.append(mark.format(n=n, t=len(pages)))
    return "\n\n".join(out) + "\n"


def render_text(blocks: list[Block], style: Style, rng: random.Random, pdf_like: bool) -> str:
    lines = canonical_lines(blocks, style)
    rate = rng.choice((0.0, 0.0, 0.0, 0.002, 0.005))
    if rate:
        lines = [_stray_spaces(rng, ln, rate) for ln in lines]
    if pdf_like:
        return pdf_like_text(lines, rng)
    return "\n".join(lines) + "\n"
