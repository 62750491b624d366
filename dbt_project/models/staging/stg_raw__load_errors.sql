-- grain: one row per file path that could not be read or extracted
with

source as (

    select * from {{ source('raw', 'load_errors') }}

),

renamed as (

    select
        cast(source_path as varchar)        as source_path,
        cast(file_name as varchar)          as file_name,
        cast(file_hash as varchar)          as file_hash,
        cast(error_kind as varchar)         as error_kind,
        cast(message as varchar)            as message,
        cast(occurred_at as timestamp)      as occurred_at,
        cast(extractor_version as varchar)  as extractor_version

    from source

)

select * from renamed
