-- grain: one row per department, fiscal year and indicator (department_id, fiscal_year, indicator_seq)
-- Every indicator the selected report scores, with its deduction (full points - self score); when the
-- report lists none, those of its companion 自评表 workbook (report_id is the file each row comes from).
-- Reports list section totals and their sub-indicators alike, so deductions are not additive.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

indicators as (

    select * from {{ ref('stg_raw__indicator_scores') }}

),

reports_with_indicators as (

    select distinct report_id from indicators

),

sources as (

    select
        department_years.*,
        case
            when department_years.companion_report_id is not null
                and department_years.report_id not in (select report_id from reports_with_indicators)
                then department_years.companion_report_id
            else department_years.report_id
        end as indicator_report_id

    from department_years

),

final as (

    select
        sources.department_id,
        sources.fiscal_year,
        indicators.report_id,
        sources.department_name,
        sources.department_kind,
        sources.place_id,
        sources.province,
        sources.prefecture,
        sources.county,
        sources.admin_level,
        sources.region,
        sources.nbs_region,
        indicators.indicator_seq,
        indicators.indicator_name,
        indicators.max_score,
        indicators.score,
        indicators.max_score - indicators.score as deduction,
        {{ safe_ratio('indicators.score', 'indicators.max_score') }} as score_rate,
        coalesce(indicators.score < indicators.max_score, false) as has_deduction

    from sources
    inner join indicators on indicators.report_id = sources.indicator_report_id

)

select * from final
