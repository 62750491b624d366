-- grain: one row per department and fiscal year (department_id, fiscal_year)
-- Income by source, expenditure basic / personnel / public / project and by economic
-- classification, in 万元, with shares (fractions of the total) and the change on the prior year.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

with_prior as (

    select
        department_years.*,
        lag(fiscal_year) over (partition by department_id order by fiscal_year) as prior_fiscal_year,
        lag(income_total_yuan) over (partition by department_id order by fiscal_year) as prior_report_income_yuan,
        lag(expenditure_total_yuan) over (partition by department_id order by fiscal_year)
            as prior_report_expenditure_yuan

    from department_years

),

prior_resolved as (

    select
        with_prior.*,
        case
            when prior_fiscal_year = fiscal_year - 1 and prior_report_income_yuan is not null
                then prior_report_income_yuan
            else income_prior_year_yuan
        end as prior_income_yuan,
        case
            when prior_fiscal_year = fiscal_year - 1 and prior_report_income_yuan is not null
                then 'prior_report'
            when income_prior_year_yuan is not null then 'stated_in_report'
        end as income_yoy_basis,
        case
            when prior_fiscal_year = fiscal_year - 1 and prior_report_expenditure_yuan is not null
                then prior_report_expenditure_yuan
            else expenditure_prior_year_yuan
        end as prior_expenditure_yuan,
        case
            when prior_fiscal_year = fiscal_year - 1 and prior_report_expenditure_yuan is not null
                then 'prior_report'
            when expenditure_prior_year_yuan is not null then 'stated_in_report'
        end as expenditure_yoy_basis

    from with_prior

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

        {{ to_wan_yuan('income_total_yuan') }} as income_total_wan_yuan,
        {{ to_wan_yuan('income_general_budget_yuan') }} as income_general_budget_wan_yuan,
        {{ to_wan_yuan('income_gov_fund_yuan') }} as income_gov_fund_wan_yuan,
        {{ to_wan_yuan('income_other_yuan') }} as income_other_wan_yuan,
        {{ safe_ratio('income_general_budget_yuan', 'income_total_yuan') }} as general_budget_income_share,
        {{ safe_ratio('income_gov_fund_yuan', 'income_total_yuan') }} as gov_fund_income_share,
        {{ safe_ratio('income_other_yuan', 'income_total_yuan') }} as other_income_share,

        {{ to_wan_yuan('expenditure_total_yuan') }} as expenditure_total_wan_yuan,
        {{ to_wan_yuan('expenditure_basic_yuan') }} as expenditure_basic_wan_yuan,
        {{ to_wan_yuan('expenditure_personnel_yuan') }} as expenditure_personnel_wan_yuan,
        {{ to_wan_yuan('expenditure_public_yuan') }} as expenditure_public_wan_yuan,
        {{ to_wan_yuan('expenditure_project_yuan') }} as expenditure_project_wan_yuan,
        case
            when expenditure_basic_yuan is not null then {{ to_wan_yuan(
                'greatest(expenditure_basic_yuan - coalesce(expenditure_personnel_yuan, 0)'
                ' - coalesce(expenditure_public_yuan, 0), 0)') }}
        end as expenditure_basic_other_wan_yuan,
        {{ safe_ratio('expenditure_basic_yuan', 'expenditure_total_yuan') }} as basic_share,
        {{ safe_ratio('expenditure_project_yuan', 'expenditure_total_yuan') }} as project_share,
        {{ safe_ratio('expenditure_personnel_yuan', 'expenditure_total_yuan') }} as personnel_share,
        {{ safe_ratio('expenditure_public_yuan', 'expenditure_total_yuan') }} as public_share,

        {{ to_wan_yuan('econ_wages_welfare_yuan') }} as econ_wages_welfare_wan_yuan,
        {{ to_wan_yuan('econ_goods_services_yuan') }} as econ_goods_services_wan_yuan,
        {{ to_wan_yuan('econ_household_subsidies_yuan') }} as econ_household_subsidies_wan_yuan,
        {{ to_wan_yuan('econ_capital_yuan') }} as econ_capital_wan_yuan,
        {{ safe_ratio('econ_wages_welfare_yuan', 'expenditure_total_yuan') }} as wages_welfare_share,
        {{ safe_ratio('econ_goods_services_yuan', 'expenditure_total_yuan') }} as goods_services_share,
        {{ safe_ratio('econ_household_subsidies_yuan', 'expenditure_total_yuan') }} as household_subsidies_share,
        {{ safe_ratio('econ_capital_yuan', 'expenditure_total_yuan') }} as capital_share,

        {{ to_wan_yuan('carryover_yuan') }} as carryover_wan_yuan,
        {{ to_pct('carryover_rate_pct') }} as carryover_rate_pct,
        {{ to_wan_yuan('budget_total_yuan') }} as budget_total_wan_yuan,
        {{ to_wan_yuan('budget_executed_yuan') }} as budget_executed_wan_yuan,
        {{ to_pct('budget_execution_rate_pct') }} as execution_rate_pct,
        {{ to_wan_yuan('procurement_budget_yuan') }} as procurement_budget_wan_yuan,
        {{ to_wan_yuan('procurement_actual_yuan') }} as procurement_actual_wan_yuan,
        {{ to_wan_yuan('sme_procurement_actual_yuan') }} as sme_procurement_actual_wan_yuan,
        {{ to_wan_yuan('sme_procurement_reserved_yuan') }} as sme_procurement_reserved_wan_yuan,
        {{ to_pct('fixed_asset_utilization_pct') }} as fixed_asset_utilization_pct,

        headcount_authorized,
        headcount_actual,
        {{ to_wan_yuan('expenditure_total_yuan / nullif(headcount_actual, 0)') }} as expenditure_per_staff_wan_yuan,

        {{ to_wan_yuan('prior_income_yuan') }} as prior_income_total_wan_yuan,
        round(cast(income_total_yuan as double) / nullif(cast(prior_income_yuan as double), 0) - 1, 6)
            as income_yoy_change,
        income_yoy_basis,
        {{ to_pct('income_change_rate_pct') }} as income_change_rate_stated_pct,
        {{ to_wan_yuan('prior_expenditure_yuan') }} as prior_expenditure_total_wan_yuan,
        round(cast(expenditure_total_yuan as double) / nullif(cast(prior_expenditure_yuan as double), 0) - 1, 6)
            as expenditure_yoy_change,
        expenditure_yoy_basis,
        {{ to_pct('expenditure_change_rate_pct') }} as expenditure_change_rate_stated_pct,

        unit_corrected_fact_count > 0 as has_unit_correction

    from prior_resolved

)

select * from final
