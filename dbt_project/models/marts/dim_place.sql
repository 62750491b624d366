-- grain: one row per place (place_id): the country, every province, prefecture-level and
-- county-level unit of the reference, and any other place a report names
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
        places.province_adcode,
        places.province,
        places.prefecture_adcode,
        places.prefecture,
        places.county,
        places.nbs_region,
        places.nbs_region_order,
        places.region,
        places.region_en,
        places.region_order,
        places.parent_place_id,
        places.former_names,
        places.longitude,
        places.latitude,
        places.is_in_reference,
        coalesce(usage.department_count, 0) as department_count,
        coalesce(usage.department_year_count, 0) as department_year_count

    from places
    left join usage on usage.place_id = places.place_id

)

select * from final
