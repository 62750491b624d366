-- grain: one row per file that could not be read or extracted (source_path)
-- The files ingest could not turn into a report, with the kind of failure named in Chinese.
with

load_errors as (

    select * from {{ ref('stg_raw__load_errors') }}

),

error_kinds as (

    select * from {{ ref('load_error_kinds') }}

),

final as (

    select
        load_errors.source_path,
        load_errors.file_name,
        load_errors.error_kind,
        coalesce(error_kinds.error_kind_label_zh, load_errors.error_kind) as error_kind_label_zh,
        load_errors.message,
        load_errors.occurred_at

    from load_errors
    left join error_kinds on error_kinds.error_kind = load_errors.error_kind

)

select * from final
