-- Every live account record with the attributes the marts describe an account by (domain, country
-- code, industry, size, revenue, owner), one row per record like int_accounts_unioned, whose column
-- list identity resolution fixes. The marts put these on golden accounts through identity.account_xref.
with salesforce_owners as (
    select source_id, full_name
    from {{ ref('stg_salesforce__users') }}
),

hubspot_owners as (
    select source_id, nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), '') as full_name
    from {{ ref('stg_hubspot__owners') }}
),

zendesk_first_domains as (
    select organization_source_id, domain
    from {{ ref('stg_zendesk__organization_domains') }}
    where domain_index = 0
),

records as (
    select
        accounts.source_system,
        accounts.source_id,
        accounts.name,
        {{ website_domain('accounts.website') }} as domain,
        accounts.country,
        accounts.industry,
        accounts.number_of_employees as employees,
        accounts.annual_revenue,
        accounts.owner_id,
        salesforce_owners.full_name as owner_name,
        accounts.created_at,
        accounts.updated_at
    from {{ ref('stg_salesforce__accounts') }} as accounts
    left join salesforce_owners on accounts.owner_id = salesforce_owners.source_id

    union all

    select
        companies.source_system,
        companies.source_id,
        companies.name,
        coalesce({{ website_domain('companies.domain') }}, {{ website_domain('companies.website') }}),
        companies.country,
        companies.industry,
        companies.number_of_employees,
        companies.annual_revenue,
        companies.owner_id,
        hubspot_owners.full_name,
        companies.created_at,
        companies.updated_at
    from {{ ref('stg_hubspot__companies') }} as companies
    left join hubspot_owners on companies.owner_id = hubspot_owners.source_id

    union all

    select
        organizations.source_system,
        organizations.source_id,
        organizations.name,
        {{ website_domain('zendesk_first_domains.domain') }},
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_bigint() }}),
        cast(null as double precision),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        organizations.created_at,
        organizations.updated_at
    from {{ ref('stg_zendesk__organizations') }} as organizations
    left join zendesk_first_domains on organizations.source_id = zendesk_first_domains.organization_source_id
)

select
    records.source_system,
    records.source_id,
    nullif(trim(records.name), '') as name,
    records.domain,
    nullif(trim(records.country), '') as country,
    country_labels.country_code,
    nullif(trim(records.industry), '') as industry,
    records.employees,
    records.annual_revenue,
    records.owner_id,
    records.owner_name,
    records.created_at,
    records.updated_at
from records
left join {{ ref('country_labels') }} as country_labels
    on {{ country_label_key('records.country') }} = country_labels.label_key
