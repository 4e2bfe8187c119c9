-- Each deal's primary company (association type 5). Other deal -> company links (type 341) are left
-- out: a deal counts for the one company HubSpot itself treats as the deal's.
with links as (
    {{ hubspot_association_links('deals_companies_links') }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    from_id as deal_source_id,
    to_id as company_source_id,
    type_id as association_type_id,
    label as association_label
from links
where type_id = 5
