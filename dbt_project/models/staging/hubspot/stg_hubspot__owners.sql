-- The vendor's users who own HubSpot records; archived owners left out like every archived record.
with owners as (
    {{ source_columns('hubspot', 'owners', {
        'id': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'email': 'text',
        'user_id': 'bigint',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    first_name,
    last_name,
    email,
    user_id,
    created_at,
    updated_at
from owners
where not coalesce(archived, false)
