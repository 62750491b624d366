"""The fact groups of a report: one name each, shared by the extractors (Fact.group), the raw
rows, the answer files (`jixiao extract`, *.gold.json) and the scorer."""
from __future__ import annotations

from enum import StrEnum


class Group(StrEnum):
    META = "meta"
    AMOUNTS = "amounts"
    RATES = "rates"
    HEADCOUNT = "headcount"
    INDICATOR_SCORES = "indicator_scores"
    INDICATOR_TARGETS = "indicator_targets"
    SCORE_HISTORY = "score_history"
    PROBLEMS = "problems"

    @property
    def label(self) -> str:
        """The short name the scorer reports the group under."""
        return _LABELS.get(self, self.value)


_LABELS = {Group.INDICATOR_SCORES: "indicators", Group.INDICATOR_TARGETS: "targets", Group.SCORE_HISTORY: "history"}
SCALAR_GROUPS = (Group.META, Group.AMOUNTS, Group.RATES, Group.HEADCOUNT)        # one row per fact in raw.facts
KEYED_GROUPS = (Group.AMOUNTS, Group.RATES, Group.HEADCOUNT)                     # answer files: {fact key: value}
LIST_GROUPS = (Group.INDICATOR_SCORES, Group.INDICATOR_TARGETS, Group.SCORE_HISTORY, Group.PROBLEMS)
