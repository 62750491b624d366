-- grain: one row per report and fact key (amounts, rates and headcount only)
-- Unit correction. A report sometimes writes 元 where it means 万元 (or the reverse):
-- "一般公共预算 5454.98 元" beside "政府性基金预算 3923.00 万元" and "总收入 9377.98 万元".
-- For each accounting identity (seeds/accounting_identities.csv) that does not hold, if scaling
-- exactly one of its terms by 10000 (a term stated in 元) or by 1/10000 (a term stated in 万元)
-- makes it hold within tolerance, that term is corrected. Ambiguous cases (two terms would fit, or
-- two identities disagree) are left as stated. Ingest may already have corrected the value; the
-- identity then holds and nothing changes here.
with

facts as (

    select * from {{ ref('int_facts__deduplicated') }}

),

identity_terms as (

    select * from {{ ref('accounting_identity_terms') }}

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
        facts.report_id,
        facts.fact_key,
        facts.fact_value,
        facts.unit_stated,
        case when identity_terms.term_role = 'total' then -1 else 1 end as term_sign

    from identity_terms
    inner join facts
        on facts.fact_key = identity_terms.fact_key
        and facts.fact_group = 'amounts'

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

    select
        *,
        greatest(
            term_count * {{ var('identity_tolerance_yuan_per_term') }},
            total_abs * {{ var('identity_tolerance_relative') }}
        ) as tolerance_yuan

    from residuals
    where total_count = 1
      and part_count >= 1

),

candidates as (

    select
        terms.rule_id,
        terms.report_id,
        terms.fact_key,
        scale_factors.factor,
        cast(terms.fact_value * scale_factors.factor as decimal(20, 4)) as corrected_value

    from terms
    inner join broken
        on broken.rule_id = terms.rule_id
        and broken.report_id = terms.report_id
    cross join scale_factors
    where abs(broken.residual) > broken.tolerance_yuan
      and (terms.unit_stated is null or terms.unit_stated = scale_factors.unit_if_typo)
      and abs(
            broken.residual
            - terms.term_sign * terms.fact_value
            + terms.term_sign * terms.fact_value * scale_factors.factor
          ) <= broken.tolerance_yuan

),

unambiguous_per_rule as (

    select
        rule_id,
        report_id,
        min(fact_key) as fact_key,
        min(factor) as factor,
        min(corrected_value) as corrected_value

    from candidates
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
        facts.report_id,
        facts.fact_group,
        facts.fact_key,
        coalesce(corrections.corrected_value, facts.fact_value) as fact_value,
        facts.fact_value as fact_value_stated,
        corrections.fact_key is not null as is_unit_corrected,
        corrections.factor as unit_correction_factor,
        corrections.rule_id as unit_correction_rule_id,
        facts.unit_stated,
        facts.quote,
        facts.char_start,
        facts.char_end,
        facts.page,
        facts.section,
        facts.extraction_method,
        facts.confidence,
        facts.stated_count,
        facts.has_conflicting_values

    from facts
    left join corrections
        on corrections.report_id = facts.report_id
        and corrections.fact_key = facts.fact_key

)

select * from final
