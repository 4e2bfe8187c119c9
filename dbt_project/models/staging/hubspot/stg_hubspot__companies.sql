with companies as (
    {{ source_columns('hubspot', 'companies', {
        'id': 'text',
        'name': 'text',
        'domain': 'text',
        'website': 'text',
        'country': 'text',
        'city': 'text',
        'phone': 'text',
        'industry': 'text',
        'numberofemployees': 'double',
        'annualrevenue': 'double',
        'lifecyclestage': 'text',
        'hubspot_owner_id': 'text',
        'createdate': 'timestamp',
        'hs_lastmodifieddate': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    name,
    domain,
    website,
    country,
    city,
    phone,
    industry,
    -- HubSpot number properties are doubles; a head count is whole.
    cast(numberofemployees as {{ dbt.type_bigint() }}) as number_of_employees,
    annualrevenue as annual_revenue,
    lifecyclestage as lifecycle_stage,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from companies
where not coalesce(archived, false)
