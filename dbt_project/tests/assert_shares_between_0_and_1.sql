-- Every share in the marts is a fraction of a whole, so it lies in [0, 1]. Returns each share
-- outside that range, unless ingest reported a finding on one of the facts it is computed from.
{%- set spending_shares = {
    'general_budget_income_share': ['income_general_budget', 'income_total'],
    'gov_fund_income_share': ['income_gov_fund', 'income_total'],
    'other_income_share': ['income_other', 'income_total'],
    'basic_share': ['expenditure_basic', 'expenditure_total'],
    'project_share': ['expenditure_project', 'expenditure_total'],
    'personnel_share': ['expenditure_personnel', 'expenditure_total'],
    'public_share': ['expenditure_public', 'expenditure_total'],
    'wages_welfare_share': ['econ_wages_welfare', 'expenditure_total'],
    'goods_services_share': ['econ_goods_services', 'expenditure_total'],
    'household_subsidies_share': ['econ_household_subsidies', 'expenditure_total'],
    'capital_share': ['econ_capital', 'expenditure_total'],
} %}
with

spending as (

    select * from {{ ref('mart_spending_structure') }}

),

three_public as (

    select * from {{ ref('mart_three_public_control') }}

),

problem_categories as (

    select * from {{ ref('mart_problem_categories') }}

),

shares as (

    {%- for column, keys in spending_shares.items() %}
    select
        'mart_spending_structure' as mart,
        '{{ column }}' as share_name,
        report_id,
        {{ column }} as share_value,
        {{ flagged_by_ingest('spending.report_id', keys) }} as is_flagged_by_ingest
    from spending
    union all
    {%- endfor %}
    select
        'mart_three_public_control',
        'three_public_expenditure_share',
        report_id,
        three_public_expenditure_share,
        {{ flagged_by_ingest('three_public.report_id', ['three_public_actual', 'expenditure_total']) }}
    from three_public
    union all
    select
        'mart_problem_categories',
        'category_share',
        report_id,
        category_share,
        false
    from problem_categories

)

select *
from shares
where share_value is not null
  and (share_value < 0 or share_value > 1)
  and not is_flagged_by_ingest
