-- grain: one row per department and fiscal year (department_id, fiscal_year)
-- Total self score and grade, rank among peers (same province, fiscal year and admin level; and among the
-- same kind of department), indicator deductions, and the score beside the budget execution rate.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

indicators as (

    select * from {{ ref('mart_indicator_scores') }}

),

indicator_summary as (

    select
        department_id,
        fiscal_year,
        count(*) as indicator_count,
        cast(sum(case when has_deduction then 1 else 0 end) as integer) as indicators_with_deduction_count,
        sum(case when has_deduction then deduction else 0 end) as indicator_deduction_sum,
        {{ ordered_listagg(
            "case when has_deduction then indicator_name || ' -' || cast(cast(deduction as double) as string) end",
            "'；'", 'indicator_seq') }} as indicator_deductions

    from indicators
    group by department_id, fiscal_year

),

largest_deduction as (

    select
        department_id,
        fiscal_year,
        indicator_name,
        row_number() over (
            partition by department_id, fiscal_year order by deduction desc, indicator_seq
        ) as deduction_rank

    from indicators
    where has_deduction

),

scored as (

    select
        department_years.*,
        case
            when self_score is not null then rank() over (
                partition by province, fiscal_year, admin_level, self_score is null order by self_score desc
            )
        end as peer_rank,
        count(self_score) over (partition by province, fiscal_year, admin_level) as peer_count,
        case
            when self_score is not null and department_kind is not null then rank() over (
                partition by province, fiscal_year, admin_level, department_kind, self_score is null
                order by self_score desc
            )
        end as kind_peer_rank,
        case
            when department_kind is not null
                then count(self_score) over (partition by province, fiscal_year, admin_level, department_kind)
        end as kind_peer_count,
        -- the mean in hundredths of a point, rounded half up: exact on both engines (an average of
        -- decimals is a double on DuckDB, where 75.725 would round down)
        round(
            sum(self_score * 100) over (partition by province, fiscal_year, admin_level)
            / count(self_score) over (partition by province, fiscal_year, admin_level)
        ) / 100 as peer_average_score

    from department_years

),

final as (

    select
        scored.department_id,
        scored.fiscal_year,
        scored.report_id,
        scored.department_name,
        scored.department_kind,
        scored.place_id,
        scored.province,
        scored.prefecture,
        scored.county,
        scored.admin_level,
        scored.region,
        scored.nbs_region,
        scored.self_score,
        scored.self_score_extracted,
        scored.is_self_score_corrected,
        scored.grade as grade_stated,
        coalesce(scored.grade, {{ grade_from_score('scored.self_score') }}) as grade,
        scored.grade is null and scored.self_score is not null as is_grade_derived,
        100 - scored.self_score as score_deduction,
        scored.peer_rank,
        scored.peer_count,
        cast(scored.peer_average_score as decimal(6, 2)) as peer_average_score,
        scored.kind_peer_rank,
        scored.kind_peer_count,
        coalesce(indicator_summary.indicator_count, 0) as indicator_count,
        coalesce(indicator_summary.indicators_with_deduction_count, 0) as indicators_with_deduction_count,
        indicator_summary.indicator_deduction_sum,
        largest_deduction.indicator_name as largest_deduction_indicator,
        nullif(indicator_summary.indicator_deductions, '') as indicator_deductions,
        {{ to_pct('scored.budget_execution_rate_pct') }} as execution_rate_pct,
        {{ to_wan_yuan('scored.expenditure_total_yuan') }} as expenditure_total_wan_yuan

    from scored
    left join indicator_summary
        on indicator_summary.department_id = scored.department_id
        and indicator_summary.fiscal_year = scored.fiscal_year
    left join largest_deduction
        on largest_deduction.department_id = scored.department_id
        and largest_deduction.fiscal_year = scored.fiscal_year
        and largest_deduction.deduction_rank = 1

)

select * from final
