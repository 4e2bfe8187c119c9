-- One row per live opportunity of every system, on its golden account, except those validation
-- rejected (an impossible amount, a date that cannot be): one mistyped deal must not skew the pipeline.
{%- set text = dbt.type_string() %}

select
    cast(opportunities.source_system || ':' || opportunities.source_id as {{ text }}) as opportunity_id,
    opportunities.source_system,
    opportunities.source_id,
    accounts.account_key,
    opportunities.name,
    opportunities.stage,
    opportunities.is_won,
    opportunities.is_closed,
    opportunities.amount,
    opportunities.currency,
    cast(opportunities.opportunity_type as {{ text }}) as opportunity_type,
    opportunities.created_at,
    opportunities.close_date,
    case
        when opportunities.is_closed
            then cast(opportunities.close_date - {{ utc_date('opportunities.created_at') }} as {{ dbt.type_bigint() }})
    end as days_to_close,
    opportunities.owner_id,
    opportunities.owner_name
from {{ ref('int_opportunities_unioned') }} as opportunities
left join {{ source('identity', 'account_xref') }} as accounts
    on opportunities.source_system = accounts.source_system
    and opportunities.account_source_id = accounts.source_id
where not exists (
    select 1
    from {{ source('quarantine', 'opportunity_rejects') }} as rejects
    where rejects."table" = 'int_opportunities_unioned'
        and rejects.outcome = 'rejected'
        and rejects.record_key = opportunities.source_system || ':' || opportunities.source_id
)
