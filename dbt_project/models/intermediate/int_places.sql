-- grain: one row per place (place_id)
-- Every division of the reference seed (place_id = 6-digit adcode), plus every place named by a
-- report that the reference does not hold (place_id 'x' + hash of its names).
with

divisions as (

    select * from {{ ref('admin_divisions') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

reference_places as (

    select
        adcode as place_id,
        adcode,
        name as place_name,
        admin_level,
        nullif(county_type, '') as county_type,
        province,
        nullif(prefecture, '') as prefecture,
        nullif(county, '') as county,
        nullif(region, '') as region,
        nullif(region_en, '') as region_en,
        case
            when admin_level = 'county' then prefecture_adcode
            when admin_level = 'prefecture' then province_adcode
        end as parent_place_id,
        longitude,
        latitude,
        true as is_in_reference

    from divisions

),

unresolved_places as (

    select
        place_id,
        cast(null as string) as adcode,
        coalesce(max(county), max(prefecture), max(province)) as place_name,
        max(resolved_admin_level) as admin_level,
        cast(null as string) as county_type,
        max(province) as province,
        max(prefecture) as prefecture,
        max(county) as county,
        cast(null as string) as region,
        cast(null as string) as region_en,
        cast(null as string) as parent_place_id,
        cast(null as double) as longitude,
        cast(null as double) as latitude,
        false as is_in_reference

    from reports
    where place_id is not null
      and not is_place_in_reference
    group by place_id

),

final as (

    select * from reference_places
    union all
    select * from unresolved_places

)

select * from final
