"""A report's facts as rows of the `raw` tables (column order as in schema.sql)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ingest.pipeline import EXTRACTOR_VERSION, Report, provenance

PROV = ("quote", "char_start", "char_end", "page", "section", "method", "confidence")   # schema.sql order


def _prov(r: Report, f) -> tuple:
    p = provenance(r, f)
    return tuple(p[k] for k in PROV)


def report_rows(r: Report, source_path: str, size: int, mtime_ns: int, now: datetime) -> dict[str, list[tuple]]:
    """Rows for every raw table but load_errors."""
    rid, p = r.report_id, r.place
    rd = r.meta("report_date")
    score = r.meta("self_score")
    reports = [(rid, source_path, r.file_name, r.doc.format, size, mtime_ns, r.doc.encoding, r.doc.pages,
                len(r.norm.text), now, EXTRACTOR_VERSION, r.status, r.meta("department"), p.province, p.prefecture,
                p.county, p.admin_level, p.adcode, r.meta("fiscal_year"), date.fromisoformat(rd) if rd else None,
                score, r.meta("grade"))]
    facts = []
    for f in r.facts:
        if f.group in ("meta", "amounts", "rates", "headcount"):
            num = f.value if isinstance(f.value, Decimal) else Decimal(f.value) if isinstance(f.value, int) else None
            txt = None if num is not None else str(f.value)
            facts.append((rid, f.group, f.key, num, txt, f.unit) + _prov(r, f))
    scores = [(rid, i, f.value["name"], f.value["max"], f.value["score"]) + _prov(r, f)
              for i, f in enumerate(r.group("indicator_scores"))]
    targets = [(rid, i, f.value["level2"], f.value["name"], f.value["target"], f.value["actual"],
                f.value["completion_rate"]) + _prov(r, f) for i, f in enumerate(r.group("indicator_targets"))]
    history = [(rid, f.value["year"], f.value["score"], f.value["grade"]) + _prov(r, f)
               for f in r.group("score_history")]
    problems = [(rid, i, f.value["text"], f.value["category"]) + _prov(r, f)
                for i, f in enumerate(r.group("problems"))]
    findings = [(rid, x.rule, x.severity, x.message, ",".join(x.fact_keys)) for x in r.findings]
    return {"reports": reports, "report_text": [(rid, r.norm.text)], "facts": facts, "indicator_scores": scores,
            "indicator_targets": targets, "score_history": history, "problems": problems, "findings": findings}
