-- grain: one row per department (department_id)
with

departments as (

    select * from {{ ref('int_departments') }}

),

places as (

    select * from {{ ref('int_places') }}

),

final as (

    select
        departments.department_id,
        departments.department_name,
        departments.department_kind_id,
        departments.department_kind,
        departments.department_kind_en,
        departments.place_id,
        places.province,
        places.prefecture,
        places.county,
        places.admin_level,
        places.region,
        places.nbs_region,
        departments.first_fiscal_year,
        departments.last_fiscal_year,
        departments.fiscal_year_count,
        departments.report_count,
        departments.has_other_names,
        departments.names_seen

    from departments
    left join places on places.place_id = departments.place_id

)

select * from final
