-- Touches (fct_activity) and distinct people touched per golden account per ISO week (Monday, UTC),
-- for every week the account had a touch up to as_of, beside the account's pre-launch baseline:
-- its touches and engaged people per 7 days over the program's baseline window
-- [baseline_start_at, launch_at), and each week's ratio to it.
with touches as (
    select
        activities.account_key,
        activities.person_key,
        activities.function,
        activities.occurred_at,
        {{ week_start(utc_date('activities.occurred_at')) }} as week_start
    from {{ ref('fct_activity') }} as activities
    cross join {{ ref('int_as_of') }} as as_of
    where activities.account_key is not null
        and activities.occurred_at <= as_of.as_of
),

weekly_touches as (
    select
        account_key,
        week_start,
        count(*) as touches,
        count(distinct person_key) as engaged_people,
        sum(case when function = 'marketing' then 1 else 0 end) as marketing_touches,
        sum(case when function = 'sales_development' then 1 else 0 end) as sales_development_touches,
        sum(case when function = 'sales' then 1 else 0 end) as sales_touches,
        sum(case when function = 'customer_success' then 1 else 0 end) as customer_success_touches
    from touches
    group by account_key, week_start
),

-- the baseline's weeks counted on its own touches only, so a week that straddles launch
-- contributes only what happened before it
baseline_weeks as (
    select touches.account_key, touches.week_start, count(*) as touches, count(distinct touches.person_key) as engaged_people
    from touches
    cross join {{ source('program', 'settings') }} as settings
    where touches.occurred_at >= settings.baseline_start_at
        and touches.occurred_at < settings.launch_at
    group by touches.account_key, touches.week_start
),

baselines as (
    select
        baseline_weeks.account_key,
        sum(baseline_weeks.touches) * 7.0 / settings.baseline_days as weekly_touches,
        sum(baseline_weeks.engaged_people) * 7.0 / settings.baseline_days as weekly_engaged_people
    from baseline_weeks
    cross join {{ source('program', 'settings') }} as settings
    group by baseline_weeks.account_key, settings.baseline_days
)

select
    weekly_touches.account_key,
    weekly_touches.week_start,
    weekly_touches.week_start >= {{ utc_date('settings.launch_at') }} as is_after_launch,
    cast(weekly_touches.touches as {{ dbt.type_bigint() }}) as touches,
    cast(weekly_touches.engaged_people as {{ dbt.type_bigint() }}) as engaged_people,
    cast(weekly_touches.marketing_touches as {{ dbt.type_bigint() }}) as marketing_touches,
    cast(weekly_touches.sales_development_touches as {{ dbt.type_bigint() }}) as sales_development_touches,
    cast(weekly_touches.sales_touches as {{ dbt.type_bigint() }}) as sales_touches,
    cast(weekly_touches.customer_success_touches as {{ dbt.type_bigint() }}) as customer_success_touches,
    cast(coalesce(baselines.weekly_touches, 0) as double precision) as baseline_weekly_touches,
    cast(coalesce(baselines.weekly_engaged_people, 0) as double precision) as baseline_weekly_engaged_people,
    case
        when baselines.weekly_touches > 0 then weekly_touches.touches / cast(baselines.weekly_touches as double precision)
    end as touches_vs_baseline,
    case
        when baselines.weekly_engaged_people > 0
            then weekly_touches.engaged_people / cast(baselines.weekly_engaged_people as double precision)
    end as engaged_people_vs_baseline
from weekly_touches
left join baselines on weekly_touches.account_key = baselines.account_key
cross join {{ source('program', 'settings') }} as settings
