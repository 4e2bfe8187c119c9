-- Every group rolled up to its ultimate parent (identity.account_hierarchy): one row per ultimate
-- parent, standalone accounts included as groups of one, with its units, customers, targets,
-- people, pipeline, revenue, tickets and touches summed over all of them. Figures as of int_as_of.
with units as (
    select
        hierarchy.ultimate_parent_key,
        accounts.account_key,
        accounts.is_customer,
        accounts.is_target,
        accounts.lifecycle_stage
    from {{ source('identity', 'account_hierarchy') }} as hierarchy
    inner join {{ ref('dim_account') }} as accounts on hierarchy.account_key = accounts.account_key
),

people as (
    select account_key, count(*) as people
    from {{ ref('dim_person') }}
    where account_key is not null
    group by account_key
),

tickets as (
    select account_key, count(*) as tickets, sum(case when is_open then 1 else 0 end) as open_tickets
    from {{ ref('fct_ticket') }}
    where account_key is not null
    group by account_key
),

touches as (
    select activities.account_key, count(*) as touches
    from {{ ref('fct_activity') }} as activities
    cross join {{ source('program', 'settings') }} as settings
    cross join {{ ref('int_as_of') }} as as_of
    where activities.account_key is not null
        and activities.occurred_at >= settings.launch_at
        and activities.occurred_at <= as_of.as_of
    group by activities.account_key
),

group_totals as (
    select
        units.ultimate_parent_key,
        count(*) as units,
        sum(case when units.is_customer then 1 else 0 end) as customer_units,
        sum(case when units.is_target then 1 else 0 end) as target_units,
        sum(case when units.lifecycle_stage = 'land_and_expand' then 1 else 0 end) as land_and_expand_units,
        coalesce(sum(people.people), 0) as people,
        coalesce(sum(opportunities.open_opportunities), 0) as open_opportunities,
        coalesce(sum(opportunities.open_pipeline), 0) as open_pipeline,
        coalesce(sum(opportunities.won_opportunities), 0) as won_opportunities,
        coalesce(sum(opportunities.won_revenue), 0) as won_revenue,
        coalesce(sum(tickets.tickets), 0) as tickets,
        coalesce(sum(tickets.open_tickets), 0) as open_tickets,
        coalesce(sum(touches.touches), 0) as touches_since_launch
    from units
    left join people on units.account_key = people.account_key
    left join {{ ref('int_account_opportunities') }} as opportunities on units.account_key = opportunities.account_key
    left join tickets on units.account_key = tickets.account_key
    left join touches on units.account_key = touches.account_key
    group by units.ultimate_parent_key
)

select
    group_totals.ultimate_parent_key,
    parents.name,
    parents.country_code,
    parents.industry,
    cast(group_totals.units as {{ dbt.type_bigint() }}) as units,
    cast(group_totals.customer_units as {{ dbt.type_bigint() }}) as customer_units,
    group_totals.customer_units > 0 as is_customer_group,
    cast(group_totals.target_units as {{ dbt.type_bigint() }}) as target_units,
    cast(group_totals.land_and_expand_units as {{ dbt.type_bigint() }}) as land_and_expand_units,
    cast(group_totals.people as {{ dbt.type_bigint() }}) as people,
    cast(group_totals.open_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
    cast(group_totals.open_pipeline as double precision) as open_pipeline,
    cast(group_totals.won_opportunities as {{ dbt.type_bigint() }}) as won_opportunities,
    cast(group_totals.won_revenue as double precision) as won_revenue,
    cast(group_totals.tickets as {{ dbt.type_bigint() }}) as tickets,
    cast(group_totals.open_tickets as {{ dbt.type_bigint() }}) as open_tickets,
    cast(group_totals.touches_since_launch as {{ dbt.type_bigint() }}) as touches_since_launch
from group_totals
inner join {{ ref('dim_account') }} as parents on group_totals.ultimate_parent_key = parents.account_key
