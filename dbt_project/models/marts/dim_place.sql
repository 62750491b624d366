-- grain: one row per place (place_id): Guangdong's divisions, China's provinces, and any other
-- place a report names
with

places as (

    select * from {{ ref('int_places') }}

),

department_years as (

    select * from {{ ref('int_department_years') }}

),

usage as (

    select
        place_id,
        count(distinct department_id) as department_count,
        count(*) as department_year_count

    from department_years
    group by place_id

),

final as (

    select
        places.place_id,
        places.adcode,
        places.place_name,
        places.admin_level,
        places.county_type,
        places.province,
        places.prefecture,
        places.county,
        places.region,
        places.region_en,
        places.parent_place_id,
        places.longitude,
        places.latitude,
        places.is_in_reference,
        coalesce(usage.department_count, 0) as department_count,
        coalesce(usage.department_year_count, 0) as department_year_count

    from places
    left join usage on usage.place_id = places.place_id

)

select * from final
