-- grain: one row per report (report_id); built unless --vars '{publish_report_text: false}'
-- Ephemeral (inlined into marts.mart_report_texts): the full texts are the largest table, stored once.
{{ config(enabled=var('publish_report_text'), materialized='ephemeral') }}

with

source as (

    select * from {{ source('raw', 'report_text') }}

),

renamed as (

    select
        cast(report_id as string)  as report_id,
        cast(text as string)       as report_text

    from source

)

select * from renamed
