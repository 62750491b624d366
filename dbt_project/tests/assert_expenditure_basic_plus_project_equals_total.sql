-- Rule expenditure_basic_project: 基本支出 + 项目支出 = 本年支出 (basic + project = total expenditure),
-- on mart_spending_structure after unit correction, wherever all three are stated.
-- Returns the rows where it does not hold and ingest reported no finding on these facts.
with

spending as (

    select * from {{ ref('mart_spending_structure') }}

)

select
    department_id,
    fiscal_year,
    report_id,
    expenditure_total_wan_yuan,
    expenditure_basic_wan_yuan,
    expenditure_project_wan_yuan,
    expenditure_basic_wan_yuan + expenditure_project_wan_yuan - expenditure_total_wan_yuan as difference_wan_yuan

from spending
where expenditure_total_wan_yuan is not null
  and expenditure_basic_wan_yuan is not null
  and expenditure_project_wan_yuan is not null
  and abs(expenditure_basic_wan_yuan + expenditure_project_wan_yuan - expenditure_total_wan_yuan)
      > {{ identity_tolerance_wan_yuan(3, 'expenditure_total_wan_yuan') }}
  and not {{ flagged_by_ingest('spending.report_id', ['expenditure_total', 'expenditure_basic', 'expenditure_project']) }}
