with calls as (
    {{ source_columns('hubspot', 'calls', {
        'id': 'text',
        'hs_timestamp': 'timestamp',
        'hs_call_title': 'text',
        'hs_call_duration': 'double',
        'hs_call_direction': 'text',
        'hubspot_owner_id': 'text',
        'createdate': 'timestamp',
        'hs_lastmodifieddate': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    hs_timestamp as occurred_at,
    hs_call_title as title,
    -- HubSpot number properties are doubles; a duration in milliseconds is whole.
    cast(hs_call_duration as {{ dbt.type_bigint() }}) as duration_ms,
    hs_call_direction as direction,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from calls
where not coalesce(archived, false)
