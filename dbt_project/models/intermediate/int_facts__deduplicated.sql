-- grain: one row per report and fact key (amounts, rates and headcount only)
-- 1. Deduplication. A report may state the same figure twice (e.g. in two sections) and the
--    extractor may then write two rows: the row with the highest confidence, then the earliest
--    position in the text, is kept.
-- 2. Unit corrections, as ingest made them. Ingest alone corrects a unit typo ("一般公共预算 5454.98 元"
--    beside "政府性基金 3923.00 万元" and "总收入 9377.98 万元") and records it as a finding of the rule
--    registry's correction rule naming the corrected fact; raw.facts holds the corrected value. Here the
--    value as stated is recovered from the unit the report wrote (元 meant 万元: x 10000, and the reverse).
with

facts as (

    select * from {{ ref('stg_raw__facts') }}
    where fact_group in ('amounts', 'rates', 'headcount')
      and fact_value is not null

),

findings as (

    select * from {{ ref('stg_raw__findings') }}

),

correction_rules as (

    select distinct rule_id from {{ ref('validation_rules') }} where kind = 'correction'

),

corrections as (

    select
        findings.report_id,
        findings.fact_keys as fact_key,
        min(findings.message) as correction_message

    from findings
    inner join correction_rules on correction_rules.rule_id = findings.rule_id
    group by findings.report_id, findings.fact_keys

),

ranked as (

    select
        *,
        row_number() over (
            partition by report_id, fact_key
            order by confidence desc nulls last, char_start asc nulls last, fact_value
        ) as row_rank,
        count(*) over (partition by report_id, fact_key) as stated_count,
        min(fact_value) over (partition by report_id, fact_key) as min_value,
        max(fact_value) over (partition by report_id, fact_key) as max_value

    from facts

),

deduplicated as (

    select * from ranked where row_rank = 1

),

final as (

    select
        deduplicated.report_id,
        deduplicated.fact_group,
        deduplicated.fact_key,
        deduplicated.fact_value,
        case
            when corrections.fact_key is null then deduplicated.fact_value
            when deduplicated.unit_stated = '元' then cast(deduplicated.fact_value / 10000 as decimal(20, 4))
            when deduplicated.unit_stated = '万元' then cast(deduplicated.fact_value * 10000 as decimal(20, 4))
        end as fact_value_stated,
        corrections.fact_key is not null as is_unit_corrected,
        case
            when corrections.fact_key is null then null
            when deduplicated.unit_stated = '元' then cast(10000 as decimal(10, 4))
            when deduplicated.unit_stated = '万元' then cast(0.0001 as decimal(10, 4))
        end as unit_correction_factor,
        corrections.correction_message as unit_correction_message,
        deduplicated.unit_stated,
        deduplicated.quote,
        deduplicated.char_start,
        deduplicated.char_end,
        deduplicated.page,
        deduplicated.section,
        deduplicated.extraction_method,
        deduplicated.confidence,
        cast(deduplicated.stated_count as integer) as stated_count,
        deduplicated.min_value <> deduplicated.max_value as has_conflicting_values

    from deduplicated
    left join corrections
        on corrections.report_id = deduplicated.report_id
        and corrections.fact_key = deduplicated.fact_key

)

select * from final
