-- grain: one row per report and admitted problem (report_id, problem_seq)
with

source as (

    select * from {{ source('raw', 'problems') }}

),

renamed as (

    select
        cast(report_id as varchar)          as report_id,
        cast(seq as integer)                as problem_seq,
        cast(text as varchar)               as problem_text,
        cast(category as varchar)           as problem_category,
        cast(quote as varchar)              as quote,
        cast(char_start as integer)         as char_start,
        cast(char_end as integer)           as char_end,
        cast(page as integer)               as page,
        cast(section as varchar)            as section,
        cast(method as varchar)             as extraction_method,
        cast(confidence as double)          as confidence

    from source

)

select * from renamed
