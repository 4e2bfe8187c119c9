-- Every live opportunity of Salesforce (Opportunities) and HubSpot (deals) in one shape, still keyed
-- by each system's own ids; fct_opportunity adds the golden account. A view: only that mart reads it,
-- after identity resolution, so writing the rows here too would only double the night's work.
{{ config(materialized='view') }}

with salesforce_owners as (
    select source_id, full_name
    from {{ ref('stg_salesforce__users') }}
),

hubspot_owners as (
    select source_id, nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), '') as full_name
    from {{ ref('stg_hubspot__owners') }}
),

hubspot_companies as (
    -- one primary company per deal, the lowest id when a record carries several
    select deal_source_id, min(company_source_id) as company_source_id
    from {{ ref('stg_hubspot__deal_companies') }}
    group by deal_source_id
)

select
    opportunities.source_system,
    opportunities.source_id,
    opportunities.account_source_id,
    opportunities.name,
    opportunities.stage,
    opportunities.is_won,
    opportunities.is_closed,
    opportunities.amount,
    opportunities.currency,
    {{ business_type("opportunities.opportunity_type", "'New Business'", "'Existing Business'") }} as opportunity_type,
    opportunities.created_at,
    opportunities.close_date,
    opportunities.owner_id,
    salesforce_owners.full_name as owner_name
from {{ ref('stg_salesforce__opportunities') }} as opportunities
left join salesforce_owners on opportunities.owner_id = salesforce_owners.source_id

union all

-- HubSpot's own flags where the portal has them; otherwise the default pipeline's closed stages.
select
    deals.source_system,
    deals.source_id,
    hubspot_companies.company_source_id as account_source_id,
    deals.name,
    deals.stage,
    coalesce(deals.is_closed_won, deals.stage = 'closedwon') as is_won,
    coalesce(deals.is_closed, deals.stage in ('closedwon', 'closedlost')) as is_closed,
    deals.amount,
    deals.currency,
    {{ business_type("deals.deal_type", "'newbusiness'", "'existingbusiness'") }} as opportunity_type,
    deals.created_at,
    deals.close_date,
    deals.owner_id,
    hubspot_owners.full_name as owner_name
from {{ ref('stg_hubspot__deals') }} as deals
left join hubspot_companies on deals.source_id = hubspot_companies.deal_source_id
left join hubspot_owners on deals.owner_id = hubspot_owners.source_id
