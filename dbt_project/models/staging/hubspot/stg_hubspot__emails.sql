with emails as (
    {{ source_columns('hubspot', 'emails', {
        'id': 'text',
        'hs_timestamp': 'timestamp',
        'hs_email_subject': 'text',
        'hs_email_direction': 'text',
        'hubspot_owner_id': 'text',
        'createdate': 'timestamp',
        'hs_lastmodifieddate': 'timestamp',
        'archived': 'boolean',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    hs_timestamp as occurred_at,
    hs_email_subject as subject,
    hs_email_direction as direction,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from emails
where not coalesce(archived, false)
