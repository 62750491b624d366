-- grain: one row per department-year, credibility rule and subject (department_id, fiscal_year,
-- rule_id, subject)
-- Where a department's self-evaluation is not supported by its own report's facts: the rule, its
-- Chinese label and severity, a plain sentence, and the two quotes that prove it, located in the
-- report text (mart_report_texts) so the app can show them side by side.
with

checks as (

    select * from {{ ref('int_credibility__checks') }}

),

rules as (

    select * from {{ ref('credibility_rules') }}

),

department_years as (

    select * from {{ ref('int_department_years') }}

),

final as (

    select
        checks.department_id,
        checks.fiscal_year,
        checks.report_id,
        checks.rule_id,
        checks.subject,
        department_years.department_name,
        department_years.department_kind,
        department_years.place_id,
        department_years.province,
        department_years.prefecture,
        department_years.county,
        department_years.admin_level,
        department_years.region,
        department_years.nbs_region,
        department_years.self_score,
        rules.label_zh as rule_label_zh,
        rules.severity,
        case rules.severity when 'high' then 1 when 'medium' then 2 else 3 end as severity_order,
        replace(replace(replace(replace(rules.sentence_zh,
            '{a}', coalesce(checks.value_a, '')),
            '{b}', coalesce(checks.value_b, '')),
            '{c}', coalesce(checks.value_c, '')),
            '{d}', coalesce(checks.value_d, '')) as sentence_zh,
        checks.quote_a,
        checks.char_start_a,
        checks.char_end_a,
        checks.quote_b,
        checks.char_start_b,
        checks.char_end_b

    from checks
    inner join rules on rules.rule_id = checks.rule_id
    inner join department_years
        on department_years.department_id = checks.department_id
        and department_years.fiscal_year = checks.fiscal_year

)

select * from final
