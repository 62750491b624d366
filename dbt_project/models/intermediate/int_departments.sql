-- grain: one row per department (department_id)
-- A department is its canonical name; its place is the place of its latest report, and its kind
-- (政务服务数据管理局, 财政局…) the first pattern of seeds/department_kinds.csv its name matches.
with

reports as (

    select * from {{ ref('int_reports__identified') }}
    where department_id is not null

),

kinds as (

    select * from {{ ref('department_kinds') }}

),

latest_report as (

    select
        department_id,
        canonical_department_name as department_name,
        place_id,
        row_number() over (
            partition by department_id
            order by is_selected desc, fiscal_year desc nulls last, report_date desc nulls last, ingested_at desc,
                report_id
        ) as recency_rank

    from reports

),

report_stats as (

    select
        department_id,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(distinct fiscal_year) as fiscal_year_count,
        count(*) as report_count,
        count(distinct department_name) as name_count

    from reports
    group by department_id

),

names_seen as (

    select
        department_id,
        {{ ordered_listagg('department_name', "'；'", 'department_name') }} as names_seen

    from (select distinct department_id, department_name from reports) as distinct_names
    group by department_id

),

kind_matches as (

    select
        latest_report.department_id,
        kinds.kind_id,
        kinds.kind_zh,
        kinds.kind_en,
        row_number() over (partition by latest_report.department_id order by kinds.priority) as match_rank

    from latest_report
    inner join kinds
        on {{ regex_contains('latest_report.department_name', 'kinds.name_pattern') }}
    where latest_report.recency_rank = 1

),

final as (

    select
        latest_report.department_id,
        latest_report.department_name,
        kind_matches.kind_id as department_kind_id,
        kind_matches.kind_zh as department_kind,
        kind_matches.kind_en as department_kind_en,
        latest_report.place_id,
        report_stats.first_fiscal_year,
        report_stats.last_fiscal_year,
        report_stats.fiscal_year_count,
        report_stats.report_count,
        report_stats.name_count > 1 as has_other_names,
        names_seen.names_seen

    from latest_report
    inner join report_stats on report_stats.department_id = latest_report.department_id
    inner join names_seen on names_seen.department_id = latest_report.department_id
    left join kind_matches
        on kind_matches.department_id = latest_report.department_id
        and kind_matches.match_rank = 1
    where latest_report.recency_rank = 1

)

select * from final
