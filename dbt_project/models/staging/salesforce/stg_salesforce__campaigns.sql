with campaigns as (
    {{ source_columns('salesforce', 'campaign', {
        'id': 'text',
        'name': 'text',
        'type': 'text',
        'status': 'text',
        'start_date': 'date',
        'end_date': 'date',
        'is_active': 'boolean',
        'owner_id': 'text',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    name,
    type as campaign_type,
    status,
    start_date,
    end_date,
    is_active,
    owner_id,
    created_date as created_at,
    system_modstamp as updated_at
from campaigns
where not coalesce(is_deleted, false)
