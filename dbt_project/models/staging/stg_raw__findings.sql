-- grain: one row per validation finding of ingest (a report may have several per rule)
with

source as (

    select * from {{ source('raw', 'findings') }}

),

renamed as (

    select
        cast(report_id as varchar)          as report_id,
        cast(rule as varchar)               as rule_id,
        cast(severity as varchar)           as severity,
        cast(message as varchar)            as message,
        cast(fact_keys as varchar)          as fact_keys

    from source

)

select * from renamed
