-- Each company's parent company: association type 14 points a child at its parent (13 is the same
-- link seen from the parent, so it is left out rather than counted twice).
with associations as (
    {{ source_columns('hubspot', 'companies_to_companies', {
        'from_id': 'text',
        '_dlt_id': 'text',
    }) }}
),

links as (
    {{ source_columns('hubspot', 'companies_to_companies__links', {
        'to_id': 'text',
        'type_id': 'bigint',
        'label': 'text',
        '_dlt_parent_id': 'text',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    associations.from_id as company_source_id,
    links.to_id as parent_source_id,
    links.type_id as association_type_id,
    links.label as association_label
from links
inner join associations on links._dlt_parent_id = associations._dlt_id
where links.type_id = 14
