-- Each contact's primary company (association type 1), out of dlt's parent row + links child table.
-- Other contact -> company links (type 279) are left out: identity resolution wants the one
-- company HubSpot itself treats as the contact's.
with associations as (
    {{ source_columns('hubspot', 'contacts_to_companies', {
        'from_id': 'text',
        '_dlt_id': 'text',
    }) }}
),

links as (
    {{ source_columns('hubspot', 'contacts_to_companies__links', {
        'to_id': 'text',
        'type_id': 'bigint',
        'label': 'text',
        '_dlt_parent_id': 'text',
    }) }}
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    associations.from_id as contact_source_id,
    links.to_id as company_source_id,
    links.type_id as association_type_id,
    links.label as association_label
from links
inner join associations on links._dlt_parent_id = associations._dlt_id
where links.type_id = 1
