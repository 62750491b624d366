-- grain: one row per file path that could not be read or extracted
with

source as (

    select * from {{ source('raw', 'load_errors') }}

),

renamed as (

    select
        cast(source_path as string)        as source_path,
        cast(file_name as string)          as file_name,
        cast(file_hash as string)          as file_hash,
        cast(error_kind as string)         as error_kind,
        cast(message as string)            as message,
        cast(occurred_at as timestamp)      as occurred_at,
        cast(extractor_version as string)  as extractor_version

    from source

)

select * from renamed
