with tasks as (
    {{ source_columns('salesforce', 'task', {
        'id': 'text',
        'subject': 'text',
        'type': 'text',
        'task_subtype': 'text',
        'status': 'text',
        'activity_date': 'date',
        'who_id': 'text',
        'what_id': 'text',
        'owner_id': 'text',
        'call_duration_in_seconds': 'bigint',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    subject,
    type as task_type,
    task_subtype,
    status,
    activity_date,
    who_id as who_source_id,
    what_id as what_source_id,
    owner_id,
    call_duration_in_seconds as call_duration_seconds,
    created_date as created_at,
    system_modstamp as updated_at
from tasks
where not coalesce(is_deleted, false)
