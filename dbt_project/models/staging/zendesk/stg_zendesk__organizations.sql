with organizations as (
    {{ source_columns('zendesk', 'organizations', {
        'id': 'bigint',
        'name': 'text',
        'external_id': 'text',
        'organization_fields__plan': 'text',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
        'deleted_at': 'timestamp',
    }) }}
)

select
    cast('zendesk' as {{ dbt.type_string() }}) as source_system,
    cast(id as {{ dbt.type_string() }}) as source_id,
    name,
    external_id,
    organization_fields__plan as plan,
    created_at,
    updated_at
from organizations
where deleted_at is null
