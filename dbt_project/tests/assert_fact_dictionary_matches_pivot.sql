-- The fact keys the pivot turns into columns (macros/fact_keys.sql) are exactly the amount, rate and
-- headcount keys the dictionary seed describes (seeds/fact_keys.csv), and the key facts
-- mart_data_quality checks are exactly the dictionary's is_key facts. Returns each key in one only.
with

dictionary as (

    select fact_key, fact_group as key_list
    from {{ ref('fact_keys') }}
    where fact_group in ('amounts', 'rates', 'headcount')
    union all
    select fact_key, 'key_facts'
    from {{ ref('fact_keys') }}
    where is_key

),

in_macros as (

    {%- set lists = {'amounts': amount_keys(), 'rates': rate_keys(), 'headcount': headcount_keys(),
                     'key_facts': key_fact_columns() | map('first') | list} %}
    {%- for key_list, keys in lists.items() %}
    {%- for key in keys %}
    select '{{ key }}' as fact_key, '{{ key_list }}' as key_list
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}

)

select
    coalesce(dictionary.fact_key, in_macros.fact_key) as fact_key,
    coalesce(dictionary.key_list, in_macros.key_list) as key_list,
    case when dictionary.fact_key is null then 'in macros/fact_keys.sql but not in the dictionary'
         else 'in the dictionary but not in macros/fact_keys.sql' end as failure

from dictionary
full outer join in_macros
    on in_macros.fact_key = dictionary.fact_key
    and in_macros.key_list = dictionary.key_list
where dictionary.fact_key is null or in_macros.fact_key is null
