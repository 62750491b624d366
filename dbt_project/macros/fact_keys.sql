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
    {{ return([
        'authorized', 'actual', 'authorized_total', 'authorized_institution', 'actual_total', 'actual_institution',
        'service_workers', 'government_employees', 'contract_staff',
    ]) }}
{%- endmacro %}

{#- The key facts a report should state (is_key in seeds/fact_keys.csv), in dictionary order, with the
    column of int_reports__identified that holds each; mart_data_quality lists the missing ones. -#}
{% macro key_fact_columns() -%}
    {{ return([
        ('department', 'department_name'),
        ('fiscal_year', 'fiscal_year'),
        ('self_score', 'self_score'),
        ('income_total', 'income_total_yuan'),
        ('expenditure_total', 'expenditure_total_yuan'),
        ('expenditure_basic', 'expenditure_basic_yuan'),
        ('expenditure_project', 'expenditure_project_yuan'),
        ('three_public_budget', 'three_public_budget_yuan'),
        ('three_public_actual', 'three_public_actual_yuan'),
        ('budget_execution_rate', 'budget_execution_rate_pct'),
    ]) }}
{%- endmacro %}
