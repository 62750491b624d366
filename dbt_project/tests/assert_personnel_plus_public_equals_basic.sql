-- Rule basic_personnel_public: 人员经费 + 日常公用经费 = 基本支出 (personnel + public funds = basic),
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
    expenditure_basic_wan_yuan,
    expenditure_personnel_wan_yuan,
    expenditure_public_wan_yuan,
    expenditure_personnel_wan_yuan + expenditure_public_wan_yuan - expenditure_basic_wan_yuan as difference_wan_yuan

from spending
where expenditure_basic_wan_yuan is not null
  and expenditure_personnel_wan_yuan is not null
  and expenditure_public_wan_yuan is not null
  and abs(expenditure_personnel_wan_yuan + expenditure_public_wan_yuan - expenditure_basic_wan_yuan)
      > {{ identity_tolerance_wan_yuan(3, 'expenditure_basic_wan_yuan') }}
  and not {{ flagged_by_ingest('spending.report_id', ['expenditure_basic', 'expenditure_personnel', 'expenditure_public']) }}
