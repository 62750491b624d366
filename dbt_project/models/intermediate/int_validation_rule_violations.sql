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

parts_against_wholes as (

    -- each stated part beside its check and, where the whole is a fact key, the report's whole
    select
        stated_parts.*,
        checks.severity,
        checks.min_parts,
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

),

broken_sums as (

    select
        report_id,
        rule_id,
        relation,
        whole,
        severity,
        whole || ',' || {{ ordered_listagg('part_key', "','", 'part_key') }} as fact_keys,
        cast(count(*) + 1 as integer) as fact_key_count,
        sum(part_value) - min(limit_value) as difference

    from parts_against_wholes
    where relation = 'sum_eq' and whole_fact_key is not null
    group by report_id, rule_id, relation, whole, severity, min_parts, tolerance, tolerance_share
    having count(*) >= min_parts
       and abs(sum(part_value) - min(limit_value)) > tolerance + abs(min(limit_value)) * tolerance_share

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

    from parts_against_wholes
    where relation in ('each_le', 'each_ge')
      and limit_value is not null
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
