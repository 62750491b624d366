"""Fact extractors, one module per fact group; `extract_all` runs them in dependency order."""
from __future__ import annotations

from ingest.extract.common import Context, Fact
from ingest.extract.grids import extract_grid_values
from ingest.extract.finance import extract_amounts, extract_rates
from ingest.extract.headcount import extract_headcount
from ingest.extract.meta import extract_meta
from ingest.extract.problems import extract_problems
from ingest.extract.scores import extract_indicator_scores, extract_scores
from ingest.extract.tables import extract_table_amounts
from ingest.extract.targets import extract_targets


def extract_all(ctx: Context) -> list[Fact]:
    """All facts of one report. Meta comes first: the score extractors need the fiscal year."""
    facts = extract_meta(ctx)
    ctx.department = next((f.value for f in facts if f.key == "department"), None)
    for step in (extract_scores, extract_indicator_scores, extract_targets, extract_amounts, extract_rates,
                 extract_headcount, extract_problems):
        facts.extend(step(ctx))
    facts.extend(extract_table_amounts(ctx, {f.key for f in facts if f.group in ("amounts", "rates")}))
    facts.extend(extract_grid_values(ctx, {f.key for f in facts if f.group in ("amounts", "rates", "headcount")}))
    if ctx.table_total and not any(f.key == "self_score" for f in facts):
        facts.append(ctx.table_total)              # stated only as the total row of the score table
    return facts


__all__ = ["Context", "Fact", "extract_all"]
