-- Each mart's grain (stated in the comment atop its model) is unique. Returns every grain key that
-- occurs more than once, with the mart it occurs in.
{%- set grains = {
    'dim_department': ['department_id'],
    'dim_place': ['place_id'],
    'dim_year': ['fiscal_year'],
    'mart_spending_structure': ['department_id', 'fiscal_year'],
    'mart_self_scores': ['department_id', 'fiscal_year'],
    'mart_indicator_scores': ['department_id', 'fiscal_year', 'indicator_seq'],
    'mart_three_public_control': ['department_id', 'fiscal_year'],
    'mart_problem_categories': ['department_id', 'fiscal_year', 'problem_category'],
    'mart_score_trend': ['department_id', 'fiscal_year'],
    'mart_data_quality': ['report_id'],
    'mart_fact_provenance': ['report_id', 'fact_key'],
} %}
{%- for mart, columns in grains.items() %}
select
    '{{ mart }}' as mart,
    {% for column in columns %}{% if not loop.first %} || '|' || {% endif %}cast({{ column }} as string){% endfor %} as grain_key,
    count(*) as row_count
from {{ ref(mart) }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% if not loop.last %}union all{% endif %}
{%- endfor %}
