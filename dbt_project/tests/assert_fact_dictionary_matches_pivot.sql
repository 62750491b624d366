-- The fact keys the pivot turns into columns (macros/fact_keys.sql) are exactly the amount, rate and
-- headcount keys the dictionary seed describes (seeds/fact_keys.csv). Returns each key in one only.
with

dictionary as (

    select fact_key, fact_group
    from {{ ref('fact_keys') }}
    where fact_group in ('amounts', 'rates', 'headcount')

),

pivoted as (

    {%- set groups = {'amounts': amount_keys(), 'rates': rate_keys(), 'headcount': headcount_keys()} %}
    {%- for group, keys in groups.items() %}
    {%- for key in keys %}
    select '{{ key }}' as fact_key, '{{ group }}' as fact_group
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}

)

select
    coalesce(dictionary.fact_key, pivoted.fact_key) as fact_key,
    case when dictionary.fact_key is null then 'pivoted but not in the dictionary'
         else 'in the dictionary but not pivoted' end as failure

from dictionary
full outer join pivoted
    on pivoted.fact_key = dictionary.fact_key
    and pivoted.fact_group = dictionary.fact_group
where dictionary.fact_key is null or pivoted.fact_key is null
