"""Traditional characters → simplified, one character for one, so offsets are kept.

Some sites publish a traditional-character mirror of their pages (繁体版). The extractor's
words are simplified, so a text written in traditional characters is converted with OpenCC
(`t2s`); a simplified text that merely holds a few characters OpenCC would change (著, 乾 in
names) is left alone.
"""
from __future__ import annotations

import re
from functools import cache

import opencc

MIN_TRADITIONAL_SHARE = 0.05     # of Chinese characters that conversion changes
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` in simplified characters, of the same length, character for character."""
    if not text:
        return text
    converted = _converter().convert(text)
    if len(converted) != len(text):                  # a phrase changed length: convert line by line
        lines = [(_converter().convert(line), line) for line in text.split("\n")]
        converted = "\n".join(c if len(c) == len(line) else line for c, line in lines)
    if converted == text:
        return text
    changed = sum(map(str.__ne__, text, converted))
    if changed < MIN_TRADITIONAL_SHARE * max(1, len(_CJK.findall(text))):
        return text
    return converted
