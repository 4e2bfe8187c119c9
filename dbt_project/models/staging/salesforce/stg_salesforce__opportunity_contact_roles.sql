with roles as (
    {{ source_columns('salesforce', 'opportunitycontactrole', {
        'id': 'text',
        'opportunity_id': 'text',
        'contact_id': 'text',
        'role': 'text',
        'is_primary': 'boolean',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    opportunity_id as opportunity_source_id,
    contact_id as contact_source_id,
    role,
    is_primary,
    created_date as created_at,
    system_modstamp as updated_at
from roles
where not coalesce(is_deleted, false)
