"""`jixiao evaluate --corrections`: score the extractor against the analysts' reviews of its facts.

Each correction in force is an answer for one fact of one report (warehouse/corrections.py): a
confirmed fact is a true positive; a corrected value the extractor got wrong is a false positive
and a false negative; a fact it missed (added by an analyst) a false negative; a fact the report
does not state a false positive. So a team measures extraction on its own reports, as it reviews them.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import duckdb

from evaluation.evaluate import print_summary, prf
from warehouse.corrections import CorrectionError, latest, read_all

TOLERANCE = Decimal("0.01")


def _extracted(con, report_id: str, fact_path: str):
    """The extracted value of one fact in the raw warehouse (the row dbt keeps), or None."""
    group, key = fact_path.split(".", 1)
    if group == "meta":
        row = con.execute(f"select {'self_score' if key == 'self_score' else 'grade'} from raw.reports "
                          "where report_id = ?", [report_id]).fetchone()
        return row[0] if row else None
    row = con.execute("select value from raw.facts where report_id = ? and fact_group = ? and fact_key = ? "
                      "order by confidence desc nulls last, char_start nulls last limit 1",
                      [report_id, group, key]).fetchone()
    return row[0] if row else None


def _same(extracted, correction) -> bool:
    if correction.value_text is not None:
        return extracted == correction.value_text
    return abs(Decimal(str(extracted)) - Decimal(correction.value)) <= TOLERANCE


def outcome(extracted, correction) -> tuple[int, int, int]:
    """(tp, fp, fn) of one reviewed fact."""
    present = extracted is not None
    if correction.action == "confirm":
        return (1, 0, 0) if present else (0, 0, 1)
    if correction.action == "not_stated":
        return (0, 1, 0) if present else (0, 0, 0)
    if not present:
        return 0, 0, 1
    return (1, 0, 0) if _same(extracted, correction) else (0, 1, 1)


def score(db: Path, corrections_file: Path) -> dict:
    """Counts per fact group over the corrections in force whose report is in the warehouse."""
    in_force = latest(read_all(corrections_file)).values()
    totals: dict[str, list[int]] = {}
    reviewed = skipped = 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        known = {r[0] for r in con.execute("select report_id from raw.reports").fetchall()}
        for c in in_force:
            if c.report_id not in known:
                skipped += 1
                continue
            reviewed += 1
            counts = totals.setdefault(c.fact_group, [0, 0, 0])
            for i, n in enumerate(outcome(_extracted(con, c.report_id, c.fact_path), c)):
                counts[i] += n
    finally:
        con.close()
    summary = {g: dict(zip(("precision", "recall", "f1"), prf(*v)), counts=v) for g, v in sorted(totals.items())}
    overall = [sum(v[i] for v in totals.values()) for i in range(3)]
    summary["overall"] = dict(zip(("precision", "recall", "f1"), prf(*overall)), counts=overall)
    return {"groups": sorted(totals), "summary": summary, "reviewed": reviewed, "skipped": skipped}


def run_evaluate_corrections(db: Path, corrections_file: Path) -> int:
    if not db.exists():
        print(f"no warehouse at {db}: run `jixiao ingest` first", file=sys.stderr)
        return 1
    try:
        result = score(db, corrections_file)
    except CorrectionError as e:
        print(str(e), file=sys.stderr)
        return 1
    if not result["reviewed"]:
        print(f"no reviewed facts of reports in {db} (corrections file: {corrections_file})", file=sys.stderr)
        return 2
    print_summary(result["summary"], result["groups"])
    print(f"overall F1 {result['summary']['overall']['f1']:.3f} over {result['reviewed']} reviewed facts"
          + (f" ({result['skipped']} of reports not in this warehouse left out)" if result["skipped"] else ""))
    return 0
