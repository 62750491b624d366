{#- Makes the `raw` source tables readable by the engine (run by the on-run-start hook).
    DuckDB: nothing to do, the profile attaches the raw warehouse file.
    Spark: `jixiao ingest --engine spark` writes each raw table as Parquet under
    $JIXIAO_SPARK_WAREHOUSE/raw/<table>/ (partitioned by province and fiscal year); each is
    registered as an external table of database `raw` and its partitions are discovered. -#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'jixiao')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    select 1
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if execute %}
        {%- set location = env_var('JIXIAO_SPARK_WAREHOUSE', 'data/spark') | replace("'", "") %}
        {%- do run_query('create database if not exists raw') %}
        {%- for source in graph.sources.values() if source.source_name == 'raw' %}
            {%- set table = 'raw.' ~ source.name %}
            {%- do run_query('drop table if exists ' ~ table) %}
            {%- do run_query("create table " ~ table ~ " using parquet location '" ~ location ~ "/raw/" ~ source.name ~ "'") %}
            {%- if source.name != 'load_errors' %}
                {%- do run_query('alter table ' ~ table ~ ' recover partitions') %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    select 1
{%- endmacro %}
