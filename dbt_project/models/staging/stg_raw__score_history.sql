-- grain: one row per report and earlier year it states a score for
with

source as (

    select * from {{ source('raw', 'score_history') }}

),

renamed as (

    select
        cast(report_id as string)          as report_id,
        cast(year as integer)               as history_year,
        cast(score as decimal(6, 2))        as history_score,
        nullif(trim(grade), '')             as history_grade,
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
