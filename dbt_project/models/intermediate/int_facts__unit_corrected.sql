-- grain: one row per report and fact key (amounts, rates and headcount only)
-- 1. Deduplication. A report may state the same figure twice (e.g. in two sections) and the
--    extractor may then write two rows: the row with the highest confidence, then the earliest
--    position in the text, is kept.
-- 2. Unit correction. A report sometimes writes 元 where it means 万元 (or the reverse):
--    "一般公共预算 5454.98 元" beside "政府性基金预算 3923.00 万元" and "总收入 9377.98 万元".
--    For each accounting identity (seeds/accounting_identity_terms.csv) with a total and at least
--    two parts stated that does not hold, if scaling exactly one of its terms by 10000 (a term
--    stated in 元) or by 1/10000 (a term stated in 万元) makes it hold within tolerance, that term is
--    corrected. Ambiguous cases (two terms would fit, or two identities disagree) stay as stated.
--    Ingest corrects such typos itself; the identity then holds and nothing changes here.
with

facts as (

    select * from {{ ref('stg_raw__facts') }}
    where fact_group in ('amounts', 'rates', 'headcount')
      and fact_value is not null

),

identity_terms as (

    select * from {{ ref('accounting_identity_terms') }}

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

scale_factors as (

    select cast(10000 as decimal(10, 4)) as factor, '元' as unit_if_typo
    union all
    select cast(0.0001 as decimal(10, 4)) as factor, '万元' as unit_if_typo

),

terms as (

    select
        identity_terms.rule_id,
        identity_terms.term_role,
        deduplicated.report_id,
        deduplicated.fact_key,
        deduplicated.fact_value,
        deduplicated.unit_stated,
        case when identity_terms.term_role = 'total' then -1 else 1 end as term_sign

    from identity_terms
    inner join deduplicated
        on deduplicated.fact_key = identity_terms.fact_key
        and deduplicated.fact_group = 'amounts'

),

residuals as (

    select
        rule_id,
        report_id,
        sum(term_sign * fact_value) as residual,
        cast(sum(case when term_role = 'total' then 1 else 0 end) as integer) as total_count,
        cast(sum(case when term_role = 'part' then 1 else 0 end) as integer) as part_count,
        count(*) as term_count,
        max(case when term_role = 'total' then abs(fact_value) end) as total_abs

    from terms
    group by rule_id, report_id

),

broken as (

    select *
    from residuals
    where total_count = 1
      and part_count >= 2
      and abs(residual) > greatest(
            term_count * {{ var('identity_tolerance_yuan_per_term') }},
            total_abs * {{ var('identity_tolerance_relative') }}
          )

),

rescaled as (

    select
        terms.rule_id,
        terms.report_id,
        terms.fact_key,
        scale_factors.factor,
        cast(terms.fact_value * scale_factors.factor as decimal(20, 4)) as corrected_value,
        broken.residual - terms.term_sign * terms.fact_value
            + terms.term_sign * terms.fact_value * scale_factors.factor as residual_after,
        greatest(
            broken.term_count * {{ var('identity_tolerance_yuan_per_term') }},
            case
                when terms.term_role = 'total' then abs(terms.fact_value * scale_factors.factor)
                else broken.total_abs
            end * {{ var('identity_tolerance_relative') }}
        ) as tolerance_after

    from terms
    inner join broken
        on broken.rule_id = terms.rule_id
        and broken.report_id = terms.report_id
    inner join scale_factors
        on scale_factors.unit_if_typo = terms.unit_stated

),

unambiguous_per_rule as (

    select
        rule_id,
        report_id,
        min(fact_key) as fact_key,
        min(factor) as factor,
        min(corrected_value) as corrected_value

    from rescaled
    where abs(residual_after) <= tolerance_after
    group by rule_id, report_id
    having count(*) = 1

),

corrections as (

    select
        report_id,
        fact_key,
        min(factor) as factor,
        min(corrected_value) as corrected_value,
        min(rule_id) as rule_id

    from unambiguous_per_rule
    group by report_id, fact_key
    having count(distinct factor) = 1

),

final as (

    select
        deduplicated.report_id,
        deduplicated.fact_group,
        deduplicated.fact_key,
        coalesce(corrections.corrected_value, deduplicated.fact_value) as fact_value,
        deduplicated.fact_value as fact_value_stated,
        corrections.fact_key is not null as is_unit_corrected,
        corrections.factor as unit_correction_factor,
        corrections.rule_id as unit_correction_rule_id,
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
