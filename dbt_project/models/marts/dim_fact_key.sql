-- grain: one row per fact key (fact_key)
-- The fact dictionary (seeds/fact_keys.csv) in schema marts, for readers of the marts alone: what each
-- fact key is called in Chinese and English, its unit, its group and whether it is a key fact.
with

fact_keys as (

    select * from {{ ref('fact_keys') }}

),

final as (

    select
        fact_key,
        fact_group,
        label_zh,
        label_en,
        raw_unit,
        mart_unit,
        is_key,
        sort_order

    from fact_keys

)

select * from final
