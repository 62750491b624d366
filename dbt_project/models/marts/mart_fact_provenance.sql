-- grain: one row per report and fact key (report_id, fact_key), amounts, rates and headcount
-- Where every number of the marts comes from: the kept value, its unit correction if any, the
-- analyst's correction if any (with the extracted value beside it), and the sentence, page and
-- section of the report that states it.
with

facts as (

    select * from {{ ref('int_facts__reviewed') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

fact_dictionary as (

    select * from {{ ref('fact_keys') }}

),

final as (

    select
        facts.report_id,
        facts.fact_key,
        reports.department_id,
        reports.fiscal_year,
        reports.is_selected,
        facts.fact_group,
        fact_dictionary.label_zh as fact_label_zh,
        fact_dictionary.label_en as fact_label_en,
        facts.fact_value,
        case when facts.fact_group = 'amounts' then {{ to_wan_yuan('facts.fact_value') }} end as value_wan_yuan,
        facts.fact_value_stated,
        facts.unit_stated,
        facts.is_unit_corrected,
        facts.unit_correction_factor,
        facts.unit_correction_message,
        facts.stated_count,
        facts.has_conflicting_values,
        facts.quote,
        facts.page,
        facts.section,
        facts.char_start,
        facts.char_end,
        facts.extraction_method,
        facts.confidence,
        facts.is_extracted,
        facts.is_corrected,
        facts.is_confirmed,
        facts.fact_value_extracted,
        facts.review_action,
        facts.reviewer,
        facts.review_note,
        facts.reviewed_at

    from facts
    inner join reports on reports.report_id = facts.report_id
    left join fact_dictionary on fact_dictionary.fact_key = facts.fact_key

)

select * from final
