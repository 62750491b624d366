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

{#- The non-null values of `measure` joined by `delimiter` in the order of `order_by` (one or more columns,
    ascending); null when there are none (dbt.listagg's order by is not supported on Spark). -#}
{% macro ordered_listagg(measure, delimiter, order_by) -%}
    {{ return(adapter.dispatch('ordered_listagg', 'jixiao')(measure, delimiter, order_by)) }}
{%- endmacro %}

{% macro default__ordered_listagg(measure, delimiter, order_by) -%}
    {{ dbt.listagg(measure, delimiter, 'order by ' ~ order_by) }}
{%- endmacro %}

{% macro spark__ordered_listagg(measure, delimiter, order_by) -%}
    nullif(array_join(transform(
        array_sort(collect_list(case when ({{ measure }}) is not null then struct({{ order_by }}, {{ measure }} as v) end)),
        x -> x.v), {{ delimiter }}), '')
{%- endmacro %}

{#- One row per word of the space-separated list `text` (used in a select list: the rule registry's
    `parts`). -#}
{% macro unnest_words(text) -%}
    {{ return(adapter.dispatch('unnest_words', 'jixiao')(text)) }}
{%- endmacro %}

{% macro default__unnest_words(text) -%}
    explode(split({{ text }}, ' '))
{%- endmacro %}

{% macro duckdb__unnest_words(text) -%}
    unnest(string_split({{ text }}, ' '))
{%- endmacro %}

{#- `text` as a number, or null where it is not one (dbt.safe_cast is a plain cast on DuckDB). -#}
{% macro number_or_null(text) -%}
    try_cast({{ text }} as decimal(20, 4))
{%- endmacro %}

{#- Every column of the relation in scope except `columns` (a list of names). -#}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except', 'jixiao')(columns)) }}
{%- endmacro %}

{% macro default__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro %}

{% macro duckdb__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}
