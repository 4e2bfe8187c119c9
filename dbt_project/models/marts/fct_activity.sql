-- One row per live touch of every system, on its golden account and person. The account is the one
-- the touch names (Salesforce WhatId, HubSpot company association, Zendesk organization), else the
-- golden account of the person touched.
{%- set text = dbt.type_string() %}

select
    cast(activities.source_system || ':' || activities.source_object || ':' || activities.source_id as {{ text }})
        as activity_id,
    activities.source_system,
    activities.source_object,
    activities.source_id,
    cast(activities.activity_type as {{ text }}) as activity_type,
    cast(activities.function as {{ text }}) as function,
    activities.occurred_at,
    coalesce(accounts.account_key, people.account_key) as account_key,
    people.person_key,
    activities.subject,
    activities.owner_id
from {{ ref('int_activities_unioned') }} as activities
left join {{ source('identity', 'account_xref') }} as accounts
    on activities.source_system = accounts.source_system
    and activities.account_source_id = accounts.source_id
left join {{ source('identity', 'person_xref') }} as people
    on activities.source_system = people.source_system
    and activities.person_source_id = people.source_id
