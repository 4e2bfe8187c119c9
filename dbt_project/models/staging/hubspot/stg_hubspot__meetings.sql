with meetings as (
    {{ source_columns('hubspot', 'meetings', {
        'id': 'text',
        'hs_timestamp': 'timestamp',
        'hs_meeting_title': 'text',
        'hs_meeting_start_time': 'timestamp',
        'hs_meeting_end_time': 'timestamp',
        'hs_meeting_outcome': 'text',
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
    hs_meeting_title as title,
    hs_meeting_start_time as starts_at,
    hs_meeting_end_time as ends_at,
    hs_meeting_outcome as outcome,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from meetings
where not coalesce(archived, false)
