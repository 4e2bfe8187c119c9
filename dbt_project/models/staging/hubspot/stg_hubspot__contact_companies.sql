-- Each contact's primary company (association type 1). Other contact -> company links (type 279)
-- are left out: identity resolution wants the one company HubSpot itself treats as the contact's.
with links as (
    {{ hubspot_association_links('contacts_companies_links') }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    from_id as contact_source_id,
    to_id as company_source_id,
    type_id as association_type_id,
    label as association_label
from links
where type_id = 1
