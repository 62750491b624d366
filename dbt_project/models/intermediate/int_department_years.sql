-- grain: one row per department and fiscal year (department_id, fiscal_year)
-- The selected report of each department-year (see int_reports__identified for the rule), with
-- the department's canonical name and its place from the reference divisions. The score and grade
-- the report leaves out come from its companion 自评表 workbook, if one was published beside it.
with

reports as (

    select * from {{ ref('int_reports__identified') }}
    where is_selected

),

companions as (

    select
        companion_of_report_id,
        min(report_id) as companion_report_id,
        min(self_score) as self_score,
        min(grade) as grade

    from {{ ref('int_reports__identified') }}
    where is_companion
    group by companion_of_report_id

),

places as (

    select * from {{ ref('int_places') }}

),

departments as (

    select * from {{ ref('int_departments') }}

),

final as (

    select
        reports.department_id,
        reports.fiscal_year,
        reports.report_id,
        departments.department_name,
        departments.department_kind,
        reports.department_name as department_name_stated,
        reports.place_id,
        places.province,
        places.prefecture,
        places.county,
        places.admin_level,
        places.region,
        places.nbs_region,
        reports.report_date,
        reports.reports_for_department_year,
        companions.companion_report_id,
        coalesce(reports.self_score, companions.self_score) as self_score,
        reports.self_score_extracted,
        reports.is_self_score_corrected,
        coalesce(reports.grade, companions.grade) as grade,
        reports.grade_extracted,
        reports.is_grade_corrected,
        reports.corrected_fact_count,
        reports.unit_corrected_fact_count,
        {%- for key in amount_keys() %}
        reports.{{ key }}_yuan,
        {%- endfor %}
        {%- for key in rate_keys() %}
        reports.{{ key }}_pct,
        {%- endfor %}
        {%- for key in headcount_keys() %}
        reports.headcount_{{ key }}{{ "," if not loop.last }}
        {%- endfor %}

    from reports
    inner join departments on departments.department_id = reports.department_id
    left join places on places.place_id = reports.place_id
    left join companions on companions.companion_of_report_id = reports.report_id

)

select * from final
