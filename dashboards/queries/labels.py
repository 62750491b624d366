"""Labels as the marts name them: columns, coded values, fact keys and rules. The app declares none
of its own (marts.dim_column_label, marts.dim_value_label, marts.dim_fact_key)."""
from __future__ import annotations

from typing import Any

from dashboards.db import FINDINGS_TABLE, has_table, query


def column_labels() -> dict[str, tuple[str, str | None]]:
    """column name -> (Chinese label, display format: accounting, percent or a printf format)."""
    df = query("select column_name, label_zh, display_format from marts.dim_column_label")
    return {c: (label, fmt if isinstance(fmt, str) else None)
            for c, label, fmt in zip(df["column_name"], df["label_zh"], df["display_format"])}


def value_labels() -> dict[str, dict[str, str]]:
    """column name -> {coded value -> Chinese label}, each in the warehouse's display order."""
    df = query("select column_name, value, label_zh from marts.dim_value_label order by column_name, sort_order")
    out: dict[str, dict[str, str]] = {}
    for column, value, label in zip(df["column_name"], df["value"], df["label_zh"]):
        out.setdefault(column, {})[value] = label
    return out


def fact_labels() -> dict[str, str]:
    """fact_key -> Chinese label (the fact dictionary, seeds/fact_keys.csv)."""
    df = query("select fact_key, label_zh from marts.dim_fact_key")
    return dict(zip(df["fact_key"], df["label_zh"]))


def label_keys(keys: Any, labels: dict[str, str]) -> Any:
    """'a,b' -> '甲、乙' (None stays None)."""
    if not isinstance(keys, str) or not keys:
        return keys
    return "、".join(labels.get(k.strip(), k.strip()) for k in keys.split(","))


def rule_labels() -> dict[str, str]:
    """rule id -> Chinese label, for the rules that have findings in this build."""
    if not has_table(FINDINGS_TABLE):
        return {}
    df = query(f"select distinct rule, rule_label_zh from {FINDINGS_TABLE}")
    return dict(zip(df["rule"], df["rule_label_zh"]))
