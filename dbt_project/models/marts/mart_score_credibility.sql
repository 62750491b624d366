-- grain: one row per department and fiscal year (department_id, fiscal_year)
-- How far the report's own facts support its self score: the credibility flags that fire, their
-- count (and how many are of high severity), and one plain Chinese sentence per flag.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

flags as (

    select * from {{ ref('mart_credibility_flags') }}

),

flag_summary as (

    select
        department_id,
        fiscal_year,
        count(*) as flag_count,
        cast(sum(case when severity = 'high' then 1 else 0 end) as integer) as high_severity_flag_count,
        {{ ordered_listagg('rule_id', "','", 'severity_order, rule_id, subject') }} as flag_rule_ids,
        {{ ordered_listagg('rule_label_zh', "'、'", 'severity_order, rule_id, subject') }} as flag_labels_zh,
        {{ ordered_listagg('sentence_zh', "'；'", 'severity_order, rule_id, subject') }} as flag_sentences_zh

    from flags
    group by department_id, fiscal_year

),

final as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
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
        department_years.grade,
        {{ to_pct('department_years.budget_execution_rate_pct') }} as execution_rate_pct,
        cast(coalesce(flag_summary.flag_count, 0) as integer) as flag_count,
        coalesce(flag_summary.high_severity_flag_count, 0) as high_severity_flag_count,
        flag_summary.flag_rule_ids,
        flag_summary.flag_labels_zh,
        flag_summary.flag_sentences_zh

    from department_years
    left join flag_summary
        on flag_summary.department_id = department_years.department_id
        and flag_summary.fiscal_year = department_years.fiscal_year

)

select * from final
