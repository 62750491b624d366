-- Every share in the marts (every column named *_share) is a fraction of a whole, so it lies in
-- [0, 1]. Returns each share outside that range, unless ingest reported an error on the report (a
-- part larger than its whole is one, by the rule registry's checks, and 数据质量 shows it).
{%- set marts = ['mart_spending_structure', 'mart_three_public_control', 'mart_problem_categories'] %}
with

reported as (

    select distinct report_id
    from {{ ref('stg_raw__findings') }}
    where severity = 'error'

),

shares as (

    {%- for mart in marts %}
    {%- set relation = ref(mart) %}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] %}
    {%- for column in columns | map(attribute='name') if column.endswith('_share') %}
    select '{{ mart }}' as mart, '{{ column }}' as share_name, report_id, {{ column }} as share_value
    from {{ relation }}
    union all
    {%- endfor %}
    {%- endfor %}
    select null, null, null, cast(null as double)

)

select shares.*
from shares
where share_value is not null
  and (share_value < 0 or share_value > 1)
  and report_id not in (select report_id from reported)
