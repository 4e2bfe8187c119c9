with notes as (
    {{ source_columns('hubspot', 'notes', {
        'id': 'text',
        'hs_timestamp': 'timestamp',
        'hs_note_body': 'text',
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
    hs_note_body as body,
    hubspot_owner_id as owner_id,
    createdate as created_at,
    hs_lastmodifieddate as updated_at
from notes
where not coalesce(archived, false)
