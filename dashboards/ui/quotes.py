"""Quotes in the report text: finding a quote (trusting stored offsets only when they match), and
HTML with the quote highlighted in its context or in the whole text."""
from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dashboards.queries.labels import value_labels
from dashboards.ui.numbers import is_missing


def locate(text: str, quote: str | None, start: Any, end: Any) -> tuple[int, int, bool] | None:
    """Where `quote` is in `text`: (start, end, offsets_exact). The stored offsets are trusted only if
    text[start:end] == quote; otherwise the quote is searched for (nearest to the stored start)."""
    if not text or not quote:
        return None
    if not is_missing(start) and not is_missing(end):
        s, e = int(start), int(end)
        if 0 <= s < e <= len(text) and text[s:e] == quote:
            return s, e, True
    hits, i = [], text.find(quote)
    while i >= 0:
        hits.append(i)
        i = text.find(quote, i + 1)
    if not hits:
        return None
    anchor = 0 if is_missing(start) else int(start)
    s = min(hits, key=lambda h: abs(h - anchor))
    return s, s + len(quote), False


def _escape(t: str) -> str:
    return html.escape(t).replace("\n", "<br>")


TEXT_STYLE = ("font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:15px;line-height:1.9;"
              "padding:12px 16px;border:1px solid #e0e0e0;border-radius:6px;background:#fafafa;")


MARK = "background:#ffe082;padding:0 2px;border-radius:2px;"


FOCUS = "background:#ff7043;color:#fff;padding:0 2px;border-radius:2px;"


def quote_in_context(text: str, span: tuple[int, int], width: int = 160) -> str:
    """HTML: the quote highlighted with `width` characters of text either side."""
    s, e = span
    a, b = max(0, s - width), min(len(text), e + width)
    return (f"<div style=\"{TEXT_STYLE}\">{'…' if a else ''}{_escape(text[a:s])}"
            f"<mark style=\"{FOCUS}\">{_escape(text[s:e])}</mark>{_escape(text[e:b])}{'…' if b < len(text) else ''}</div>")


def text_with_marks(text: str, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None = None) -> str:
    """HTML: the whole text with every (start, end, title) span highlighted, overlaps skipped."""
    out, pos = [], 0
    for s, e, title in sorted(spans):
        if s < pos:
            continue
        style = FOCUS if focus == (s, e) else MARK
        out.append(_escape(text[pos:s]))
        out.append(f"<mark title=\"{_escape(str(title))}\" style=\"{style}\">{_escape(text[s:e])}</mark>")
        pos = e
    out.append(_escape(text[pos:]))
    return f"<div style=\"{TEXT_STYLE}max-height:520px;overflow-y:auto;\">{''.join(out)}</div>"


def flag_with_quotes(flag: Any) -> None:
    """One credibility flag: its sentence, then the two quotes that prove it side by side."""
    st.markdown(f"**{_escape(flag.rule_label)}**（{value_labels().get('severity', {}).get(flag.severity, flag.severity)}）："
                f"{_escape(flag.sentence_zh)}")
    left, right = st.columns(2)
    for column, quote in ((left, flag.quote_a), (right, flag.quote_b)):
        with column:
            if isinstance(quote, str) and quote:
                st.html(f"<div style=\"{TEXT_STYLE}\"><mark style=\"{MARK}\">{_escape(quote)}</mark></div>")
            else:
                st.caption("（原文未定位）")
