-- Rule income_sources: 一般公共预算拨款 + 政府性基金拨款 + 其他收入 <= 本年收入 (the stated income
-- sources never exceed total income; sources a report does not list may be missing), after unit
-- correction. Returns the rows where the sources exceed the total and ingest reported no finding.
with

spending as (

    select * from {{ ref('mart_spending_structure') }}

),

summed as (

    select
        *,
        coalesce(income_general_budget_wan_yuan, 0) + coalesce(income_gov_fund_wan_yuan, 0)
            + coalesce(income_other_wan_yuan, 0) as income_sources_wan_yuan

    from spending
    where income_total_wan_yuan is not null
      and coalesce(income_general_budget_wan_yuan, income_gov_fund_wan_yuan, income_other_wan_yuan) is not null

)

select
    department_id,
    fiscal_year,
    report_id,
    income_total_wan_yuan,
    income_sources_wan_yuan,
    income_sources_wan_yuan - income_total_wan_yuan as excess_wan_yuan

from summed
where income_sources_wan_yuan - income_total_wan_yuan > {{ identity_tolerance_wan_yuan(4, 'income_total_wan_yuan') }}
  and not {{ flagged_by_ingest('summed.report_id', ['income_total', 'income_general_budget', 'income_gov_fund', 'income_other']) }}
