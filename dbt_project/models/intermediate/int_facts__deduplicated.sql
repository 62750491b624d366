-- grain: one row per report and fact key (amounts, rates and headcount only)
-- A report may state the same figure twice (e.g. in two sections); the extractor may then write two
-- rows. The rule: keep the row with the highest confidence, then the earliest position in the text.
with

facts as (

    select * from {{ ref('stg_raw__facts') }}
    where fact_group in ('amounts', 'rates', 'headcount')
      and fact_value is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by report_id, fact_key
            order by confidence desc nulls last, char_start asc nulls last, fact_value
        ) as row_rank,
        count(*) over (partition by report_id, fact_key) as stated_count,
        count(distinct fact_value) over (partition by report_id, fact_key) as distinct_value_count

    from facts

),

final as (

    select
        report_id,
        fact_group,
        fact_key,
        fact_value,
        unit_stated,
        quote,
        char_start,
        char_end,
        page,
        section,
        extraction_method,
        confidence,
        stated_count,
        distinct_value_count > 1 as has_conflicting_values

    from ranked
    where row_rank = 1

)

select * from final
