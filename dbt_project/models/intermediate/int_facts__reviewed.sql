-- grain: one row per report and fact key (amounts, rates and headcount) after the analysts' review
-- The extracted facts with the corrections in force applied above them: a corrected value replaces
-- the extracted one (kept as fact_value_extracted), a fact marked "not stated" is dropped, a missed
-- fact is added with the analyst's quote (located in the report text where it occurs there).
with

facts as (

    select * from {{ ref('int_facts__deduplicated') }}

),

corrections as (

    select * from {{ ref('int_corrections__in_force') }}
    where fact_group in ('amounts', 'rates', 'headcount')

),

texts as (

    select * from {{ ref('stg_raw__report_texts') }}

),

merged as (

    select
        coalesce(facts.report_id, corrections.report_id) as report_id,
        coalesce(facts.fact_group, corrections.fact_group) as fact_group,
        coalesce(facts.fact_key, corrections.fact_key) as fact_key,
        case
            when corrections.review_action in ('correct', 'add') then corrections.corrected_value
            else facts.fact_value
        end as fact_value,
        facts.fact_value as fact_value_extracted,
        facts.fact_value_stated,
        coalesce(facts.is_unit_corrected, false) as is_unit_corrected,
        facts.unit_correction_factor,
        facts.unit_correction_message,
        facts.unit_stated,
        coalesce(facts.quote, corrections.quote) as quote,
        case
            when facts.report_id is not null then facts.char_start
            when instr(texts.report_text, corrections.quote) > 0 then instr(texts.report_text, corrections.quote) - 1
        end as char_start,
        case
            when facts.report_id is not null then facts.char_end
            when instr(texts.report_text, corrections.quote) > 0
                then instr(texts.report_text, corrections.quote) - 1 + length(corrections.quote)
        end as char_end,
        facts.page,
        facts.section,
        coalesce(facts.extraction_method, 'analyst') as extraction_method,
        facts.confidence,
        coalesce(facts.stated_count, 0) as stated_count,
        coalesce(facts.has_conflicting_values, false) as has_conflicting_values,
        facts.report_id is not null as is_extracted,
        coalesce(corrections.review_action in ('correct', 'add'), false) as is_corrected,
        coalesce(corrections.review_action = 'confirm', false) as is_confirmed,
        corrections.review_action,
        corrections.correction_id,
        corrections.reviewer,
        corrections.note as review_note,
        corrections.recorded_at as reviewed_at

    from facts
    full outer join corrections
        on corrections.report_id = facts.report_id
        and corrections.fact_group = facts.fact_group
        and corrections.fact_key = facts.fact_key
    left join texts on texts.report_id = corrections.report_id and facts.report_id is null
    where coalesce(corrections.review_action, '') <> 'not_stated'
      and (facts.report_id is not null or corrections.review_action in ('correct', 'add'))

)

select * from merged
