"""Queries of 数据质量: completeness, findings, troubled reports, files that failed to load.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.db import FINDINGS_TABLE, LOAD_ERRORS_TABLE, has_table, query, scalar_row
from dashboards.queries.filters import Filters, report_where
from dashboards.queries.labels import fact_labels, label_keys, rule_labels


def quality_summary(f: Filters) -> dict[str, Any]:
    wr, pr = report_where(f)
    row = scalar_row(f"""
        select count(*) as reports,
               count(*) filter (where q.extraction_status = 'ok') as status_ok,
               count(*) filter (where q.extraction_status <> 'ok') as status_partial,
               count(*) filter (where q.has_error_finding) as with_error,
               count(*) filter (where q.finding_count > 0) as with_findings,
               count(*) filter (where q.missing_key_fact_count > 0) as missing_key_facts,
               count(*) filter (where q.unit_corrected_fact_count > 0 or q.correction_finding_count > 0) as corrected,
               count(*) filter (where q.is_superseded) as superseded,
               count(*) filter (where q.is_unassigned) as unassigned,
               avg(q.fact_count) as average_fact_count
        from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}""", pr)
    row["load_errors"] = (int(scalar_row(f"select count(*) as n from {LOAD_ERRORS_TABLE}")["n"])
                          if has_table(LOAD_ERRORS_TABLE) else None)
    return row


def fact_coverage(f: Filters) -> pd.DataFrame:
    """For each key of the fact dictionary (amounts, rates, headcount, score): the share of reports stating it."""
    wr, pr = report_where(f)
    return query(f"""
        with r as (
            select q.report_id, q.missing_key_facts
            from marts.mart_data_quality q left join marts.dim_department d using (department_id) {wr}),
        found as (  -- mart_fact_provenance has one row per report and fact key
            select p.fact_key, count(*) as reports_with
            from marts.mart_fact_provenance p {"semi join r using (report_id)" if wr else ""} group by 1
            union all  -- the score is a meta fact, not in mart_fact_provenance: missing_key_facts tells
            select 'self_score', count(*) filter (
                where not list_contains(string_split(coalesce(missing_key_facts, ''), ','), 'self_score'))
            from r)
        select k.fact_key, k.label_zh as fact_label_zh, k.fact_group, k.is_key, k.sort_order,
               coalesce(f.reports_with, 0) as reports_with, (select count(*) from r) as reports,
               coalesce(f.reports_with, 0) / nullif((select count(*) from r), 0) as coverage
        from marts.dim_fact_key k left join found f using (fact_key)
        where k.fact_group <> 'meta' or k.fact_key = 'self_score'
        order by k.sort_order""", pr)


def findings_by_rule(f: Filters) -> pd.DataFrame:
    if not has_table(FINDINGS_TABLE):
        return pd.DataFrame(columns=["rule_id", "rule_label", "severity", "findings", "reports"])
    wr, pr = report_where(f)
    return query(f"""
        select x.rule as rule_id, x.rule_label_zh as rule_label, x.severity, count(*) as findings,
               count(distinct x.report_id) as reports
        from {FINDINGS_TABLE} x
        join marts.mart_data_quality q on q.report_id = x.report_id
        left join marts.dim_department d on d.department_id = q.department_id
        {wr}
        group by 1, 2, 3 order by findings desc, 1""", pr)


def quality_reports(f: Filters, only_issues: bool = False, limit: int = 2000) -> pd.DataFrame:
    """One row per report, the most troubled first; fact keys and rules named in Chinese."""
    wr, pr = report_where(f)
    if only_issues:
        issue = ("(q.extraction_status <> 'ok' or q.finding_count > 0 or q.missing_key_fact_count > 0 "
                 "or q.unit_corrected_fact_count > 0 or q.is_superseded or q.is_unassigned)")
        wr = f"{wr} and {issue}" if wr else f"where {issue}"
    df = query(f"""
        select q.report_id, q.file_name, coalesce(d.department_name, q.department_name_stated) as department_name,
               q.fiscal_year, d.prefecture, q.extraction_status, q.fact_count, q.missing_key_fact_count,
               q.missing_key_facts, q.finding_count, q.error_finding_count, q.finding_rules,
               q.unit_corrected_fact_count, q.indicator_score_count, q.problem_count, q.is_superseded, q.is_unassigned
        from marts.mart_data_quality q left join marts.dim_department d using (department_id)
        {wr}
        order by q.error_finding_count desc, q.missing_key_fact_count desc, q.finding_count desc,
                 q.fiscal_year desc nulls last, q.file_name
        limit {int(limit)}""", pr)
    labels = fact_labels()
    df["missing_key_facts"] = df["missing_key_facts"].map(lambda k: label_keys(k, labels))
    rules = rule_labels()
    df["finding_rules"] = df["finding_rules"].map(lambda k: label_keys(k, rules))
    return df


def load_errors(limit: int = 2000) -> pd.DataFrame:
    """Files that failed to load, the newest first, the kind of error named in Chinese."""
    if not has_table(LOAD_ERRORS_TABLE):
        return pd.DataFrame(columns=["file_name", "error_kind", "message", "occurred_at", "source_path"])
    return query(f"select file_name, error_kind_label_zh as error_kind, message, occurred_at, source_path "
                 f"from {LOAD_ERRORS_TABLE} order by occurred_at desc, file_name limit {int(limit)}")


CORRECTIONS_TABLE = "marts.mart_corrections"


def corrections_by(dimension: str) -> pd.DataFrame:
    """Analysts' reviews in force per extraction rule (`extraction_method`) or per fact (`fact_key`):
    corrections (changed values, added or removed facts) and confirmations."""
    column = {"extraction_method": "coalesce(c.extraction_method, '（分析人员补充）')",
              "fact_key": "coalesce(c.fact_label_zh, c.fact_key)"}[dimension]
    if not has_table(CORRECTIONS_TABLE):
        return pd.DataFrame(columns=["dim_value", "corrections", "confirmations"])
    return query(f"""
        select {column} as dim_value,
               count(*) filter (where c.is_correction) as corrections,
               count(*) filter (where not c.is_correction) as confirmations
        from {CORRECTIONS_TABLE} c where c.is_report_loaded
        group by 1 order by corrections desc, confirmations desc, 1""")
