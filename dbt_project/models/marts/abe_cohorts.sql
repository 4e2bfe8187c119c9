-- Pipeline and revenue of the target accounts against two non-target cohorts, all time and for
-- opportunities created since launch: one row per cohort and period. The cohorts, each drawn again
-- every night but the same while the data and the program are:
--   target:               every target account (account_icp_fit.is_target);
--   random_non_target:    comparison_cohort_size non-target accounts, first by md5(account_key || seed);
--   lookalike_non_target: comparison_cohort_size non-target accounts with the highest ICP fit score
--                         (ties by the same md5 order): the accounts most like the targets that the
--                         program did not pick. Not "the targets' ICP tier", which is empty whenever
--                         targets are chosen by tier, as in the default program.
{%- set text = dbt.type_string() %}

with accounts as (
    select
        icp.account_key,
        icp.is_target,
        icp.fit_score,
        md5(icp.account_key || cast(settings.comparison_cohort_seed as {{ text }})) as draw
    from {{ ref('account_icp_fit') }} as icp
    cross join {{ source('program', 'settings') }} as settings
),

non_targets as (
    select
        account_key,
        row_number() over (order by draw, account_key) as random_rank,
        row_number() over (order by fit_score desc, draw, account_key) as lookalike_rank
    from accounts
    where not is_target
),

cohort_members as (
    select cast('target' as {{ text }}) as cohort, account_key
    from accounts
    where is_target

    union all

    select cast('random_non_target' as {{ text }}), non_targets.account_key
    from non_targets
    cross join {{ source('program', 'settings') }} as settings
    where non_targets.random_rank <= settings.comparison_cohort_size

    union all

    select cast('lookalike_non_target' as {{ text }}), non_targets.account_key
    from non_targets
    cross join {{ source('program', 'settings') }} as settings
    where non_targets.lookalike_rank <= settings.comparison_cohort_size
),

cohorts as (
    select cast('target' as {{ text }}) as cohort
    union all
    select cast('random_non_target' as {{ text }})
    union all
    select cast('lookalike_non_target' as {{ text }})
),

cohort_sizes as (
    select cohorts.cohort, count(cohort_members.account_key) as accounts
    from cohorts
    left join cohort_members on cohorts.cohort = cohort_members.cohort
    group by cohorts.cohort
),

periods as (
    select cast('all_time' as {{ text }}) as period, cast(null as timestamp with time zone) as created_from
    union all
    select cast('since_launch' as {{ text }}), launch_at
    from {{ source('program', 'settings') }}
),

cohort_opportunities as (
    select
        cohort_members.cohort,
        periods.period,
        opportunities.account_key,
        opportunities.is_won,
        opportunities.is_closed,
        opportunities.amount,
        opportunities.days_to_close
    from cohort_members
    inner join {{ ref('fct_opportunity') }} as opportunities on cohort_members.account_key = opportunities.account_key
    cross join periods
    where periods.created_from is null or opportunities.created_at >= periods.created_from
),

cohort_figures as (
    select
        cohort,
        period,
        count(distinct account_key) as accounts_with_opportunities,
        count(*) as opportunities,
        sum(case when not is_closed then 1 else 0 end) as open_opportunities,
        coalesce(sum(case when not is_closed then amount end), 0) as open_pipeline,
        sum(case when is_won then 1 else 0 end) as won_opportunities,
        sum(case when is_closed and not is_won then 1 else 0 end) as lost_opportunities,
        coalesce(sum(case when is_won then amount end), 0) as won_revenue,
        avg(case when is_won then amount end) as average_contract_value,
        avg(case when is_won then cast(days_to_close as double precision) end) as average_days_to_close
    from cohort_opportunities
    group by cohort, period
)

select
    cohort_sizes.cohort,
    periods.period,
    cast(cohort_sizes.accounts as {{ dbt.type_bigint() }}) as accounts,
    cast(coalesce(cohort_figures.accounts_with_opportunities, 0) as {{ dbt.type_bigint() }}) as accounts_with_opportunities,
    cast(coalesce(cohort_figures.opportunities, 0) as {{ dbt.type_bigint() }}) as opportunities,
    cast(coalesce(cohort_figures.open_opportunities, 0) as {{ dbt.type_bigint() }}) as open_opportunities,
    cast(coalesce(cohort_figures.open_pipeline, 0) as double precision) as open_pipeline,
    cast(coalesce(cohort_figures.won_opportunities, 0) as {{ dbt.type_bigint() }}) as won_opportunities,
    cast(coalesce(cohort_figures.lost_opportunities, 0) as {{ dbt.type_bigint() }}) as lost_opportunities,
    case
        when cohort_figures.won_opportunities + cohort_figures.lost_opportunities > 0
            then cast(cohort_figures.won_opportunities as double precision)
                / (cohort_figures.won_opportunities + cohort_figures.lost_opportunities)
    end as win_rate,
    cast(coalesce(cohort_figures.won_revenue, 0) as double precision) as won_revenue,
    cast(cohort_figures.average_contract_value as double precision) as average_contract_value,
    cohort_figures.average_days_to_close
from cohort_sizes
cross join periods
left join cohort_figures on cohort_sizes.cohort = cohort_figures.cohort and periods.period = cohort_figures.period
