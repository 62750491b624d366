"""A report's facts as rows of the `raw` tables: built by column name, typed to schema.sql.

schema.sql is the contract. Its columns are read once (by running it in an in-memory
DuckDB) and every row is a dict checked against them: a missing or unknown column is a
bug and fails loudly; a value that does not fit its column (a decimal with too many
digits, an integer out of range, a NULL where none is allowed) raises RowError naming
the table, the column and the value, so that one file fails and the bulk write of the
others cannot.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache
from pathlib import Path

import duckdb

from ingest.groups import SCALAR_GROUPS, Group
from ingest.pipeline import EXTRACTOR_VERSION, Report, provenance

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
PROVENANCE = ("quote", "char_start", "char_end", "page", "section", "method", "confidence")
_INT_RANGE = {"INTEGER": 2 ** 31, "BIGINT": 2 ** 63}


class RowError(ValueError):
    """A value that does not fit its column."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str               # DuckDB's name: VARCHAR, INTEGER, DECIMAL(20,4), …
    nullable: bool

    @property
    def decimal(self) -> tuple[int, int] | None:
        m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", self.type)
        return (int(m.group(1)), int(m.group(2))) if m else None


@cache
def schema() -> dict[str, tuple[Column, ...]]:
    """Every raw table's columns in schema.sql order, read from schema.sql itself."""
    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        tables = [t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw' "
                                            "order by table_oid").fetchall()]
        return {t: tuple(Column(name, typ, null == "YES")
                         for name, typ, null, *_ in con.execute(f"describe raw.{t}").fetchall()) for t in tables}


def typed(table: str, row: dict) -> dict:
    """The row with every value checked and converted to its column's type."""
    cols = schema()[table]
    if row.keys() != {c.name for c in cols}:
        names = {c.name for c in cols}
        raise KeyError(f"raw.{table} row: missing {sorted(names - row.keys())}, unknown {sorted(row.keys() - names)}")
    return {c.name: _value(table, c, row[c.name]) for c in cols}


def _value(table: str, col: Column, v):
    where = f"raw.{table}.{col.name}"
    if v is None:
        if not col.nullable:
            raise RowError(f"{where} is required but the report gives no value")
        return None
    if col.type == "VARCHAR":
        if not isinstance(v, str):
            raise RowError(f"{where} expects text, got {type(v).__name__}")
        v = str(v)                                 # a StrEnum member (Group) as plain text
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as e:
            raise RowError(f"{where} holds a character that is not valid Unicode text at {e.start}") from None
        return v
    if col.type in _INT_RANGE:
        if not isinstance(v, int) or not -_INT_RANGE[col.type] <= v < _INT_RANGE[col.type]:
            raise RowError(f"{where} expects an integer that fits {col.type}, got {_show(v)}")
        return v
    if col.decimal:
        return _decimal(where, col.decimal, v)
    if col.type == "DOUBLE":
        return float(v)
    if col.type == "TIMESTAMP" and isinstance(v, datetime) or col.type == "DATE" and isinstance(v, date):
        return v
    raise RowError(f"{where} expects {col.type}, got {type(v).__name__} {_show(v)}")


def _decimal(where: str, precision_scale: tuple[int, int], v) -> Decimal:
    p, s = precision_scale
    try:
        d = Decimal(v)
        if d.is_finite() and d.adjusted() < p - s:
            with localcontext(prec=p + 2):
                return d.quantize(Decimal(1).scaleb(-s))
    except (InvalidOperation, TypeError, ValueError):
        pass
    raise RowError(f"{where} = {_show(v)} does not fit DECIMAL({p},{s}) (at most {p - s} digits before the point)")


def _show(v) -> str:
    s = str(v) if not isinstance(v, Decimal) or abs(v.adjusted()) < 30 else f"{v:.6e}"
    return s if len(s) <= 40 else s[:20] + "…" + s[-10:]


def report_rows(r: Report, source_path: str, size: int, mtime_ns: int, now: datetime) -> dict[str, list[dict]]:
    """Typed rows for every raw table but load_errors. Raises RowError."""
    rows = _rows(r, source_path, size, mtime_ns, now)
    return {t: [typed(t, row) for row in table_rows] for t, table_rows in rows.items()}


def _prov(r: Report, f) -> dict:
    p = provenance(r, f)
    return {k: p[k] for k in PROVENANCE}


def _rows(r: Report, source_path: str, size: int, mtime_ns: int, now: datetime) -> dict[str, list[dict]]:
    rid, p = r.report_id, r.place
    rd = r.meta("report_date")
    reports = [{"report_id": rid, "source_path": source_path, "file_name": r.file_name, "format": r.doc.format,
                "file_size": size, "file_mtime_ns": mtime_ns, "encoding": r.doc.encoding, "pages": r.doc.pages,
                "chars": len(r.norm.text), "ingested_at": now, "extractor_version": EXTRACTOR_VERSION,
                "status": r.status, "department": r.meta("department"), "province": p.province,
                "prefecture": p.prefecture, "county": p.county, "admin_level": p.admin_level, "adcode": p.adcode,
                "fiscal_year": r.meta("fiscal_year"), "report_date": date.fromisoformat(rd) if rd else None,
                "self_score": r.meta("self_score"), "grade": r.meta("grade")}]
    facts = []
    for f in r.facts:
        if f.group in SCALAR_GROUPS:
            num = f.value if isinstance(f.value, (Decimal, int)) and not isinstance(f.value, bool) else None
            facts.append({"report_id": rid, "fact_group": f.group, "fact_key": f.key, "value": num,
                          "value_text": None if num is not None else str(f.value), "unit_stated": f.unit,
                          **_prov(r, f)})
    scores = [{"report_id": rid, "seq": i, "name": f.value["name"], "max_score": f.value["max"],
               "score": f.value["score"], **_prov(r, f)} for i, f in enumerate(r.group(Group.INDICATOR_SCORES))]
    targets = [{"report_id": rid, "seq": i, "level2": f.value["level2"], "name": f.value["name"],
                "target": f.value["target"], "actual": f.value["actual"],
                "completion_rate": f.value["completion_rate"], **_prov(r, f)}
               for i, f in enumerate(r.group(Group.INDICATOR_TARGETS))]
    history = [{"report_id": rid, "year": f.value["year"], "score": f.value["score"], "grade": f.value["grade"],
                **_prov(r, f)} for f in r.group(Group.SCORE_HISTORY)]
    problems = [{"report_id": rid, "seq": i, "text": f.value["text"], "category": f.value["category"], **_prov(r, f)}
                for i, f in enumerate(r.group(Group.PROBLEMS))]
    findings = [{"report_id": rid, "rule": x.rule, "severity": x.severity, "message": x.message,
                 "fact_keys": ",".join(x.fact_keys)} for x in r.findings]
    return {"reports": reports, "report_text": [{"report_id": rid, "text": r.norm.text}], "facts": facts,
            "indicator_scores": scores, "indicator_targets": targets, "score_history": history,
            "problems": problems, "findings": findings}
