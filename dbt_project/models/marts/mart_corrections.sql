-- grain: one row per report and fact path that an analyst reviewed (report_id, fact_path)
-- The corrections in force, beside the value the extractor wrote and the rule that wrote it, so
-- 数据质量 can count corrections per extraction rule and per fact key. Corrections of reports that
-- are not in the warehouse (recorded on another machine) are kept, with is_report_loaded false.
with

corrections as (

    select * from {{ ref('int_corrections__in_force') }}

),

extracted as (

    select * from {{ ref('int_facts__deduplicated') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

fact_dictionary as (

    select * from {{ ref('fact_keys') }}

),

final as (

    select
        corrections.report_id,
        corrections.fact_path,
        corrections.fact_group,
        corrections.fact_key,
        fact_dictionary.label_zh as fact_label_zh,
        reports.department_id,
        reports.department_name,
        reports.fiscal_year,
        reports.report_id is not null as is_report_loaded,
        corrections.review_action,
        corrections.review_action in ('correct', 'add', 'not_stated') as is_correction,
        case
            when corrections.fact_path = 'meta.self_score' then cast(reports.self_score_extracted as decimal(20, 4))
            else extracted.fact_value
        end as value_extracted,
        case when corrections.fact_path = 'meta.grade' then reports.grade_extracted end as value_text_extracted,
        corrections.corrected_value as value_corrected,
        corrections.corrected_value_text as value_text_corrected,
        coalesce(extracted.extraction_method, case when corrections.fact_group = 'meta' then 'meta' end)
            as extraction_method,
        corrections.quote,
        corrections.note,
        corrections.reviewer,
        corrections.recorded_at,
        corrections.revision_count

    from corrections
    left join reports on reports.report_id = corrections.report_id
    left join extracted
        on extracted.report_id = corrections.report_id
        and extracted.fact_group = corrections.fact_group
        and extracted.fact_key = corrections.fact_key
    left join fact_dictionary on fact_dictionary.fact_key = corrections.fact_key

)

select * from final
