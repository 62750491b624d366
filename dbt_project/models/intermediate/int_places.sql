-- grain: one row per place (place_id)
-- Every division of the reference seed (place_id = 6-digit adcode: the country, every province,
-- prefecture-level and county-level unit), with its NBS region (the four of seeds/province_regions.csv), its
-- within-province region where a province groups its prefectures (seeds/prefecture_regions.csv) and
-- the former names that now point to it (seeds/place_renames.csv); plus every place named by a
-- report that the reference does not hold (place_id 'x' + hash of its names).
with

divisions as (

    select * from {{ ref('admin_divisions') }}

),

province_regions as (

    select * from {{ ref('province_regions') }}

),

prefecture_regions as (

    select * from {{ ref('prefecture_regions') }}

),

renames as (

    select * from {{ ref('place_renames') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

former_names as (

    select
        adcode,
        {{ ordered_listagg('former_name', "'；'", 'former_name') }} as former_names

    from renames
    group by adcode

),

reference_places as (

    select
        divisions.adcode as place_id,
        divisions.adcode,
        divisions.name as place_name,
        divisions.admin_level,
        nullif(divisions.county_type, '') as county_type,
        nullif(divisions.province_adcode, '') as province_adcode,
        nullif(divisions.province, '') as province,
        nullif(divisions.prefecture_adcode, '') as prefecture_adcode,
        nullif(divisions.prefecture, '') as prefecture,
        nullif(divisions.county, '') as county,
        nullif(province_regions.nbs_region, '') as nbs_region,
        province_regions.nbs_region_order,
        prefecture_regions.region,
        prefecture_regions.region_en,
        prefecture_regions.region_order,
        nullif(divisions.parent_adcode, '') as parent_place_id,
        former_names.former_names,
        divisions.longitude,
        divisions.latitude,
        true as is_in_reference

    from divisions
    left join province_regions on province_regions.province_adcode = divisions.province_adcode
    left join prefecture_regions on prefecture_regions.prefecture_adcode = divisions.prefecture_adcode
    left join former_names on former_names.adcode = divisions.adcode

),

unresolved_places as (

    select
        place_id,
        cast(null as string) as adcode,
        coalesce(max(county), max(prefecture), max(province)) as place_name,
        max(resolved_admin_level) as admin_level,
        cast(null as string) as county_type,
        cast(null as string) as province_adcode,
        max(province) as province,
        cast(null as string) as prefecture_adcode,
        max(prefecture) as prefecture,
        max(county) as county,
        cast(null as string) as nbs_region,
        cast(null as integer) as nbs_region_order,
        cast(null as string) as region,
        cast(null as string) as region_en,
        cast(null as integer) as region_order,
        cast(null as string) as parent_place_id,
        cast(null as string) as former_names,
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
