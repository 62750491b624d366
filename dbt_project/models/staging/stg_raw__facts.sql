-- grain: one row per stated fact as extracted (a report may state the same key more than once)
with

source as (

    select * from {{ source('raw', 'facts') }}

),

renamed as (

    select
        cast(report_id as varchar)          as report_id,
        cast(fact_group as varchar)         as fact_group,
        cast(fact_key as varchar)           as fact_key,
        cast(value as decimal(20, 4))       as fact_value,
        cast(value_text as varchar)         as fact_value_text,
        cast(unit_stated as varchar)        as unit_stated,
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
