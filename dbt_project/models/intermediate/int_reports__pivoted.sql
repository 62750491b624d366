-- grain: one row per report (report_id)
-- The long facts turned into one column per fact key: amounts in yuan (<key>_yuan), rates in
-- percent (<key>_pct), headcount in persons (headcount_<key>), beside the report's meta facts.
with

reports as (

    select * from {{ ref('stg_raw__reports') }}

),

facts as (

    select * from {{ ref('int_facts__unit_corrected') }}

),

pivoted as (

    select
        report_id,
        {%- for key in amount_keys() %}
        max(case when fact_group = 'amounts' and fact_key = '{{ key }}' then fact_value end) as {{ key }}_yuan,
        {%- endfor %}
        {%- for key in rate_keys() %}
        max(case when fact_group = 'rates' and fact_key = '{{ key }}' then fact_value end) as {{ key }}_pct,
        {%- endfor %}
        {%- for key in headcount_keys() %}
        max(case when fact_group = 'headcount' and fact_key = '{{ key }}' then fact_value end) as headcount_{{ key }},
        {%- endfor %}
        count(*) as fact_count,
        cast(sum(case when is_unit_corrected then 1 else 0 end) as integer) as unit_corrected_fact_count

    from facts
    group by report_id

),

final as (

    select
        reports.*,
        coalesce(pivoted.fact_count, 0) as fact_count,
        coalesce(pivoted.unit_corrected_fact_count, 0) as unit_corrected_fact_count,
        {%- for key in amount_keys() %}
        pivoted.{{ key }}_yuan,
        {%- endfor %}
        {%- for key in rate_keys() %}
        pivoted.{{ key }}_pct,
        {%- endfor %}
        {%- for key in headcount_keys() %}
        cast(pivoted.headcount_{{ key }} as integer) as headcount_{{ key }}{{ "," if not loop.last }}
        {%- endfor %}

    from reports
    left join pivoted on pivoted.report_id = reports.report_id

)

select * from final
