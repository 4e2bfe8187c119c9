-- Zendesk deletes a ticket by setting its status to 'deleted'.
with tickets as (
    {{ source_columns('zendesk', 'tickets', {
        'id': 'bigint',
        'subject': 'text',
        'type': 'text',
        'priority': 'text',
        'status': 'text',
        'via__channel': 'text',
        'requester_id': 'bigint',
        'submitter_id': 'bigint',
        'assignee_id': 'bigint',
        'organization_id': 'bigint',
        'satisfaction_rating__score': 'text',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
    }) }}
)

select
    cast('zendesk' as {{ dbt.type_string() }}) as source_system,
    cast(id as {{ dbt.type_string() }}) as source_id,
    subject,
    type as ticket_type,
    priority,
    status,
    via__channel as channel,
    cast(requester_id as {{ dbt.type_string() }}) as requester_source_id,
    cast(submitter_id as {{ dbt.type_string() }}) as submitter_source_id,
    cast(assignee_id as {{ dbt.type_string() }}) as assignee_source_id,
    cast(organization_id as {{ dbt.type_string() }}) as organization_source_id,
    satisfaction_rating__score as satisfaction_rating,
    created_at,
    updated_at
from tickets
where coalesce(status, '') <> 'deleted'
