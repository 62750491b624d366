-- Every mart row names the report it comes from, and that report, read straight from raw.reports,
-- is of the same department (its stated name mapped through seeds/department_aliases.csv) and the
-- same fiscal year. Department-year marts must point at the selected report of that department-year
-- (or at the 自评表 workbook attached to it).
-- Returns each row that fails, with the reason.
{%- set department_year_marts = ['mart_spending_structure', 'mart_self_scores', 'mart_three_public_control',
                                  'mart_indicator_scores', 'mart_problem_categories'] %}
with

raw_reports as (

    select * from {{ source('raw', 'reports') }}

),

aliases as (

    select * from {{ ref('department_aliases') }}

),

identified as (

    select * from {{ ref('int_reports__identified') }}

),

raw_identity as (

    select
        raw_reports.report_id,
        raw_reports.fiscal_year,
        {{ short_hash("coalesce(aliases.canonical_name, trim(raw_reports.department))") }} as department_id

    from raw_reports
    left join aliases on aliases.alias_name = trim(raw_reports.department)

),

mart_rows as (

    {%- for mart in department_year_marts %}
    select '{{ mart }}' as mart, report_id, department_id, fiscal_year, fiscal_year as report_fiscal_year, true as must_be_selected
    from {{ ref(mart) }}
    union all
    {%- endfor %}
    select 'mart_score_trend', report_id, department_id, fiscal_year, source_fiscal_year, true
    from {{ ref('mart_score_trend') }}
    union all
    select 'mart_fact_provenance', report_id, department_id, fiscal_year, fiscal_year, false
    from {{ ref('mart_fact_provenance') }}
    union all
    select 'mart_data_quality', report_id, department_id, fiscal_year, fiscal_year, false
    from {{ ref('mart_data_quality') }}

),

checked as (

    select
        mart_rows.*,
        case
            when mart_rows.report_id is null then 'no report_id'
            when raw_identity.report_id is null then 'report not in raw.reports'
            when mart_rows.department_id is distinct from raw_identity.department_id then 'department differs from the report'
            when mart_rows.report_fiscal_year is distinct from raw_identity.fiscal_year then 'fiscal year differs from the report'
            when mart_rows.must_be_selected and not coalesce(identified.is_selected or identified.is_companion, false)
                then 'report is not the selected one'
        end as failure

    from mart_rows
    left join raw_identity on raw_identity.report_id = mart_rows.report_id
    left join identified on identified.report_id = mart_rows.report_id

)

select * from checked where failure is not null
