with contacts as (
    {{ source_columns('hubspot', 'contacts', {
        'id': 'text',
        'firstname': 'text',
        'lastname': 'text',
        'email': 'text',
        'phone': 'text',
        'jobtitle': 'text',
        'company': 'text',
        'country': 'text',
        'city': 'text',
        'lifecyclestage': 'text',
        'hs_lead_status': 'text',
        'hubspot_owner_id': 'text',
        'createdate': 'timestamp',
        'hs_lastmodifieddate': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    firstname as first_name,
    lastname as last_name,
    email,
    phone,
    jobtitle as title,
    company as company_name,
    country,
    city,
    lifecyclestage as lifecycle_stage,
    hs_lead_status as lead_status,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from contacts
where not coalesce(archived, false)
