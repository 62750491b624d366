-- grain: one row per validation finding of ingest (a report may have several per rule)
with

source as (

    select * from {{ source('raw', 'findings') }}

),

renamed as (

    select
        cast(report_id as string)          as report_id,
        cast(rule as string)               as rule_id,
        cast(severity as string)           as severity,
        cast(message as string)            as message,
        cast(fact_keys as string)          as fact_keys

    from source

)

select * from renamed
