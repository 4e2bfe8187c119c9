{#
    Every current link of one HubSpot association table: `from_id, to_id, type_id, label`.

    The connector writes a row per link, and a row without a link for a record that has none, and
    merges them on `from_id`: a changed record's links replace its old ones, even when it has none
    left. A record read twice in one sync (at a search window's edge) repeats its links, so they
    are read distinct.
#}
{% macro hubspot_association_links(table_name) -%}
    select distinct from_id, to_id, type_id, label
    from (
        {{ source_columns('hubspot', table_name, {
            'from_id': 'text',
            'to_id': 'text',
            'type_id': 'bigint',
            'label': 'text',
        }) }}
    ) as links
    where to_id is not null
{%- endmacro %}
