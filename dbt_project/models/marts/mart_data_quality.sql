-- grain: one row per report (report_id), selected, superseded or unassigned alike
-- What each report gave: facts found, validation findings of ingest, unit corrections made here,
-- and which key facts (is_key in seeds/fact_keys.csv, columns in macros/fact_keys.sql) are missing.
with

reports as (

    select * from {{ ref('int_reports__identified') }}

),

facts as (

    select * from {{ ref('int_facts__reviewed') }}

),

findings as (

    select * from {{ ref('stg_raw__findings') }}

),

indicator_scores as (

    select * from {{ ref('stg_raw__indicator_scores') }}

),

indicator_targets as (

    select * from {{ ref('stg_raw__indicator_targets') }}

),

score_history as (

    select * from {{ ref('stg_raw__score_history') }}

),

problems as (

    select * from {{ ref('stg_raw__problems') }}

),

fact_stats as (

    select
        report_id,
        cast(sum(case when fact_group = 'amounts' then 1 else 0 end) as integer) as amount_fact_count,
        cast(sum(case when fact_group = 'rates' then 1 else 0 end) as integer) as rate_fact_count,
        cast(sum(case when fact_group = 'headcount' then 1 else 0 end) as integer) as headcount_fact_count,
        cast(sum(stated_count - 1) as integer) as repeated_fact_row_count

    from facts
    group by report_id

),

flagged_fact_keys as (

    select
        report_id,
        {{ ordered_listagg("case when is_unit_corrected then fact_key end", "','", 'fact_key') }}
            as unit_corrected_fact_keys,
        {{ ordered_listagg("case when has_conflicting_values then fact_key end", "','", 'fact_key') }}
            as conflicting_fact_keys

    from facts
    where is_unit_corrected or has_conflicting_values
    group by report_id

),

finding_stats as (

    select
        report_id,
        count(*) as finding_count,
        cast(sum(case when severity = 'error' then 1 else 0 end) as integer) as error_finding_count,
        cast(sum(case when severity = 'warning' then 1 else 0 end) as integer) as warning_finding_count,
        cast(sum(case when severity = 'correction' then 1 else 0 end) as integer) as correction_finding_count

    from findings
    group by report_id

),

finding_rules as (

    select
        report_id,
        {{ ordered_listagg('rule_id', "','", 'rule_id') }} as finding_rules

    from (select distinct report_id, rule_id from findings) as distinct_rules
    group by report_id

),

list_counts as (

    select report_id, 'indicator_scores' as list_name, count(*) as item_count
    from indicator_scores group by report_id
    union all
    select report_id, 'indicator_targets', count(*) from indicator_targets group by report_id
    union all
    select report_id, 'score_history', count(*) from score_history group by report_id
    union all
    select report_id, 'problems', count(*) from problems group by report_id

),

list_stats as (

    select
        report_id,
        cast(sum(case when list_name = 'indicator_scores' then item_count else 0 end) as integer)
            as indicator_score_count,
        cast(sum(case when list_name = 'indicator_targets' then item_count else 0 end) as integer)
            as indicator_target_count,
        cast(sum(case when list_name = 'score_history' then item_count else 0 end) as integer)
            as score_history_count,
        cast(sum(case when list_name = 'problems' then item_count else 0 end) as integer) as problem_count

    from list_counts
    group by report_id

),

missing as (

    select
        report_id,
        cast(
            {%- for key, column in key_fact_columns() %}
            case when {{ column }} is null then 1 else 0 end{% if not loop.last %} +{% endif %}
            {%- endfor %}
        as integer) as missing_key_fact_count,
        nullif(substring(
            {%- for key, column in key_fact_columns() %}
            case when {{ column }} is null then ',{{ key }}' else '' end{% if not loop.last %} ||{% endif %}
            {%- endfor %},
            2), '') as missing_key_facts

    from reports

),

final as (

    select
        reports.report_id,
        reports.file_name,
        reports.source_path,
        reports.file_format,
        reports.extraction_status,
        reports.extractor_version,
        reports.ingested_at,
        reports.department_name as department_name_stated,
        reports.department_id,
        reports.fiscal_year,
        reports.report_date,
        reports.place_id,
        reports.is_place_in_reference,
        reports.is_selected,
        reports.is_superseded,
        reports.superseded_by_report_id,
        reports.is_unassigned,
        reports.reports_for_department_year,
        reports.fact_count,
        coalesce(fact_stats.amount_fact_count, 0) as amount_fact_count,
        coalesce(fact_stats.rate_fact_count, 0) as rate_fact_count,
        coalesce(fact_stats.headcount_fact_count, 0) as headcount_fact_count,
        coalesce(fact_stats.repeated_fact_row_count, 0) as repeated_fact_row_count,
        flagged_fact_keys.conflicting_fact_keys,
        coalesce(list_stats.indicator_score_count, 0) as indicator_score_count,
        coalesce(list_stats.indicator_target_count, 0) as indicator_target_count,
        coalesce(list_stats.score_history_count, 0) as score_history_count,
        coalesce(list_stats.problem_count, 0) as problem_count,
        coalesce(finding_stats.finding_count, 0) as finding_count,
        coalesce(finding_stats.error_finding_count, 0) as error_finding_count,
        coalesce(finding_stats.warning_finding_count, 0) as warning_finding_count,
        coalesce(finding_stats.correction_finding_count, 0) as correction_finding_count,
        finding_rules.finding_rules,
        reports.unit_corrected_fact_count,
        flagged_fact_keys.unit_corrected_fact_keys,
        missing.missing_key_fact_count,
        missing.missing_key_facts,
        coalesce(finding_stats.error_finding_count, 0) > 0 as has_error_finding

    from reports
    left join fact_stats on fact_stats.report_id = reports.report_id
    left join flagged_fact_keys on flagged_fact_keys.report_id = reports.report_id
    left join finding_stats on finding_stats.report_id = reports.report_id
    left join finding_rules on finding_rules.report_id = reports.report_id
    left join list_stats on list_stats.report_id = reports.report_id
    left join missing on missing.report_id = reports.report_id

)

select * from final
