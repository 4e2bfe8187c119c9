-- The contacts on each deal, one row per link as HubSpot holds it.
with links as (
    {{ hubspot_association_links('deals_contacts_links') }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    from_id as deal_source_id,
    to_id as contact_source_id,
    type_id as association_type_id,
    label as association_label
from links
