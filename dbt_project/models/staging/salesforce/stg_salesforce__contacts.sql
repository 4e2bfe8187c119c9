with contacts as (
    {{ source_columns('salesforce', 'contact', {
        'id': 'text',
        'account_id': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'name': 'text',
        'email': 'text',
        'phone': 'text',
        'title': 'text',
        'department': 'text',
        'mailing_country': 'text',
        'lead_source': 'text',
        'owner_id': 'text',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    account_id as account_source_id,
    first_name,
    last_name,
    name as full_name,
    email,
    phone,
    title,
    department,
    mailing_country as country,
    lead_source,
    owner_id,
    created_date as created_at,
    system_modstamp as updated_at
from contacts
where not coalesce(is_deleted, false)
