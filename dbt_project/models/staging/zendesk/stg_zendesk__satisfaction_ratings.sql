with ratings as (
    {{ source_columns('zendesk', 'satisfaction_ratings', {
        'id': 'bigint',
        'ticket_id': 'bigint',
        'requester_id': 'bigint',
        'assignee_id': 'bigint',
        'score': 'text',
        'comment': 'text',
        'reason': 'text',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
    }) }}
)

select
    cast('zendesk' as {{ dbt.type_string() }}) as source_system,
    cast(id as {{ dbt.type_string() }}) as source_id,
    cast(ticket_id as {{ dbt.type_string() }}) as ticket_source_id,
    cast(requester_id as {{ dbt.type_string() }}) as requester_source_id,
    cast(assignee_id as {{ dbt.type_string() }}) as assignee_source_id,
    score,
    comment,
    reason,
    created_at,
    updated_at
from ratings
