"""Numbers as the pages write them: 万元 amounts, percentages, counts; a missing figure is "—"."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd


def is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def wan(v: Any) -> str:
    """An amount in 万元, without the unit (labels carry it): two places, whole 万元 from 10,000 on."""
    if is_missing(v):
        return "—"
    return f"{float(v):,.0f}" if abs(float(v)) >= 10000 else f"{float(v):,.2f}"


def pct(v: Any, digits: int = 1) -> str:
    """A fraction as percent."""
    return "—" if is_missing(v) else f"{float(v) * 100:.{digits}f}%"


def pct_value(v: Any, digits: int = 2) -> str:
    """A value already in percent."""
    return "—" if is_missing(v) else f"{float(v):.{digits}f}%"


def num(v: Any, digits: int = 0, unit: str = "") -> str:
    if is_missing(v):
        return "—"
    s = f"{float(v):,.{digits}f}"
    return f"{s} {unit}".rstrip()
