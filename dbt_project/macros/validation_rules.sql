{#- The relations of the rule registry (seeds/validation_rules.csv) that the warehouse re-checks on
    the facts (int_validation_rule_violations); the others (an indicator tree's score sum, corrections,
    extraction findings) are ingest's alone. -#}
{% macro warehouse_checked_relations() -%}
    {{ return(['sum_eq', 'each_le', 'each_ge', 'ratio_pct_eq']) }}
{%- endmacro %}
