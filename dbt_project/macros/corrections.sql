{#- The analysts' corrections a build applies: the snapshot `jixiao build` takes of the append-only
    corrections file (warehouse/corrections.py), named by $JIXIAO_CORRECTIONS_SNAPSHOT. Without it (a
    plain `dbt build`), no corrections: an empty relation of the same columns. -#}
{% macro corrections_relation() -%}
    {%- set path = env_var('JIXIAO_CORRECTIONS_SNAPSHOT', '') -%}
    {%- if path -%}
        {{ return(adapter.dispatch('corrections_relation', 'jixiao')(path)) }}
    {%- else -%}
        (
            select
                cast(null as string) as correction_id, cast(null as string) as recorded_at,
                cast(null as string) as reviewer, cast(null as string) as report_id,
                cast(null as string) as fact_path, cast(null as string) as action,
                cast(null as string) as value, cast(null as string) as value_text,
                cast(null as string) as quote, cast(null as string) as note
            where 1 = 0
        )
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__corrections_relation(path) -%}
    read_json(
        '{{ path | replace("'", "''") }}',
        format = 'newline_delimited',
        columns = {
            correction_id: 'varchar', recorded_at: 'varchar', reviewer: 'varchar', report_id: 'varchar',
            fact_path: 'varchar', action: 'varchar', value: 'varchar', value_text: 'varchar',
            quote: 'varchar', note: 'varchar'
        }
    )
{%- endmacro %}

{% macro spark__corrections_relation(path) -%}
    json.`{{ path | replace('`', '') }}`
{%- endmacro %}
