with deals as (
    {{ source_columns('hubspot', 'deals', {
        'id': 'text',
        'dealname': 'text',
        'amount': 'double',
        'deal_currency_code': 'text',
        'dealstage': 'text',
        'pipeline': 'text',
        'closedate': 'timestamp',
        'dealtype': 'text',
        'hs_is_closed': 'boolean',
        'hs_is_closed_won': 'boolean',
        'hubspot_owner_id': 'text',
        'createdate': 'timestamp',
        'hs_lastmodifieddate': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    dealname as name,
    amount,
    -- set only in portals with several currencies; elsewhere amounts are in the portal's currency
    deal_currency_code as currency,
    dealstage as stage,
    pipeline,
    -- HubSpot keeps the close date as an instant; the day it falls on in UTC is the close date
    {{ utc_date('closedate') }} as close_date,
    dealtype as deal_type,
    -- HubSpot's own calculated flags; hs_is_closed is absent where the portal does not expose it
    hs_is_closed as is_closed,
    hs_is_closed_won as is_closed_won,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from deals
where not coalesce(archived, false)
