-- grain: one row per department and year with a known total score (department_id, fiscal_year)
-- A department's score line over the years: the score of its own report for that year where there
-- is one, otherwise the score a later report states for that year (score_history), taking the
-- latest report that states it.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

score_history as (

    select * from {{ ref('stg_raw__score_history') }}

),

own_scores as (

    select
        department_id,
        fiscal_year,
        self_score as score,
        grade as grade_stated,
        'own_report' as score_source,
        report_id as source_report_id,
        fiscal_year as source_fiscal_year

    from department_years
    where self_score is not null

),

stated_later as (

    select
        department_years.department_id,
        score_history.history_year as fiscal_year,
        score_history.history_score as score,
        score_history.history_grade as grade_stated,
        'later_report' as score_source,
        department_years.report_id as source_report_id,
        department_years.fiscal_year as source_fiscal_year,
        row_number() over (
            partition by department_years.department_id, score_history.history_year
            order by department_years.fiscal_year desc
        ) as statement_rank

    from department_years
    inner join score_history on score_history.report_id = department_years.report_id
    where score_history.history_year < department_years.fiscal_year

),

combined as (

    select * from own_scores
    union all
    select
        department_id, fiscal_year, score, grade_stated, score_source, source_report_id, source_fiscal_year
    from stated_later
    where statement_rank = 1
      and not exists (
        select 1 from own_scores
        where own_scores.department_id = stated_later.department_id
          and own_scores.fiscal_year = stated_later.fiscal_year
      )

),

departments as (

    select * from {{ ref('int_departments') }}

),

places as (

    select * from {{ ref('int_places') }}

),

final as (

    select
        combined.department_id,
        combined.fiscal_year,
        departments.department_name,
        departments.department_kind,
        departments.place_id,
        places.province,
        places.prefecture,
        places.county,
        places.admin_level,
        places.region,
        places.nbs_region,
        combined.score,
        coalesce(combined.grade_stated, {{ grade_from_score('combined.score') }}) as grade,
        combined.grade_stated is null as is_grade_derived,
        combined.score_source,
        combined.source_report_id as report_id,
        combined.source_fiscal_year,
        combined.score - lag(combined.score) over (
            partition by combined.department_id order by combined.fiscal_year
        ) as score_change

    from combined
    inner join departments on departments.department_id = combined.department_id
    left join places on places.place_id = departments.place_id

)

select * from final
