-- The vendor's own people. Their role says which team a Task or Event came from (the function of a touch).
with users as (
    {{ source_columns('salesforce', 'user', {
        'id': 'text',
        'name': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'email': 'text',
        'title': 'text',
        'department': 'text',
        'user_role__c': 'text',
        'is_active': 'boolean',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    name as full_name,
    first_name,
    last_name,
    email,
    title,
    department,
    user_role__c as user_role,
    is_active,
    created_date as created_at,
    system_modstamp as updated_at
from users
where not coalesce(is_deleted, false)
