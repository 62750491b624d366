-- grain: one row per column and coded value (column_name, value)
-- The Chinese label and display order of coded values (admin_level province → 省级 …), from
-- seeds/value_labels.csv.
select
    column_name,
    value,
    label_zh,
    sort_order

from {{ ref('value_labels') }}
