-- grain: one row per report and fact path (report_id, fact_path)
-- The correction in force for each fact: the latest one recorded (the file is append-only, so an
-- analyst changes a correction by recording a new one).
with

corrections as (

    select * from {{ ref('stg_corrections') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by report_id, fact_path order by recorded_at desc, correction_id desc
        ) as recency_rank,
        count(*) over (partition by report_id, fact_path) as revision_count

    from corrections

),

final as (

    select
        correction_id,
        recorded_at,
        reviewer,
        report_id,
        fact_path,
        fact_group,
        fact_key,
        review_action,
        corrected_value,
        corrected_value_text,
        quote,
        note,
        cast(revision_count as integer) as revision_count

    from ranked
    where recency_rank = 1

)

select * from final
