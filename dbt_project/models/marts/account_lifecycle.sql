-- Every golden account in exactly one of the seven lifecycle stages, with the evidence that put it
-- there. The first rule that holds decides (the precedence is documented on lifecycle_stage in
-- _abe__models.yml); opportunity states (live, stale, dead, win-back window) are those of
-- int_account_opportunities, engagement is a touch between the program's launch and as_of.
{%- set text = dbt.type_string() %}

with accounts as (
    select account_key, ultimate_parent_key
    from {{ source('identity', 'account_hierarchy') }}
),

opportunities as (
    select *
    from {{ ref('int_account_opportunities') }}
),

customers_by_group as (
    select accounts.ultimate_parent_key, count(*) as customer_units
    from accounts
    inner join opportunities on accounts.account_key = opportunities.account_key
    where opportunities.won_opportunities > 0
    group by accounts.ultimate_parent_key
),

touches_since_launch as (
    select activities.account_key, count(*) as touches
    from {{ ref('fct_activity') }} as activities
    cross join {{ source('program', 'settings') }} as settings
    cross join {{ ref('int_as_of') }} as as_of
    where activities.account_key is not null
        and activities.occurred_at >= settings.launch_at
        and activities.occurred_at <= as_of.as_of
    group by activities.account_key
),

account_facts as (
    select
        accounts.account_key,
        accounts.ultimate_parent_key,
        coalesce(opportunities.won_opportunities, 0) > 0 as is_customer,
        opportunities.first_won_on as customer_since,
        coalesce(opportunities.won_opportunities, 0) as won_opportunities,
        coalesce(opportunities.live_opportunities, 0) as live_opportunities,
        coalesce(opportunities.stale_opportunities, 0) as stale_opportunities,
        coalesce(opportunities.dead_opportunities_in_win_back, 0) as dead_opportunities_in_win_back,
        opportunities.next_live_close_on,
        opportunities.latest_dead_close_on,
        -- other units of the group that are customers (the account itself is counted apart)
        coalesce(customers_by_group.customer_units, 0)
            - case when coalesce(opportunities.won_opportunities, 0) > 0 then 1 else 0 end as customer_units_in_group,
        coalesce(icp.is_target, false) as is_target,
        coalesce(touches_since_launch.touches, 0) as touches_since_launch
    from accounts
    left join opportunities on accounts.account_key = opportunities.account_key
    left join customers_by_group on accounts.ultimate_parent_key = customers_by_group.ultimate_parent_key
    left join {{ ref('account_icp_fit') }} as icp on accounts.account_key = icp.account_key
    left join touches_since_launch on accounts.account_key = touches_since_launch.account_key
),

staged_accounts as (
    select
        account_facts.*,
        case
            when is_customer and live_opportunities > 0 then 'cross_sell_upsell'
            when is_customer then 'retention'
            when customer_units_in_group > 0 then 'land_and_expand'
            when live_opportunities > 0 then 'pipeline_acceleration'
            when dead_opportunities_in_win_back > 0 then 'dead_opportunity_win_back'
            when is_target and touches_since_launch > 0 then 'account_nurture'
            else 'pre_targeting'
        end as lifecycle_stage
    from account_facts
)

select
    staged_accounts.account_key,
    cast(staged_accounts.lifecycle_stage as {{ text }}) as lifecycle_stage,
    cast(case
        when staged_accounts.lifecycle_stage in ('pre_targeting', 'account_nurture') then 'acquisition'
        when staged_accounts.lifecycle_stage in ('pipeline_acceleration', 'dead_opportunity_win_back') then 'acceleration'
        else 'expansion'
    end as {{ text }}) as lifecycle_phase,
    cast(case staged_accounts.lifecycle_stage
        when 'cross_sell_upsell' then
            'customer since ' || coalesce(cast(customer_since as {{ text }}), 'an unknown day') || ' (' || cast(won_opportunities as {{ text }})
            || ' won) with ' || cast(live_opportunities as {{ text }}) || ' open opportunity(ies), next closing '
            || coalesce(cast(next_live_close_on as {{ text }}), 'an unknown day')
        when 'retention' then
            'customer since ' || coalesce(cast(customer_since as {{ text }}), 'an unknown day') || ' (' || cast(won_opportunities as {{ text }})
            || ' won), no open opportunity'
        when 'land_and_expand' then
            'not a customer; ' || cast(customer_units_in_group as {{ text }}) || ' other unit(s) of its group ('
            || staged_accounts.ultimate_parent_key || ') are customers'
        when 'pipeline_acceleration' then
            cast(live_opportunities as {{ text }}) || ' open opportunity(ies), next closing '
            || coalesce(cast(next_live_close_on as {{ text }}), 'an unknown day')
        when 'dead_opportunity_win_back' then
            'no open opportunity; ' || cast(dead_opportunities_in_win_back as {{ text }})
            || ' lost or stalled within the win-back window, the latest closing ' || coalesce(cast(latest_dead_close_on as {{ text }}), 'an unknown day')
        when 'account_nurture' then
            'target account with ' || cast(touches_since_launch as {{ text }}) || ' touch(es) since launch, no opportunity'
        else
            case when is_target then 'target account without a touch since launch' else 'not a target account' end
            || ', no open or recently lost opportunity'
    end as {{ text }}) as stage_evidence,
    is_customer,
    customer_since,
    cast(won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
    cast(live_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
    cast(stale_opportunities as {{ dbt.type_bigint() }}) as stale_opportunities,
    cast(dead_opportunities_in_win_back as {{ dbt.type_bigint() }}) as dead_opportunities_in_win_back,
    cast(customer_units_in_group as {{ dbt.type_bigint() }}) as customer_units_in_group,
    is_target,
    cast(touches_since_launch as {{ dbt.type_bigint() }}) as touches_since_launch,
    as_of.as_of
from staged_accounts
cross join {{ ref('int_as_of') }} as as_of
