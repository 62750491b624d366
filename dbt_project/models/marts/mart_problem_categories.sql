-- grain: one row per department, fiscal year and problem category that its report admits
-- (department_id, fiscal_year, problem_category); categories without a problem have no row.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

problems as (

    select * from {{ ref('stg_raw__problems') }}

),

categories as (

    select * from {{ ref('problem_categories') }}

),

per_category as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        problems.problem_category,
        count(*) as problem_count,
        {{ ordered_listagg('problems.problem_text', "'；'", 'problems.problem_seq') }} as problem_texts

    from department_years
    inner join problems on problems.report_id = department_years.report_id
    group by department_years.department_id, department_years.fiscal_year, problems.problem_category

),

final as (

    select
        per_category.department_id,
        per_category.fiscal_year,
        department_years.report_id,
        department_years.department_name,
        department_years.department_kind,
        department_years.place_id,
        department_years.province,
        department_years.prefecture,
        department_years.county,
        department_years.admin_level,
        department_years.region,
        department_years.nbs_region,
        per_category.problem_category,
        categories.category_en as problem_category_en,
        categories.sort_order as problem_category_order,
        per_category.problem_count,
        cast(sum(per_category.problem_count) over (
            partition by per_category.department_id, per_category.fiscal_year
        ) as integer) as department_year_problem_count,
        round(cast(per_category.problem_count as double) / sum(per_category.problem_count) over (
            partition by per_category.department_id, per_category.fiscal_year
        ), 6) as category_share,
        per_category.problem_texts

    from per_category
    inner join department_years
        on department_years.department_id = per_category.department_id
        and department_years.fiscal_year = per_category.fiscal_year
    left join categories on categories.category = per_category.problem_category

)

select * from final
