-- grain: one row per department-year and credibility rule that fires (department_id, fiscal_year,
-- rule_id, subject); most rules fire once per department-year, problem_in_full_indicator once per
-- problem category and cost_over_budget_full_points once per cost (三公 / 公用经费).
-- Each rule compares facts the selected report states and carries the two quotes that prove it
-- (quote_a, quote_b). Thresholds and patterns come from seeds/credibility_rules.csv; the sentence
-- is filled in mart_credibility_flags from the values a–d.
with

department_years as (

    select * from {{ ref('int_department_years') }}

),

rules as (

    select * from {{ ref('credibility_rules') }}

),

category_indicators as (

    select * from {{ ref('credibility_category_indicators') }}

),

indicators as (

    select * from {{ ref('stg_raw__indicator_scores') }}

),

targets as (

    select * from {{ ref('stg_raw__indicator_targets') }}

),

problems as (

    select * from {{ ref('stg_raw__problems') }}

),

facts as (

    select * from {{ ref('int_facts__reviewed') }}

),

meta_quotes as (

    select
        report_id,
        fact_key,
        quote,
        char_start,
        char_end,
        row_number() over (
            partition by report_id, fact_key order by confidence desc nulls last, char_start nulls last
        ) as quote_rank

    from {{ ref('stg_raw__facts') }}
    where fact_group = 'meta' and fact_key in ('self_score', 'grade')

),

score_quotes as (

    select * from meta_quotes where fact_key = 'self_score' and quote_rank = 1

),

grade_quotes as (

    select * from meta_quotes where fact_key = 'grade' and quote_rank = 1

),

full_point_indicators as (

    select
        indicators.*,
        row_number() over (partition by report_id order by indicator_seq) as report_order

    from indicators
    where indicators.max_score is not null and indicators.score >= indicators.max_score

),

high_score_low_execution as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        {{ plain_number('department_years.self_score') }} as value_a,
        {{ plain_number('department_years.budget_execution_rate_pct') }} as value_b,
        cast(null as string) as value_c,
        cast(null as string) as value_d,
        score_quotes.quote as quote_a,
        score_quotes.char_start as char_start_a,
        score_quotes.char_end as char_end_a,
        rate_facts.quote as quote_b,
        rate_facts.char_start as char_start_b,
        rate_facts.char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'high_score_low_execution'
    left join score_quotes on score_quotes.report_id = department_years.report_id
    left join facts as rate_facts
        on rate_facts.report_id = department_years.report_id and rate_facts.fact_key = 'budget_execution_rate'
    where department_years.self_score >= rules.threshold
      and department_years.budget_execution_rate_pct < rules.threshold_2

),

execution_indicators as (

    select
        full_point_indicators.*,
        row_number() over (partition by full_point_indicators.report_id order by indicator_seq) as match_order

    from full_point_indicators
    inner join rules on rules.rule_id = 'execution_full_points_below_target'
    where {{ regex_contains('full_point_indicators.indicator_name', 'rules.indicator_pattern') }}

),

execution_targets as (

    select
        targets.report_id,
        cast(regexp_extract(targets.target_text, '([0-9]+(\.[0-9]+)?)', 1) as double) as target_pct,
        row_number() over (partition by targets.report_id order by targets.target_seq) as match_order

    from targets
    inner join rules on rules.rule_id = 'execution_full_points_below_target'
    where {{ regex_contains('targets.indicator_name', 'rules.indicator_pattern') }}
      and regexp_extract(targets.target_text, '([0-9]+(\.[0-9]+)?)', 1) <> ''

),

execution_full_points_below_target as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        execution_indicators.indicator_name as value_a,
        {{ plain_number('department_years.budget_execution_rate_pct') }} as value_b,
        {{ plain_number('coalesce(execution_targets.target_pct, rules.threshold)') }} as value_c,
        cast(null as string) as value_d,
        execution_indicators.quote as quote_a,
        execution_indicators.char_start as char_start_a,
        execution_indicators.char_end as char_end_a,
        rate_facts.quote as quote_b,
        rate_facts.char_start as char_start_b,
        rate_facts.char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'execution_full_points_below_target'
    inner join execution_indicators
        on execution_indicators.report_id = department_years.report_id and execution_indicators.match_order = 1
    left join execution_targets
        on execution_targets.report_id = department_years.report_id and execution_targets.match_order = 1
    left join facts as rate_facts
        on rate_facts.report_id = department_years.report_id and rate_facts.fact_key = 'budget_execution_rate'
    where department_years.budget_execution_rate_pct < coalesce(execution_targets.target_pct, rules.threshold)

),

problem_counts as (

    select
        report_id,
        count(*) as problem_count,
        min(problem_seq) as first_problem_seq

    from problems
    group by report_id

),

near_full_marks_with_problems as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        {{ plain_number('department_years.self_score') }} as value_a,
        cast(problem_counts.problem_count as string) as value_b,
        cast(null as string) as value_c,
        cast(null as string) as value_d,
        score_quotes.quote as quote_a,
        score_quotes.char_start as char_start_a,
        score_quotes.char_end as char_end_a,
        coalesce(first_problem.quote, first_problem.problem_text) as quote_b,
        first_problem.char_start as char_start_b,
        first_problem.char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'near_full_marks_with_problems'
    inner join problem_counts on problem_counts.report_id = department_years.report_id
    inner join problems as first_problem
        on first_problem.report_id = problem_counts.report_id
        and first_problem.problem_seq = problem_counts.first_problem_seq
    left join score_quotes on score_quotes.report_id = department_years.report_id
    where department_years.self_score >= rules.threshold
      and problem_counts.problem_count >= rules.threshold_2

),

grade_score_mismatch as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        department_years.grade as value_a,
        {{ plain_number('department_years.self_score') }} as value_b,
        {{ grade_from_score('department_years.self_score') }} as value_c,
        cast(null as string) as value_d,
        grade_quotes.quote as quote_a,
        grade_quotes.char_start as char_start_a,
        grade_quotes.char_end as char_end_a,
        score_quotes.quote as quote_b,
        score_quotes.char_start as char_start_b,
        score_quotes.char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'grade_score_mismatch'
    left join grade_quotes on grade_quotes.report_id = department_years.report_id
    left join score_quotes on score_quotes.report_id = department_years.report_id
    where department_years.grade is not null
      and department_years.self_score is not null
      and department_years.grade <> {{ grade_from_score('department_years.self_score') }}

),

cost_indicators as (

    select
        full_point_indicators.*,
        row_number() over (partition by full_point_indicators.report_id order by indicator_seq) as match_order

    from full_point_indicators
    inner join rules on rules.rule_id = 'cost_over_budget_full_points'
    where {{ regex_contains('full_point_indicators.indicator_name', 'rules.indicator_pattern') }}

),

costs as (

    select
        department_id, fiscal_year, report_id, '“三公”经费' as cost_label, 'three_public_actual' as actual_key,
        three_public_actual_yuan as actual_yuan, three_public_budget_yuan as budget_yuan
    from department_years
    union all
    select
        department_id, fiscal_year, report_id, '公用经费' as cost_label, 'public_funds_actual' as actual_key,
        public_funds_actual_yuan as actual_yuan, public_funds_budget_yuan as budget_yuan
    from department_years

),

cost_over_budget_full_points as (

    select
        costs.department_id,
        costs.fiscal_year,
        costs.report_id,
        rules.rule_id,
        costs.actual_key as subject,
        costs.cost_label as value_a,
        {{ plain_number(to_wan_yuan('costs.actual_yuan')) }} as value_b,
        {{ plain_number(to_wan_yuan('costs.budget_yuan')) }} as value_c,
        cost_indicators.indicator_name as value_d,
        actual_facts.quote as quote_a,
        actual_facts.char_start as char_start_a,
        actual_facts.char_end as char_end_a,
        cost_indicators.quote as quote_b,
        cost_indicators.char_start as char_start_b,
        cost_indicators.char_end as char_end_b

    from costs
    inner join rules on rules.rule_id = 'cost_over_budget_full_points'
    inner join cost_indicators
        on cost_indicators.report_id = costs.report_id and cost_indicators.match_order = 1
    left join facts as actual_facts
        on actual_facts.report_id = costs.report_id and actual_facts.fact_key = costs.actual_key
    where costs.actual_yuan > costs.budget_yuan

),

category_matches as (

    select
        problems.report_id,
        problems.problem_category,
        coalesce(problems.quote, problems.problem_text) as problem_quote,
        problems.char_start as problem_char_start,
        problems.char_end as problem_char_end,
        full_point_indicators.indicator_name,
        full_point_indicators.quote as indicator_quote,
        full_point_indicators.char_start as indicator_char_start,
        full_point_indicators.char_end as indicator_char_end,
        row_number() over (
            partition by problems.report_id, problems.problem_category
            order by problems.problem_seq, full_point_indicators.indicator_seq
        ) as match_order

    from problems
    inner join category_indicators on category_indicators.problem_category = problems.problem_category
    inner join full_point_indicators
        on full_point_indicators.report_id = problems.report_id
        and {{ regex_contains('full_point_indicators.indicator_name', 'category_indicators.indicator_pattern') }}

),

problem_in_full_indicator as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        category_matches.problem_category as subject,
        category_matches.problem_category as value_a,
        category_matches.indicator_name as value_b,
        cast(null as string) as value_c,
        cast(null as string) as value_d,
        category_matches.problem_quote as quote_a,
        category_matches.problem_char_start as char_start_a,
        category_matches.problem_char_end as char_end_a,
        category_matches.indicator_quote as quote_b,
        category_matches.indicator_char_start as char_start_b,
        category_matches.indicator_char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'problem_in_full_indicator'
    inner join category_matches
        on category_matches.report_id = department_years.report_id and category_matches.match_order = 1

),

indicator_sums as (

    select
        report_id,
        count(*) as indicator_count,
        sum(max_score) as max_sum,
        sum(score) as score_sum,
        min(indicator_seq) as first_indicator_seq

    from indicators
    where max_score is not null
    group by report_id

),

indicator_levels as (

    -- a table listing every level of the indicator tree repeats the 100 points once per level
    select
        indicator_sums.*,
        cast(round(cast(max_sum as double) / 100) as integer) as level_count

    from indicator_sums
    where abs(cast(max_sum as double) - 100 * round(cast(max_sum as double) / 100)) < 0.01
      and max_sum between 100 and 300

),

indicators_do_not_add_up as (

    select
        department_years.department_id,
        department_years.fiscal_year,
        department_years.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        {{ plain_number('round(cast(indicator_levels.score_sum as double) / indicator_levels.level_count, 2)') }}
            as value_a,
        {{ plain_number('department_years.self_score') }} as value_b,
        cast(null as string) as value_c,
        cast(null as string) as value_d,
        first_indicator.quote as quote_a,
        first_indicator.char_start as char_start_a,
        first_indicator.char_end as char_end_a,
        score_quotes.quote as quote_b,
        score_quotes.char_start as char_start_b,
        score_quotes.char_end as char_end_b

    from department_years
    inner join rules on rules.rule_id = 'indicators_do_not_add_up'
    inner join indicator_levels on indicator_levels.report_id = department_years.report_id
    inner join indicators as first_indicator
        on first_indicator.report_id = indicator_levels.report_id
        and first_indicator.indicator_seq = indicator_levels.first_indicator_seq
    left join score_quotes on score_quotes.report_id = department_years.report_id
    where indicator_levels.indicator_count >= rules.threshold_2
      and abs(cast(indicator_levels.score_sum as double) / indicator_levels.level_count
              - cast(department_years.self_score as double)) > rules.threshold

),

peers as (

    select
        department_years.*,
        count(*) over (partition by fiscal_year, department_kind, province) as peer_count,
        percent_rank() over (
            partition by fiscal_year, department_kind, province order by self_score
        ) as score_percentile,
        percent_rank() over (
            partition by fiscal_year, department_kind, province order by budget_execution_rate_pct
        ) as execution_percentile

    from department_years
    where self_score is not null
      and budget_execution_rate_pct is not null
      and department_kind is not null

),

peer_top_score_bottom_execution as (

    select
        peers.department_id,
        peers.fiscal_year,
        peers.report_id,
        rules.rule_id,
        cast('' as string) as subject,
        {{ plain_number('peers.self_score') }} as value_a,
        {{ plain_number('peers.budget_execution_rate_pct') }} as value_b,
        cast(peers.peer_count as string) as value_c,
        cast(null as string) as value_d,
        score_quotes.quote as quote_a,
        score_quotes.char_start as char_start_a,
        score_quotes.char_end as char_end_a,
        rate_facts.quote as quote_b,
        rate_facts.char_start as char_start_b,
        rate_facts.char_end as char_end_b

    from peers
    inner join rules on rules.rule_id = 'peer_top_score_bottom_execution'
    left join score_quotes on score_quotes.report_id = peers.report_id
    left join facts as rate_facts
        on rate_facts.report_id = peers.report_id and rate_facts.fact_key = 'budget_execution_rate'
    where peers.peer_count >= rules.min_peers
      and peers.score_percentile >= rules.threshold
      and peers.execution_percentile <= rules.threshold_2

),

final as (

    select * from high_score_low_execution
    union all
    select * from execution_full_points_below_target
    union all
    select * from near_full_marks_with_problems
    union all
    select * from grade_score_mismatch
    union all
    select * from cost_over_budget_full_points
    union all
    select * from problem_in_full_indicator
    union all
    select * from indicators_do_not_add_up
    union all
    select * from peer_top_score_bottom_execution

)

select * from final
