-- The re-issued-report rule: each department-year has exactly one selected report, and no other
-- report of that department-year beats it on (report_date, fact_count, ingested_at), latest / most
-- first, with nulls last. Returns the department-years where that fails.
with

reports as (

    select * from {{ ref('int_reports__identified') }}
    where not is_unassigned

),

selected_counts as (

    select
        department_id,
        fiscal_year,
        sum(case when is_selected then 1 else 0 end) as selected_count

    from reports
    group by department_id, fiscal_year

),

beaten as (

    select
        selected.department_id,
        selected.fiscal_year,
        other.report_id as better_report_id

    from reports as selected
    inner join reports as other
        on other.department_id = selected.department_id
        and other.fiscal_year = selected.fiscal_year
        and other.report_id <> selected.report_id
    where selected.is_selected
      and (
        (other.report_date is not null and (selected.report_date is null or other.report_date > selected.report_date))
        or (other.report_date is not distinct from selected.report_date and other.fact_count > selected.fact_count)
        or (other.report_date is not distinct from selected.report_date and other.fact_count = selected.fact_count
            and other.ingested_at > selected.ingested_at)
      )

)

select department_id, fiscal_year, 'selected_count = ' || cast(selected_count as string) as failure
from selected_counts
where selected_count <> 1
union all
select department_id, fiscal_year, 'beaten by ' || better_report_id
from beaten
