-- grain: one row per validation finding of ingest (a report may have several findings of one rule)
-- What ingest's validation found in each report, with the rule named in Chinese (the rule registry,
-- seeds/validation_rules.csv), the report's department and year (empty for a report assigned to no
-- department-year), and for a unit correction the sentence of the figure corrected.
with

findings as (

    select * from {{ ref('stg_raw__findings') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

facts as (

    select * from {{ ref('int_facts__deduplicated') }}

),

rules as (

    -- a rule may have several checks in the registry (rows), all of one kind and label
    select rule_id, min(kind) as rule_kind, min(label_zh) as label_zh
    from {{ ref('validation_rules') }}
    group by rule_id

),

final as (

    select
        findings.report_id,
        reports.department_id,
        reports.fiscal_year,
        reports.canonical_department_name as department_name,
        findings.rule_id as rule,
        rules.rule_kind,
        coalesce(rules.label_zh, findings.rule_id) as rule_label_zh,
        findings.severity,
        findings.message,
        findings.fact_keys,
        corrected_facts.quote as corrected_fact_quote

    from findings
    left join reports on reports.report_id = findings.report_id
    left join rules on rules.rule_id = findings.rule_id
    left join facts as corrected_facts
        on rules.rule_kind = 'correction'
        and corrected_facts.report_id = findings.report_id
        and corrected_facts.fact_key = findings.fact_keys

)

select * from final
