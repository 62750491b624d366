-- grain: one row per report file (report_id)
with

source as (

    select * from {{ source('raw', 'reports') }}

),

renamed as (

    select
        cast(report_id as string)                  as report_id,
        cast(source_path as string)                as source_path,
        cast(file_name as string)                  as file_name,
        cast(format as string)                     as file_format,
        cast(file_size as bigint)                   as file_size_bytes,
        cast(pages as integer)                      as page_count,
        cast(chars as integer)                      as char_count,
        cast(ingested_at as timestamp)              as ingested_at,
        cast(extractor_version as string)          as extractor_version,
        cast(status as string)                     as extraction_status,
        nullif(trim(department), '')                as department_name,
        nullif(trim(province), '')                  as province,
        nullif(trim(prefecture), '')                as prefecture,
        nullif(trim(county), '')                    as county,
        nullif(trim(admin_level), '')               as admin_level,
        nullif(substring(trim(adcode), 1, 6), '')   as adcode,
        cast(fiscal_year as integer)                as fiscal_year,
        cast(report_date as date)                   as report_date,
        cast(self_score as decimal(6, 2))           as self_score_extracted,
        nullif(trim(grade), '')                     as grade_extracted

    from source

)

select * from renamed
