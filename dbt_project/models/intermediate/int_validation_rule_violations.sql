-- grain: one row per report and broken check of the rule registry (seeds/validation_rules.csv);
--        for an each_le / each_ge check, one row per stated part on the wrong side of its whole
-- The registry's checks recomputed on the kept facts (amounts in yuan, rates in percent), with the
-- same terms, relations and tolerances as ingest's validation (ingest/validate.py). The generic test
-- agrees_with_ingest_findings checks that ingest reported each of these, and nothing else.
with

checks as (

    select * from {{ ref('validation_rules') }}
    where relation in ('{{ warehouse_checked_relations() | join("', '") }}')

),

facts as (

    select report_id, fact_key, fact_value
    from {{ ref('int_facts__deduplicated') }}
    where fact_group in ('amounts', 'rates')

),

check_parts as (

    select rule_id, relation, whole, {{ unnest_words('parts') }} as part_key
    from checks
    where relation in ('sum_eq', 'each_le', 'each_ge')

),

stated_parts as (

    select
        check_parts.rule_id,
        check_parts.relation,
        check_parts.whole,
        facts.report_id,
        facts.fact_key as part_key,
        facts.fact_value as part_value

    from check_parts
    inner join facts on facts.fact_key = check_parts.part_key

),

broken_sums as (

    select
        stated_parts.report_id,
        checks.rule_id,
        checks.relation,
        checks.whole,
        checks.severity,
        checks.whole || ',' || {{ ordered_listagg('stated_parts.part_key', "','", 'stated_parts.part_key') }}
            as fact_keys,
        cast(count(*) + 1 as integer) as fact_key_count,
        sum(stated_parts.part_value) - min(whole_facts.fact_value) as difference

    from stated_parts
    inner join checks
        on checks.rule_id = stated_parts.rule_id
        and checks.relation = stated_parts.relation
        and checks.whole = stated_parts.whole
    inner join facts as whole_facts
        on whole_facts.report_id = stated_parts.report_id
        and whole_facts.fact_key = checks.whole
    where checks.relation = 'sum_eq'
    group by stated_parts.report_id, checks.rule_id, checks.relation, checks.whole, checks.severity,
             checks.min_parts, checks.tolerance, checks.tolerance_share
    having count(*) >= checks.min_parts
       and abs(sum(stated_parts.part_value) - min(whole_facts.fact_value))
           > checks.tolerance + abs(min(whole_facts.fact_value)) * checks.tolerance_share

),

parts_with_limits as (

    select
        stated_parts.*,
        checks.severity,
        checks.tolerance,
        checks.tolerance_share,
        whole_facts.fact_key as whole_fact_key,
        coalesce(whole_facts.fact_value, {{ number_or_null('checks.whole') }}) as limit_value

    from stated_parts
    inner join checks
        on checks.rule_id = stated_parts.rule_id
        and checks.relation = stated_parts.relation
        and checks.whole = stated_parts.whole
    left join facts as whole_facts
        on whole_facts.report_id = stated_parts.report_id
        and whole_facts.fact_key = checks.whole
    where checks.relation in ('each_le', 'each_ge')

),

broken_parts as (

    select
        report_id,
        rule_id,
        relation,
        whole,
        severity,
        case when whole_fact_key is null then part_key else part_key || ',' || whole_fact_key end as fact_keys,
        case when whole_fact_key is null then 1 else 2 end as fact_key_count,
        part_value - limit_value as difference

    from parts_with_limits
    where limit_value is not null
      and case when relation = 'each_le' then part_value - limit_value else limit_value - part_value end
          > tolerance + abs(limit_value) * tolerance_share

),

ratio_terms as (

    select
        checks.*,
        {{ dbt.split_part('checks.parts', "' '", 1) }} as numerator_key,
        {{ dbt.split_part('checks.parts', "' '", 2) }} as denominator_key

    from checks
    where checks.relation = 'ratio_pct_eq'

),

broken_ratios as (

    select
        numerators.report_id,
        ratio_terms.rule_id,
        ratio_terms.relation,
        ratio_terms.whole,
        ratio_terms.severity,
        ratio_terms.whole || ',' || ratio_terms.numerator_key || ',' || ratio_terms.denominator_key as fact_keys,
        3 as fact_key_count,
        numerators.fact_value / denominators.fact_value * 100 - stated.fact_value as difference

    from ratio_terms
    inner join facts as numerators on numerators.fact_key = ratio_terms.numerator_key
    inner join facts as denominators
        on denominators.report_id = numerators.report_id
        and denominators.fact_key = ratio_terms.denominator_key
    inner join facts as stated
        on stated.report_id = numerators.report_id
        and stated.fact_key = ratio_terms.whole
    where denominators.fact_value <> 0
      and abs(numerators.fact_value / denominators.fact_value * 100 - stated.fact_value)
          > ratio_terms.tolerance + abs(stated.fact_value) * ratio_terms.tolerance_share

),

final as (

    select * from broken_sums
    union all
    select * from broken_parts
    union all
    select * from broken_ratios

)

select
    report_id,
    rule_id,
    relation,
    whole,
    severity,
    fact_keys,
    cast(fact_key_count as integer) as fact_key_count,
    cast(difference as double) as difference

from final
