-- grain: one row per bucket (bucket_order)
-- The buckets of "三公" actual ÷ budget (seeds/ratio_buckets.csv): a ratio falls into the first bucket
-- whose upper bound it is below (or equal to, where the bound is inclusive); the last has no bound.
select
    bucket_order,
    label_zh,
    upper_bound,
    is_upper_inclusive

from {{ ref('ratio_buckets') }}
