-- grain: one row per report and indicator (report_id, indicator_seq)
with

source as (

    select * from {{ source('raw', 'indicator_scores') }}

),

renamed as (

    select
        cast(report_id as string)          as report_id,
        cast(seq as integer)                as indicator_seq,
        cast(name as string)               as indicator_name,
        cast(max_score as decimal(8, 2))    as max_score,
        cast(score as decimal(8, 2))        as score,
        cast(quote as string)              as quote,
        cast(char_start as integer)         as char_start,
        cast(char_end as integer)           as char_end,
        cast(page as integer)               as page,
        cast(section as string)            as section,
        cast(method as string)             as extraction_method,
        cast(confidence as double)          as confidence

    from source

)

select * from renamed
