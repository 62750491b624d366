-- grain: one row per report and admitted problem (report_id, problem_seq)
with

source as (

    select * from {{ source('raw', 'problems') }}

),

renamed as (

    select
        cast(report_id as string)          as report_id,
        cast(seq as integer)                as problem_seq,
        cast(text as string)               as problem_text,
        cast(category as string)           as problem_category,
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
