-- An organization's domain names, one row each in Zendesk's order (domain_index 0 is the first),
-- keyed by the organization's id instead of dlt's parent row id.
with organizations as (
    {{ source_columns('zendesk', 'organizations', {
        'id': 'bigint',
        'deleted_at': 'timestamp',
        '_dlt_id': 'text',
    }) }}
),

domain_names as (
    {{ source_columns('zendesk', 'organizations__domain_names', {
        'value': 'text',
        '_dlt_list_idx': 'bigint',
        '_dlt_parent_id': 'text',
    }) }}
)

select
    cast('zendesk' as {{ dbt.type_string() }}) as source_system,
    cast(organizations.id as {{ dbt.type_string() }}) as organization_source_id,
    domain_names.value as domain,
    domain_names._dlt_list_idx as domain_index
from domain_names
inner join organizations on domain_names._dlt_parent_id = organizations._dlt_id
where organizations.deleted_at is null
