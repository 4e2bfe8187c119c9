-- Zendesk deletes a user by deactivating it (active = false); agents are users too, kept with their role.
with users as (
    {{ source_columns('zendesk', 'users', {
        'id': 'bigint',
        'name': 'text',
        'email': 'text',
        'phone': 'text',
        'role': 'text',
        'organization_id': 'bigint',
        'user_fields__department': 'text',
        'locale': 'text',
        'time_zone': 'text',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
        'active': 'boolean',
    }) }}
)

select
    cast('zendesk' as {{ dbt.type_string() }}) as source_system,
    cast(id as {{ dbt.type_string() }}) as source_id,
    name as full_name,
    email,
    phone,
    role,
    cast(organization_id as {{ dbt.type_string() }}) as account_source_id,
    user_fields__department as department,
    locale,
    time_zone,
    created_at,
    updated_at
from users
where coalesce(active, true)
