-- Every golden account's attributes, each from the system of record that has it: Salesforce first,
-- then HubSpot, then Zendesk; within a system the most recently changed record. The owner comes
-- whole (system, id, name) from the first record that names one. Ephemeral: dim_account and
-- account_icp_fit both start from it, and identity must have run first, so it cannot be an
-- intermediate table (those are built before identity).
{{ config(materialized='ephemeral', contract={'enforced': false}) }}

with records as (
    select
        xref.account_key,
        attributes.*,
        case attributes.source_system when 'salesforce' then 1 when 'hubspot' then 2 else 3 end as system_precedence
    from {{ source('identity', 'account_xref') }} as xref
    inner join {{ ref('int_account_attributes') }} as attributes
        on xref.source_system = attributes.source_system
        and xref.source_id = attributes.source_id
),

ranked_records as (
    select
        *,
        row_number() over (
            partition by account_key
            order by system_precedence, updated_at desc nulls last, source_id
        ) as record_rank
    from records
),

picked_attributes as (
    {{ first_non_null_by_rank('ranked_records', 'account_key', 'record_rank', [
        'name', 'domain', 'country', 'country_code', 'industry', 'employees', 'annual_revenue',
    ]) }}
),

owners as (
    select account_key, source_system as owner_system, owner_id, owner_name
    from (
        select
            account_key, source_system, owner_id, owner_name,
            row_number() over (partition by account_key order by record_rank) as owner_rank
        from ranked_records
        where owner_id is not null
    ) as owner_records
    where owner_rank = 1
),

record_summaries as (
    select
        account_key,
        {{ source_ids('salesforce') }} as salesforce_ids,
        {{ source_ids('hubspot') }} as hubspot_ids,
        {{ source_ids('zendesk') }} as zendesk_ids,
        count(*) as source_records,
        min(created_at) as first_created_at
    from records
    group by account_key
)

select
    picked_attributes.account_key,
    picked_attributes.name,
    picked_attributes.domain,
    picked_attributes.country,
    picked_attributes.country_code,
    picked_attributes.industry,
    picked_attributes.employees,
    picked_attributes.annual_revenue,
    {{ employee_size_band('picked_attributes.employees') }} as size_band,
    owners.owner_system,
    owners.owner_id,
    owners.owner_name,
    record_summaries.salesforce_ids,
    record_summaries.hubspot_ids,
    record_summaries.zendesk_ids,
    record_summaries.source_records,
    record_summaries.first_created_at
from picked_attributes
inner join record_summaries on picked_attributes.account_key = record_summaries.account_key
left join owners on picked_attributes.account_key = owners.account_key
