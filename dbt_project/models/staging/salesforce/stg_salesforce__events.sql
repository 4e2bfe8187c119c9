with events as (
    {{ source_columns('salesforce', 'event', {
        'id': 'text',
        'subject': 'text',
        'type': 'text',
        'start_date_time': 'timestamp',
        'end_date_time': 'timestamp',
        'duration_in_minutes': 'bigint',
        'who_id': 'text',
        'what_id': 'text',
        'owner_id': 'text',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    subject,
    type as event_type,
    start_date_time as starts_at,
    end_date_time as ends_at,
    duration_in_minutes as duration_minutes,
    who_id as who_source_id,
    what_id as what_source_id,
    owner_id,
    created_date as created_at,
    system_modstamp as updated_at
from events
where not coalesce(is_deleted, false)
