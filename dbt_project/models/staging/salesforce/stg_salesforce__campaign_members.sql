with members as (
    {{ source_columns('salesforce', 'campaignmember', {
        'id': 'text',
        'campaign_id': 'text',
        'lead_id': 'text',
        'contact_id': 'text',
        'status': 'text',
        'has_responded': 'boolean',
        'first_responded_date': 'date',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    campaign_id as campaign_source_id,
    lead_id as lead_source_id,
    contact_id as contact_source_id,
    status,
    has_responded,
    first_responded_date,
    created_date as created_at,
    system_modstamp as updated_at
from members
where not coalesce(is_deleted, false)
