-- grain: one row per validation finding of ingest (a report may have several findings of one rule)
-- What ingest's validation found in each report, with the rule named in Chinese (seeds/validation_rules.csv)
-- and the report's department and year (empty for a report assigned to no department-year).
with

findings as (

    select * from {{ ref('stg_raw__findings') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

rules as (

    select * from {{ ref('validation_rules') }}

),

final as (

    select
        findings.report_id,
        reports.department_id,
        reports.fiscal_year,
        reports.canonical_department_name as department_name,
        findings.rule_id as rule,
        coalesce(rules.label_zh, findings.rule_id) as rule_label_zh,
        findings.severity,
        findings.message,
        findings.fact_keys

    from findings
    left join reports on reports.report_id = findings.report_id
    left join rules on rules.rule_id = findings.rule_id

)

select * from final
