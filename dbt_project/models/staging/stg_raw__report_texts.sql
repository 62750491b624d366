-- grain: one row per report (report_id); built only with --vars '{publish_report_text: true}'
{{ config(enabled=var('publish_report_text')) }}

with

source as (

    select * from {{ source('raw', 'report_text') }}

),

renamed as (

    select
        cast(report_id as varchar)  as report_id,
        cast(text as varchar)       as report_text

    from source

)

select * from renamed
