-- grain: one row per correction an analyst recorded (correction_id), oldest first
-- The append-only corrections file (warehouse/corrections.py), as of the build's start.
with

source as (

    select * from {{ corrections_relation() }}

),

renamed as (

    select
        cast(correction_id as string)                          as correction_id,
        cast(recorded_at as timestamp)                          as recorded_at,
        cast(reviewer as string)                               as reviewer,
        cast(report_id as string)                              as report_id,
        cast(fact_path as string)                              as fact_path,
        split_part(fact_path, '.', 1)                           as fact_group,
        split_part(fact_path, '.', 2)                           as fact_key,
        cast(action as string)                                 as review_action,
        cast(value as decimal(20, 4))                           as corrected_value,
        cast(value_text as string)                             as corrected_value_text,
        cast(quote as string)                                  as quote,
        cast(note as string)                                   as note

    from source

)

select * from renamed
