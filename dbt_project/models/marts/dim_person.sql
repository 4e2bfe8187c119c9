-- One row per golden person: name, email and title from the system of record that has them
-- (Salesforce first, then HubSpot, then Zendesk; within a system the most recently changed record),
-- the buyer persona of that title (int_title_personas), the golden account, and how fresh the
-- person's data is: the newest change any system made to one of the person's records, stale once
-- that is more than the program's stale_after_days before as_of.
with records as (
    select
        xref.person_key,
        xref.account_key,
        attributes.source_system,
        attributes.source_id,
        attributes.full_name,
        attributes.email,
        attributes.title,
        attributes.updated_at,
        case attributes.source_system when 'salesforce' then 1 when 'hubspot' then 2 else 3 end as system_precedence
    from {{ source('identity', 'person_xref') }} as xref
    inner join {{ ref('int_person_attributes') }} as attributes
        on xref.source_system = attributes.source_system
        and xref.source_id = attributes.source_id
),

ranked_records as (
    select
        *,
        row_number() over (
            partition by person_key
            order by system_precedence, updated_at desc nulls last, source_id
        ) as record_rank
    from records
),

picked_attributes as (
    {{ first_non_null_by_rank('ranked_records', 'person_key', 'record_rank', [
        'full_name', 'email', 'title', 'account_key',
    ]) }}
),

record_summaries as (
    select
        person_key,
        {{ source_ids('salesforce') }} as salesforce_ids,
        {{ source_ids('hubspot') }} as hubspot_ids,
        {{ source_ids('zendesk') }} as zendesk_ids,
        max(updated_at) as last_updated_at
    from records
    group by person_key
),

last_touches as (
    select activities.person_key, max(activities.occurred_at) as last_touched_at
    from {{ ref('fct_activity') }} as activities
    cross join {{ ref('int_as_of') }} as as_of
    where activities.person_key is not null
        and activities.occurred_at <= as_of.as_of
    group by activities.person_key
)

select
    picked_attributes.person_key,
    picked_attributes.full_name,
    picked_attributes.email,
    picked_attributes.title,
    personas.persona,
    personas.department,
    personas.seniority,
    picked_attributes.account_key,
    record_summaries.salesforce_ids,
    record_summaries.hubspot_ids,
    record_summaries.zendesk_ids,
    record_summaries.last_updated_at,
    coalesce(
        {{ utc_date('record_summaries.last_updated_at') }}
            < {{ days_before('as_of.as_of_date', 'settings.stale_after_days') }},
        true
    ) as is_stale,
    last_touches.last_touched_at
from picked_attributes
inner join record_summaries on picked_attributes.person_key = record_summaries.person_key
left join {{ ref('int_title_personas') }} as personas
    on {{ normalised_title('picked_attributes.title') }} = personas.title
left join last_touches on picked_attributes.person_key = last_touches.person_key
cross join {{ ref('int_as_of') }} as as_of
cross join {{ source('program', 'settings') }} as settings
