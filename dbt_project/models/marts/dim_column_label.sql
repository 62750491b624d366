-- grain: one row per column name (column_name)
-- The Chinese label and display format of every column the dashboards show (seeds/column_labels.csv):
-- one home for the labels of tables, downloads and charts.
select
    column_name,
    label_zh,
    nullif(display_format, '') as display_format

from {{ ref('column_labels') }}
