{#- Dialect-specific bits behind project macros, so the models stay portable
    (dbt's own cross-database macros are used elsewhere: dbt.hash, dbt.listagg, dbt.concat). -#}

{#- True where `text` matches the regular expression `pattern` (a column or a quoted literal). -#}
{% macro regex_contains(text, pattern) -%}
    {{ return(adapter.dispatch('regex_contains', 'jixiao')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_contains(text, pattern) -%}
    regexp_like({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regex_contains(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{#- A short stable key: the first 12 hex digits of the md5 of `expr`. -#}
{% macro short_hash(expr) -%}
    substring({{ dbt.hash(expr) }}, 1, 12)
{%- endmacro %}
