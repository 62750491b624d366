{#- The rule registry's checks recomputed in the warehouse (`model`: one row per broken check, with
    report_id, rule_id, fact_keys and fact_key_count) agree with what ingest's validation reported
    (raw.findings), which is what 数据质量 shows. Fails for
    - each broken check that no error or warning of ingest on that report names in full (an earlier
      finding on the same facts, such as a failed sum for a part larger than its whole, counts), and
    - each finding of a rule the warehouse re-checks that no broken check of the same rule reproduces.
    One generic test for every rule: the rules themselves are data (seeds/validation_rules.csv). -#}
{% test agrees_with_ingest_findings(model) %}

with

violations as (

    select * from {{ model }}

),

findings as (

    select distinct report_id, rule_id, replace(fact_keys, ' ', '') as fact_keys
    from {{ ref('stg_raw__findings') }}
    where severity in ('error', 'warning')

),

rechecked_rules as (

    select distinct rule_id
    from {{ ref('validation_rules') }}
    where relation in ('{{ warehouse_checked_relations() | join("', '") }}')

),

violation_keys as (

    select report_id, rule_id, fact_keys, fact_key_count, {{ unnest_words("replace(fact_keys, ',', ' ')") }} as fact_key
    from violations

),

-- for each broken check and each finding on its report: how many of the check's facts the finding names
named as (

    select
        violation_keys.report_id,
        violation_keys.rule_id,
        violation_keys.fact_keys,
        violation_keys.fact_key_count,
        findings.rule_id as finding_rule_id,
        findings.fact_keys as finding_fact_keys,
        count(*) as named_key_count

    from violation_keys
    inner join findings
        on findings.report_id = violation_keys.report_id
        and (',' || findings.fact_keys || ',') like ('%,' || violation_keys.fact_key || ',%')
    group by violation_keys.report_id, violation_keys.rule_id, violation_keys.fact_keys,
             violation_keys.fact_key_count, findings.rule_id, findings.fact_keys

),

matches as (

    select * from named where named_key_count = fact_key_count

),

unreported as (

    select
        violations.report_id,
        violations.rule_id,
        violations.fact_keys,
        'broken in the warehouse, not reported by ingest' as failure

    from violations
    where not exists (
        select 1 from matches
        where matches.report_id = violations.report_id
          and matches.rule_id = violations.rule_id
          and matches.fact_keys = violations.fact_keys
    )

),

unreproduced as (

    select
        findings.report_id,
        findings.rule_id,
        findings.fact_keys,
        'reported by ingest, not broken in the warehouse' as failure

    from findings
    inner join rechecked_rules on rechecked_rules.rule_id = findings.rule_id
    where not exists (
        select 1 from matches
        where matches.report_id = findings.report_id
          and matches.finding_rule_id = findings.rule_id
          and matches.rule_id = findings.rule_id
          and matches.finding_fact_keys = findings.fact_keys
    )

)

select * from unreported
union all
select * from unreproduced

{% endtest %}
