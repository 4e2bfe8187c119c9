-- One row per live Zendesk ticket, on the golden account of its organization (else of its requester)
-- and the golden person who requested it, with its satisfaction rating.
{%- set text = dbt.type_string() %}

with latest_ratings as (
    select
        ticket_source_id,
        comment,
        created_at,
        row_number() over (partition by ticket_source_id order by created_at desc, source_id desc) as recency
    from {{ ref('stg_zendesk__satisfaction_ratings') }}
)

select
    cast('zendesk:' || tickets.source_id as {{ text }}) as ticket_id,
    tickets.source_system,
    tickets.source_id,
    coalesce(accounts.account_key, people.account_key) as account_key,
    people.person_key,
    tickets.subject,
    tickets.ticket_type,
    tickets.channel,
    tickets.priority,
    tickets.status,
    tickets.status in ('new', 'open', 'pending', 'hold') as is_open,
    tickets.created_at,
    tickets.updated_at,
    tickets.satisfaction_rating,
    cast(case tickets.satisfaction_rating when 'good' then 1 when 'bad' then 0 end as {{ dbt.type_bigint() }})
        as satisfaction_score,
    latest_ratings.comment as satisfaction_comment,
    latest_ratings.created_at as rated_at
from {{ ref('stg_zendesk__tickets') }} as tickets
left join latest_ratings
    on tickets.source_id = latest_ratings.ticket_source_id
    and latest_ratings.recency = 1
left join {{ source('identity', 'account_xref') }} as accounts
    on tickets.source_system = accounts.source_system
    and tickets.organization_source_id = accounts.source_id
left join {{ source('identity', 'person_xref') }} as people
    on tickets.source_system = people.source_system
    and tickets.requester_source_id = people.source_id
