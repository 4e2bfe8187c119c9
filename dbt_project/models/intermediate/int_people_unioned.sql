-- Every live person record of every system in the person shape that identity resolution reads
-- (abe_hub/identity/shapes.py PERSON_COLUMNS, in that order). Mirrors
-- abe_hub/sandbox/identity_frames.py person_frame, which builds the same rows from the sandbox world.
{%- set text = dbt.type_string() %}

with hubspot_companies as (
    -- one primary company per contact, the lowest id when a record carries several
    select contact_source_id, min(company_source_id) as company_source_id
    from {{ ref('stg_hubspot__contact_companies') }}
    group by contact_source_id
)

select
    source_system,
    source_id,
    cast('contact' as {{ text }}) as kind,
    first_name,
    last_name,
    cast(null as {{ text }}) as full_name,
    email,
    phone,
    title,
    cast(null as {{ text }}) as company_name,
    cast(null as {{ text }}) as website,
    country,
    account_source_id
from {{ ref('stg_salesforce__contacts') }}

union all

select
    source_system,
    source_id,
    cast('lead' as {{ text }}) as kind,
    first_name,
    last_name,
    cast(null as {{ text }}) as full_name,
    email,
    phone,
    title,
    company_name,
    website,
    country,
    cast(null as {{ text }}) as account_source_id
from {{ ref('stg_salesforce__leads') }}

union all

-- A HubSpot contact with a primary company is linked like a Salesforce Contact; without one it is
-- matched to an account like a lead.
select
    contacts.source_system,
    contacts.source_id,
    cast(case when hubspot_companies.company_source_id is null then 'lead' else 'contact' end as {{ text }}) as kind,
    contacts.first_name,
    contacts.last_name,
    cast(null as {{ text }}) as full_name,
    contacts.email,
    contacts.phone,
    contacts.title,
    contacts.company_name,
    cast(null as {{ text }}) as website,
    contacts.country,
    hubspot_companies.company_source_id as account_source_id
from {{ ref('stg_hubspot__contacts') }} as contacts
left join hubspot_companies on contacts.source_id = hubspot_companies.contact_source_id

union all

select
    source_system,
    source_id,
    cast('user' as {{ text }}) as kind,
    cast(null as {{ text }}) as first_name,
    cast(null as {{ text }}) as last_name,
    full_name,
    email,
    phone,
    cast(null as {{ text }}) as title,
    cast(null as {{ text }}) as company_name,
    cast(null as {{ text }}) as website,
    cast(null as {{ text }}) as country,
    account_source_id
from {{ ref('stg_zendesk__users') }}
