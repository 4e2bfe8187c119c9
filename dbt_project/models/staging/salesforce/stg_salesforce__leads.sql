-- Unconverted leads only: a converted lead lives on as the Contact (and Account) it became.
with leads as (
    {{ source_columns('salesforce', 'lead', {
        'id': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'name': 'text',
        'email': 'text',
        'phone': 'text',
        'title': 'text',
        'company': 'text',
        'website': 'text',
        'country': 'text',
        'city': 'text',
        'industry': 'text',
        'number_of_employees': 'bigint',
        'status': 'text',
        'lead_source': 'text',
        'lead_score__c': 'double',
        'owner_id': 'text',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_converted': 'boolean',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    first_name,
    last_name,
    name as full_name,
    email,
    phone,
    title,
    company as company_name,
    website,
    country,
    city,
    industry,
    number_of_employees,
    status as lead_status,
    lead_source,
    lead_score__c as lead_score,
    owner_id,
    created_date as created_at,
    system_modstamp as updated_at
from leads
where not coalesce(is_deleted, false)
    and not coalesce(is_converted, false)
