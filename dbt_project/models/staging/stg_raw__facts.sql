-- grain: one row per stated fact as extracted (a report may state the same key more than once)
with

source as (

    select * from {{ source('raw', 'facts') }}

),

renamed as (

    select
        cast(report_id as string)          as report_id,
        cast(fact_group as string)         as fact_group,
        cast(fact_key as string)           as fact_key,
        cast(value as decimal(20, 4))       as fact_value,
        cast(value_text as string)         as fact_value_text,
        cast(unit_stated as string)        as unit_stated,
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
