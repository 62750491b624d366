-- grain: one row per report (report_id)
-- Gives each report its department identity and place, and applies the re-issued-report rule.
--   department: the canonical name (seeds/department_aliases.csv maps old names to the current one);
--               department_id = first 12 hex digits of md5(canonical name), stable across renames.
--   place:      the report's adcode if it is in seeds/admin_divisions.csv, else its names
--               (admin level + province + prefecture + county; a district of a municipality and a
--               省直辖 county have no prefecture), else a former name of seeds/place_renames.csv
--               (横县 → 横州市), else a place of its own (place_id 'x' + hash).
--   rule:       per department_id + fiscal_year the selected report is the one with the latest
--               report_date, then the most facts, then the latest ingested_at (then report_id).
--               The others are superseded and stay visible in mart_data_quality. A workbook (the
--               自评表 published as an attachment) ranks after the report documents, and one in the
--               folder of the selected report is its companion, not superseded: the department-year
--               takes what the report does not state from it, each fact keeping its own file.
with

reports as (

    select * from {{ ref('int_reports__pivoted') }}

),

aliases as (

    select * from {{ ref('department_aliases') }}

),

divisions as (

    select * from {{ ref('admin_divisions') }}

),

renames as (

    select * from {{ ref('place_renames') }}

),

named as (

    select
        reports.*,
        coalesce(aliases.canonical_name, reports.department_name) as canonical_department_name,
        coalesce(
            reports.admin_level,
            case
                when reports.county is not null then 'county'
                when reports.prefecture is not null then 'prefecture'
                when reports.province is not null then 'province'
            end
        ) as resolved_admin_level

    from reports
    left join aliases on aliases.alias_name = reports.department_name

),

placed as (

    select
        named.*,
        coalesce(by_code.adcode, by_name.adcode, by_former_name.adcode) as matched_adcode

    from named
    left join divisions as by_code
        on by_code.adcode = named.adcode
    left join divisions as by_name
        on by_name.admin_level = named.resolved_admin_level
        and coalesce(by_name.province, '') = coalesce(named.province, '')
        and coalesce(by_name.prefecture, '') = coalesce(named.prefecture, '')
        and coalesce(by_name.county, '') = coalesce(named.county, '')
        and by_code.adcode is null
    left join renames as by_former_name
        on named.resolved_admin_level = 'county'
        and by_former_name.province = named.province
        and coalesce(by_former_name.former_prefecture, '') = coalesce(named.prefecture, '')
        and by_former_name.former_name = named.county
        and by_code.adcode is null
        and by_name.adcode is null

),

identified as (

    select
        placed.*,
        case
            when canonical_department_name is not null
                then {{ short_hash('canonical_department_name') }}
        end as department_id,
        case
            when matched_adcode is not null then matched_adcode
            when coalesce(province, prefecture, county) is not null
                then 'x' || substring({{ dbt.hash("coalesce(province, '') || '|' || coalesce(prefecture, '') || '|' || coalesce(county, '')") }}, 1, 11)
        end as place_id,
        matched_adcode is not null as is_place_in_reference

    from placed

),

ranked as (

    select
        identified.*,
        case
            when department_id is null or fiscal_year is null then null
            else row_number() over (
                partition by department_id, fiscal_year
                order by coalesce(file_format = 'xlsx', false), report_date desc nulls last, fact_count desc,
                    ingested_at desc, report_id
            )
        end as report_rank,
        regexp_replace(coalesce(source_path, ''), '/[^/]*$', '') as source_folder,
        case
            when department_id is not null and fiscal_year is not null
                then count(*) over (partition by department_id, fiscal_year)
        end as reports_for_department_year

    from identified

),

with_first as (

    select
        ranked.*,
        case
            when report_rank > 1 then first_value(report_id) over (
                partition by department_id, fiscal_year order by report_rank
            )
        end as first_report_id,
        case
            when report_rank > 1 then first_value(source_folder) over (
                partition by department_id, fiscal_year order by report_rank
            )
        end as first_source_folder

    from ranked

),

attached as (

    select
        with_first.*,
        coalesce(report_rank > 1 and file_format = 'xlsx' and source_folder = first_source_folder, false)
            as is_attached

    from with_first

),

final as (

    select
        {{ star_except(['first_report_id', 'first_source_folder', 'source_folder', 'is_attached']) }},
        department_id is null or fiscal_year is null as is_unassigned,
        coalesce(report_rank = 1, false) as is_selected,
        coalesce(report_rank > 1, false) and not is_attached as is_superseded,
        case when not is_attached then first_report_id end as superseded_by_report_id,
        is_attached as is_companion,
        case when is_attached then first_report_id end as companion_of_report_id

    from attached

)

select * from final
