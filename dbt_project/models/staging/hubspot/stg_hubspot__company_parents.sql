-- Each company's parent company: association type 14 points a child at its parent (13 is the same
-- link seen from the parent, so it is left out rather than counted twice).
with links as (
    {{ hubspot_association_links('companies_companies_links') }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    from_id as company_source_id,
    to_id as parent_source_id,
    type_id as association_type_id,
    label as association_label
from links
where type_id = 14
