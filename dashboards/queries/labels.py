"""Labels of fact keys and rules, as the marts name them.
"""
from __future__ import annotations

from typing import Any

from dashboards.db import FINDINGS_TABLE, has_table, query


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
