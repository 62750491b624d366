-- Rule economic_classification: 工资福利 + 商品和服务 + 对个人和家庭的补助 + 资本性支出 <= 本年支出
-- (the economic classes a report lists never exceed total expenditure), after unit correction.
-- Returns the rows where they do and ingest reported no finding on these facts.
with

spending as (

    select * from {{ ref('mart_spending_structure') }}

),

summed as (

    select
        *,
        coalesce(econ_wages_welfare_wan_yuan, 0) + coalesce(econ_goods_services_wan_yuan, 0)
            + coalesce(econ_household_subsidies_wan_yuan, 0) + coalesce(econ_capital_wan_yuan, 0)
            as economic_classes_wan_yuan

    from spending
    where expenditure_total_wan_yuan is not null

)

select
    department_id,
    fiscal_year,
    report_id,
    expenditure_total_wan_yuan,
    economic_classes_wan_yuan,
    economic_classes_wan_yuan - expenditure_total_wan_yuan as excess_wan_yuan

from summed
where economic_classes_wan_yuan - expenditure_total_wan_yuan
      > {{ identity_tolerance_wan_yuan(5, 'expenditure_total_wan_yuan') }}
  and not {{ flagged_by_ingest('summed.report_id', ['expenditure_total', 'econ_wages_welfare', 'econ_goods_services', 'econ_household_subsidies', 'econ_capital']) }}
