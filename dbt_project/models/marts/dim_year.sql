-- grain: one row per year (fiscal_year) that a report evaluates or states an earlier score for
with

reports as (

    select * from {{ ref('int_reports__identified') }}

),

score_history as (

    select * from {{ ref('stg_raw__score_history') }}

),

years as (

    select fiscal_year from reports where fiscal_year is not null
    union
    select history_year as fiscal_year from score_history where history_year is not null

),

report_stats as (

    select
        fiscal_year,
        count(*) as report_count,
        cast(sum(case when is_selected then 1 else 0 end) as integer) as department_year_count,
        cast(sum(case when is_superseded then 1 else 0 end) as integer) as superseded_report_count

    from reports
    where fiscal_year is not null
    group by fiscal_year

),

final as (

    select
        years.fiscal_year,
        cast(years.fiscal_year as string) || '年度' as fiscal_year_label,
        coalesce(report_stats.report_count, 0) as report_count,
        coalesce(report_stats.department_year_count, 0) as department_year_count,
        coalesce(report_stats.superseded_report_count, 0) as superseded_report_count,
        years.fiscal_year = max(case when report_stats.report_count > 0 then years.fiscal_year end) over ()
            as is_latest_fiscal_year

    from years
    left join report_stats on report_stats.fiscal_year = years.fiscal_year

)

select * from final
