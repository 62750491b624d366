{#- Money in marts: 万元 as DECIMAL(18, 2), converted with exact decimal arithmetic
    (DOUBLE x 10000 gives 121428700.00000001). -#}
{% macro to_wan_yuan(yuan) -%}
    cast({{ yuan }} * 0.0001 as decimal(18, 2))
{%- endmacro %}

{#- A share or ratio as a fraction (DOUBLE rounded to 6 places); null when the denominator is null or 0. -#}
{% macro safe_ratio(numerator, denominator) -%}
    round(cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0), 6)
{%- endmacro %}

{#- The grade a total score falls in (优 >= 90, 良 >= 80, 中 >= 60, 差 below), the usual bands of
    Guangdong's 部门整体支出绩效评价. -#}
{% macro grade_from_score(score) -%}
    case
        when {{ score }} is null then null
        when {{ score }} >= 90 then '优'
        when {{ score }} >= 80 then '良'
        when {{ score }} >= 60 then '中'
        else '差'
    end
{%- endmacro %}

{#- A rate in percent as the report states it, as DECIMAL(10, 2). -#}
{% macro to_pct(rate) -%}
    cast({{ rate }} as decimal(10, 2))
{%- endmacro %}

{#- A number as a sentence shows it: 99 rather than 99.00, 58.3 rather than 58.30. -#}
{% macro plain_number(value) -%}
    regexp_replace(cast(cast({{ value }} as double) as string), '\.0$', '')
{%- endmacro %}
