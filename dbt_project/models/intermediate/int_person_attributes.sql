-- Every live person record with what the person dimension shows beyond the identity shape: one
-- whole name, the email and title as typed, and when the system last changed the record (the
-- freshness the coverage standard counts). One row per record, like int_people_unioned.
{%- set text = dbt.type_string() %}

with records as (
    select source_system, source_id, first_name, last_name, full_name, email, title, created_at, updated_at
    from {{ ref('stg_salesforce__contacts') }}

    union all

    select source_system, source_id, first_name, last_name, full_name, email, title, created_at, updated_at
    from {{ ref('stg_salesforce__leads') }}

    union all

    select
        source_system, source_id, first_name, last_name, cast(null as {{ text }}), email, title, created_at, updated_at
    from {{ ref('stg_hubspot__contacts') }}

    union all

    select
        source_system, source_id, cast(null as {{ text }}), cast(null as {{ text }}), full_name, email,
        cast(null as {{ text }}), created_at, updated_at
    from {{ ref('stg_zendesk__users') }}
)

select
    source_system,
    source_id,
    coalesce(
        nullif(trim(full_name), ''),
        nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), '')
    ) as full_name,
    nullif(trim(email), '') as email,
    nullif(trim(title), '') as title,
    created_at,
    updated_at
from records
