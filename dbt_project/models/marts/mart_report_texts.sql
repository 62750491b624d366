-- grain: one row per report (report_id); built unless --vars '{publish_report_text: false}'
-- The normalised full text of each report, the text the provenance offsets of mart_fact_provenance
-- point into, so a quote can be shown highlighted in its report.
{{ config(enabled=var('publish_report_text')) }}

with

texts as (

    select * from {{ ref('stg_raw__report_texts') }}

),

reports as (

    select * from {{ ref('int_reports__identified') }}

),

final as (

    select
        texts.report_id,
        reports.department_id,
        reports.fiscal_year,
        texts.report_text

    from texts
    left join reports on reports.report_id = texts.report_id

)

select * from final
