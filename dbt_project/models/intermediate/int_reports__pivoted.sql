-- grain: one row per report (report_id)
-- The long facts turned into one column per fact key: amounts in yuan (<key>_yuan), rates in
-- percent (<key>_pct), headcount in persons (headcount_<key>), beside the report's meta facts.
-- The analysts' corrections apply here too: to the facts (int_facts__reviewed) and to the self score
-- and grade (the extracted values are kept as self_score_extracted and grade_extracted).
with

reports as (

    select * from {{ ref('stg_raw__reports') }}

),

facts as (

    select * from {{ ref('int_facts__reviewed') }}

),

meta_corrections as (

    select * from {{ ref('int_corrections__in_force') }}
    where fact_path in ('meta.self_score', 'meta.grade')

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
        cast(sum(case when is_unit_corrected then 1 else 0 end) as integer) as unit_corrected_fact_count,
        cast(sum(case when is_corrected then 1 else 0 end) as integer) as corrected_fact_count

    from facts
    group by report_id

),

final as (

    select
        reports.*,
        case
            when score_correction.review_action in ('correct', 'add')
                then cast(score_correction.corrected_value as decimal(6, 2))
            when score_correction.review_action = 'not_stated' then null
            else reports.self_score_extracted
        end as self_score,
        case
            when grade_correction.review_action in ('correct', 'add') then grade_correction.corrected_value_text
            when grade_correction.review_action = 'not_stated' then null
            else reports.grade_extracted
        end as grade,
        coalesce(score_correction.review_action in ('correct', 'add', 'not_stated'), false) as is_self_score_corrected,
        coalesce(grade_correction.review_action in ('correct', 'add', 'not_stated'), false) as is_grade_corrected,
        coalesce(pivoted.fact_count, 0) as fact_count,
        coalesce(pivoted.unit_corrected_fact_count, 0) as unit_corrected_fact_count,
        coalesce(pivoted.corrected_fact_count, 0) as corrected_fact_count,
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
    left join meta_corrections as score_correction
        on score_correction.report_id = reports.report_id and score_correction.fact_path = 'meta.self_score'
    left join meta_corrections as grade_correction
        on grade_correction.report_id = reports.report_id and grade_correction.fact_path = 'meta.grade'

)

select * from final
