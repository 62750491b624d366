-- grain: one row per department, fiscal year and indicator (department_id, fiscal_year, indicator_seq)
-- Every indicator the selected report scores, with its deduction (full points - self score).
-- Reports list section totals and their sub-indicators alike, so deductions are not additive.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

indicators as (

    select * from {{ ref('stg_raw__indicator_scores') }}

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
        indicators.indicator_seq,
        indicators.indicator_name,
        indicators.max_score,
        indicators.score,
        indicators.max_score - indicators.score as deduction,
        {{ safe_ratio('indicators.score', 'indicators.max_score') }} as score_rate,
        coalesce(indicators.score < indicators.max_score, false) as has_deduction

    from department_years
    inner join indicators on indicators.report_id = department_years.report_id

)

select * from final
