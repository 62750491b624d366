-- grain: one row per report and performance indicator target (report_id, target_seq)
with

source as (

    select * from {{ source('raw', 'indicator_targets') }}

),

renamed as (

    select
        cast(report_id as string)              as report_id,
        cast(seq as integer)                    as target_seq,
        cast(level2 as string)                 as indicator_level2,
        cast(name as string)                   as indicator_name,
        cast(target as string)                 as target_text,
        cast(actual as string)                 as actual_text,
        cast(completion_rate as decimal(10, 2)) as completion_rate_pct,
        cast(quote as string)                  as quote,
        cast(char_start as integer)             as char_start,
        cast(char_end as integer)               as char_end,
        cast(page as integer)                   as page,
        cast(section as string)                as section,
        cast(method as string)                 as extraction_method,
        cast(confidence as double)              as confidence

    from source

)

select * from renamed
