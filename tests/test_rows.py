"""The raw contract: rows are built by column name and typed to ingest/schema.sql before the write."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

from conftest import sample_reports
from ingest import load
from ingest.pipeline import extract_bytes
from ingest.rows import SCHEMA_SQL, RowError, report_rows, schema, typed


def _sample_rows() -> dict[str, list[dict]]:
    p = sample_reports()[0]
    return report_rows(extract_bytes(p.name, p.read_bytes()), str(p), 1, 1, datetime(2026, 1, 1))


def test_the_contract_is_read_from_schema_sql():
    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for table, cols in schema().items():
            described = [r[0] for r in con.execute(f"describe raw.{table}").fetchall()]
            assert [c.name for c in cols] == described
    assert set(schema()) == set(load.TABLES) | {"load_errors"}


def test_every_row_of_a_report_has_exactly_its_table_columns():
    rows = _sample_rows()
    assert set(rows) == set(load.TABLES)
    for table, table_rows in rows.items():
        for row in table_rows:
            assert list(row) == [c.name for c in schema()[table]], table


def test_a_missing_or_unknown_column_is_a_bug_that_fails_loudly():
    row = _sample_rows()["findings"][0] if _sample_rows()["findings"] else {
        "report_id": "x", "rule": "r", "severity": "warning", "message": "m", "fact_keys": ""}
    with pytest.raises(KeyError, match="missing"):
        typed("findings", {k: v for k, v in row.items() if k != "message"})
    with pytest.raises(KeyError, match="unknown"):
        typed("findings", {**row, "colour": "red"})


@pytest.mark.parametrize(("column", "value", "message"), [
    ("value", Decimal("12345678901234567.5"), r"raw\.facts\.value = .* does not fit DECIMAL\(20,4\)"),
    ("value", Decimal("NaN"), r"does not fit DECIMAL"),
    ("char_start", 2 ** 40, r"raw\.facts\.char_start expects an integer that fits INTEGER"),
    ("method", None, r"raw\.facts\.method is required"),
    ("quote", "\ud800", r"not valid Unicode"),
])
def test_a_value_that_does_not_fit_its_column_names_table_column_and_value(column, value, message):
    row = dict(_sample_rows()["facts"][0])
    row[column] = value
    with pytest.raises(RowError, match=message):
        typed("facts", row)


def test_decimals_are_rounded_to_their_column_scale():
    row = dict(_sample_rows()["facts"][0], value=Decimal("1.123456"))
    assert typed("facts", row)["value"] == Decimal("1.1235")


def test_rows_are_inserted_by_column_name(tmp_path):
    """The bulk write matches columns by name: a table whose columns are in another order
    still gets every value in its own column."""
    rows = _sample_rows()["facts"]
    arrow = load._arrow("facts", rows)
    with duckdb.connect() as con:
        cols = ", ".join(f"{c.name} {c.type}" for c in reversed(schema()["facts"]))
        con.execute(f"create table shuffled ({cols})")
        con.register("batch_rows", arrow)
        con.execute("insert into shuffled by name select * from batch_rows")
        got = con.execute("select fact_key, quote from shuffled").fetchall()
    assert got == [(r["fact_key"], r["quote"]) for r in rows]
