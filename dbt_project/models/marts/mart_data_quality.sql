-- grain: one row per report (report_id), selected, superseded or unassigned alike
-- What each report gave: facts found, validation findings of ingest, unit corrections made here,
-- and which key facts (seeds/fact_keys.csv, is_key) are missing.
with

reports as (

    select * from {{ ref('int_reports__identified') }}

),

facts as (

    select * from {{ ref('stg_raw__facts') }}

),

facts_kept as (

    select * from {{ ref('int_facts__unit_corrected') }}

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

fact_dictionary as (

    select * from {{ ref('fact_keys') }}

),

fact_stats as (

    select
        report_id,
        count(distinct fact_key) as fact_count,
        count(distinct case when fact_group = 'amounts' then fact_key end) as amount_fact_count,
        count(distinct case when fact_group = 'rates' then fact_key end) as rate_fact_count,
        count(distinct case when fact_group = 'headcount' then fact_key end) as headcount_fact_count,
        count(*) - count(distinct fact_group || ':' || fact_key) as repeated_fact_row_count

    from facts
    group by report_id

),

kept_stats as (

    select
        report_id,
        cast(sum(case when is_unit_corrected then 1 else 0 end) as integer) as unit_corrected_fact_count,
        {{ dbt.listagg("case when is_unit_corrected then fact_key end", "','", 'order by fact_key') }}
            as unit_corrected_fact_keys,
        {{ dbt.listagg("case when has_conflicting_values then fact_key end", "','", 'order by fact_key') }}
            as conflicting_fact_keys

    from facts_kept
    group by report_id

),

finding_stats as (

    select
        report_id,
        count(*) as finding_count,
        cast(sum(case when severity = 'error' then 1 else 0 end) as integer) as error_finding_count,
        cast(sum(case when severity = 'warning' then 1 else 0 end) as integer) as warning_finding_count,
        cast(sum(case when severity = 'correction' then 1 else 0 end) as integer) as correction_finding_count,
        {{ dbt.listagg('distinct rule_id', "','", 'order by rule_id') }} as finding_rules

    from findings
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
        cast(sum(case when list_name = 'indicator_scores' then item_count else 0 end) as integer) as indicator_score_count,
        cast(sum(case when list_name = 'indicator_targets' then item_count else 0 end) as integer) as indicator_target_count,
        cast(sum(case when list_name = 'score_history' then item_count else 0 end) as integer) as score_history_count,
        cast(sum(case when list_name = 'problems' then item_count else 0 end) as integer) as problem_count

    from list_counts
    group by report_id

),

present_keys as (

    select distinct report_id, fact_key from facts_kept
    union
    select report_id, 'department' from reports where department_name is not null
    union
    select report_id, 'fiscal_year' from reports where fiscal_year is not null
    union
    select report_id, 'self_score' from reports where self_score is not null
    union
    select report_id, 'grade' from reports where grade is not null
    union
    select report_id, 'report_date' from reports where report_date is not null

),

key_facts as (

    select fact_key, sort_order from fact_dictionary where is_key

),

missing as (

    select
        reports.report_id,
        count(*) as missing_key_fact_count,
        {{ dbt.listagg('key_facts.fact_key', "','", 'order by key_facts.sort_order') }} as missing_key_facts

    from reports
    cross join key_facts
    left join present_keys
        on present_keys.report_id = reports.report_id
        and present_keys.fact_key = key_facts.fact_key
    where present_keys.report_id is null
    group by reports.report_id

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
        coalesce(fact_stats.fact_count, 0) as fact_count,
        coalesce(fact_stats.amount_fact_count, 0) as amount_fact_count,
        coalesce(fact_stats.rate_fact_count, 0) as rate_fact_count,
        coalesce(fact_stats.headcount_fact_count, 0) as headcount_fact_count,
        coalesce(fact_stats.repeated_fact_row_count, 0) as repeated_fact_row_count,
        nullif(kept_stats.conflicting_fact_keys, '') as conflicting_fact_keys,
        coalesce(list_stats.indicator_score_count, 0) as indicator_score_count,
        coalesce(list_stats.indicator_target_count, 0) as indicator_target_count,
        coalesce(list_stats.score_history_count, 0) as score_history_count,
        coalesce(list_stats.problem_count, 0) as problem_count,
        coalesce(finding_stats.finding_count, 0) as finding_count,
        coalesce(finding_stats.error_finding_count, 0) as error_finding_count,
        coalesce(finding_stats.warning_finding_count, 0) as warning_finding_count,
        coalesce(finding_stats.correction_finding_count, 0) as correction_finding_count,
        finding_stats.finding_rules,
        coalesce(kept_stats.unit_corrected_fact_count, 0) as unit_corrected_fact_count,
        nullif(kept_stats.unit_corrected_fact_keys, '') as unit_corrected_fact_keys,
        coalesce(missing.missing_key_fact_count, 0) as missing_key_fact_count,
        missing.missing_key_facts,
        coalesce(finding_stats.error_finding_count, 0) > 0 as has_error_finding

    from reports
    left join fact_stats on fact_stats.report_id = reports.report_id
    left join kept_stats on kept_stats.report_id = reports.report_id
    left join finding_stats on finding_stats.report_id = reports.report_id
    left join list_stats on list_stats.report_id = reports.report_id
    left join missing on missing.report_id = reports.report_id

)

select * from final
