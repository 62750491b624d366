-- grain: one row per department and fiscal year (department_id, fiscal_year)
-- "三公" funds and 公用经费: budget, actual, actual / budget, within budget or not, and the bucket of
-- actual / budget (seeds/ratio_buckets.csv).
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

buckets as (

    select * from {{ ref('ratio_buckets') }}

),

with_prior as (

    select
        department_years.*,
        lag(fiscal_year) over (partition by department_id order by fiscal_year) as prior_fiscal_year,
        lag(three_public_actual_yuan) over (partition by department_id order by fiscal_year)
            as prior_three_public_actual_yuan

    from department_years

),

final as (

    select
        department_id,
        fiscal_year,
        report_id,
        department_name,
        department_kind,
        place_id,
        province,
        prefecture,
        county,
        admin_level,
        region,
        nbs_region,

        {{ to_wan_yuan('three_public_budget_yuan') }} as three_public_budget_wan_yuan,
        {{ to_wan_yuan('three_public_actual_yuan') }} as three_public_actual_wan_yuan,
        {{ safe_ratio('three_public_actual_yuan', 'three_public_budget_yuan') }} as three_public_actual_to_budget,
        three_public_actual_yuan <= three_public_budget_yuan as is_three_public_within_budget,
        {{ to_wan_yuan('three_public_budget_yuan - three_public_actual_yuan') }} as three_public_saving_wan_yuan,
        case
            when prior_fiscal_year = fiscal_year - 1
                then round(cast(three_public_actual_yuan as double)
                     / nullif(cast(prior_three_public_actual_yuan as double), 0) - 1, 6)
        end as three_public_actual_yoy_change,

        {{ to_wan_yuan('public_funds_budget_yuan') }} as public_funds_budget_wan_yuan,
        {{ to_wan_yuan('public_funds_actual_yuan') }} as public_funds_actual_wan_yuan,
        {{ safe_ratio('public_funds_actual_yuan', 'public_funds_budget_yuan') }} as public_funds_actual_to_budget,
        public_funds_actual_yuan <= public_funds_budget_yuan as is_public_funds_within_budget,

        {{ safe_ratio('three_public_actual_yuan', 'expenditure_total_yuan') }} as three_public_expenditure_share

    from with_prior

),

bucketed as (

    select
        final.*,
        (
            select min(buckets.bucket_order)
            from buckets
            where final.three_public_actual_to_budget is not null
              and (buckets.upper_bound is null
                   or final.three_public_actual_to_budget < buckets.upper_bound
                   or (buckets.is_upper_inclusive and final.three_public_actual_to_budget = buckets.upper_bound))
        ) as three_public_ratio_bucket_order

    from final

)

select * from bucketed
