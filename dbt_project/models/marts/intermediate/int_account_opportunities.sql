-- Every golden account's opportunities summed up as of int_as_of, with the program's lifecycle
-- rules applied to each deal first (settings dead_opportunity_days, win_back_days):
--   stale:  still open, but unchanged in its system for dead_opportunity_days, or its close date
--           passed more than dead_opportunity_days ago;
--   live:   open and not stale;
--   dead:   closed lost, or stale; in the win-back window while its (expected) close date is
--           within win_back_days.
-- Ephemeral, read by the lifecycle, ICP, cohort and roll-up marts, which must all agree on it.
{{ config(materialized='ephemeral', contract={'enforced': false}) }}

with opportunity_changes as (
    select source_system, source_id, updated_at from {{ ref('stg_salesforce__opportunities') }}
    union all
    select source_system, source_id, updated_at from {{ ref('stg_hubspot__deals') }}
),

classified_opportunities as (
    select
        opportunities.account_key,
        opportunities.is_won,
        opportunities.is_closed,
        opportunities.amount,
        opportunities.close_date,
        not opportunities.is_closed and (
            coalesce({{ utc_date('opportunity_changes.updated_at') }} < {{ days_before('as_of.as_of_date', 'settings.dead_opportunity_days') }}, false)
            or coalesce(opportunities.close_date < {{ days_before('as_of.as_of_date', 'settings.dead_opportunity_days') }}, false)
        ) as is_stale,
        {{ days_before('as_of.as_of_date', 'settings.win_back_days') }} as win_back_from
    from {{ ref('fct_opportunity') }} as opportunities
    left join opportunity_changes
        on opportunities.source_system = opportunity_changes.source_system
        and opportunities.source_id = opportunity_changes.source_id
    cross join {{ ref('int_as_of') }} as as_of
    cross join {{ source('program', 'settings') }} as settings
    where opportunities.account_key is not null
),

opportunity_states as (
    select
        *,
        not is_closed and not is_stale as is_live,
        (is_closed and not is_won) or is_stale as is_dead
    from classified_opportunities
)

select
    account_key,
    count(*) as opportunities,
    sum(case when is_won then 1 else 0 end) as won_opportunities,
    sum(case when is_closed and not is_won then 1 else 0 end) as lost_opportunities,
    sum(case when not is_closed then 1 else 0 end) as open_opportunities,
    sum(case when is_live then 1 else 0 end) as live_opportunities,
    sum(case when is_stale then 1 else 0 end) as stale_opportunities,
    sum(case when is_dead and close_date >= win_back_from then 1 else 0 end) as dead_opportunities_in_win_back,
    min(case when is_won then close_date end) as first_won_on,
    min(case when is_live then close_date end) as next_live_close_on,
    max(case when is_dead and close_date >= win_back_from then close_date end) as latest_dead_close_on,
    coalesce(sum(case when is_won then amount end), 0) as won_revenue,
    coalesce(sum(case when not is_closed then amount end), 0) as open_pipeline
from opportunity_states
group by account_key
