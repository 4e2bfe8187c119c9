-- Every live account record of every system in the account shape that identity resolution reads
-- (abe_hub/identity/shapes.py ACCOUNT_COLUMNS, in that order). Mirrors
-- abe_hub/sandbox/identity_frames.py account_frame, which builds the same rows from the sandbox world.
{%- set text = dbt.type_string() %}

with hubspot_parents as (
    -- one parent per company, the lowest id when a record carries several
    select company_source_id, min(parent_source_id) as parent_source_id
    from {{ ref('stg_hubspot__company_parents') }}
    group by company_source_id
),

zendesk_first_domains as (
    select organization_source_id, domain
    from {{ ref('stg_zendesk__organization_domains') }}
    where domain_index = 0
)

select
    source_system,
    source_id,
    name,
    website,
    cast(null as {{ text }}) as domain,
    country,
    city,
    phone,
    parent_source_id,
    cast(null as {{ text }}) as external_id
from {{ ref('stg_salesforce__accounts') }}

union all

select
    companies.source_system,
    companies.source_id,
    companies.name,
    companies.website,
    companies.domain,
    companies.country,
    companies.city,
    companies.phone,
    hubspot_parents.parent_source_id,
    cast(null as {{ text }}) as external_id
from {{ ref('stg_hubspot__companies') }} as companies
left join hubspot_parents on companies.source_id = hubspot_parents.company_source_id

union all

select
    organizations.source_system,
    organizations.source_id,
    organizations.name,
    cast(null as {{ text }}) as website,
    zendesk_first_domains.domain,
    cast(null as {{ text }}) as country,
    cast(null as {{ text }}) as city,
    cast(null as {{ text }}) as phone,
    cast(null as {{ text }}) as parent_source_id,
    organizations.external_id
from {{ ref('stg_zendesk__organizations') }} as organizations
left join zendesk_first_domains on organizations.source_id = zendesk_first_domains.organization_source_id
