{#- The fact keys the pivot turns into columns, by group. seeds/fact_keys.csv describes each one;
    tests/assert_fact_dictionary_matches_pivot.sql keeps the two lists equal. -#}
{% macro amount_keys() -%}
    {{ return([
        'income_total', 'income_general_budget', 'income_gov_fund', 'income_other', 'income_prior_year',
        'expenditure_total', 'expenditure_basic', 'expenditure_personnel', 'expenditure_public',
        'expenditure_project', 'expenditure_prior_year', 'carryover',
        'budget_total', 'budget_executed',
        'econ_wages_welfare', 'econ_goods_services', 'econ_household_subsidies', 'econ_capital',
        'three_public_budget', 'three_public_actual', 'public_funds_budget', 'public_funds_actual',
        'procurement_budget', 'procurement_actual', 'sme_procurement_actual', 'sme_procurement_reserved',
    ]) }}
{%- endmacro %}

{% macro rate_keys() -%}
    {{ return([
        'budget_execution_rate', 'income_change_rate', 'expenditure_change_rate', 'carryover_rate',
        'fixed_asset_utilization',
    ]) }}
{%- endmacro %}

{% macro headcount_keys() -%}
    {{ return(['authorized', 'actual']) }}
{%- endmacro %}
