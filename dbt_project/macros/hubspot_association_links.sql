{#
    Every current link of one HubSpot association table: `from_id, to_id, type_id, label`.

    The connector keeps a record's links as one parent row (replaced whole when the record changes,
    so links stay right on incremental nights) and a child table of its links; this joins the two.
#}
{% macro hubspot_association_links(table_name) -%}
    with associations as (
        {{ source_columns('hubspot', table_name, {'from_id': 'text', '_dlt_id': 'text'}) }}
    ),

    links as (
        {{ source_columns('hubspot', table_name ~ '__links', {
            'to_id': 'text',
            'type_id': 'bigint',
            'label': 'text',
            '_dlt_parent_id': 'text',
        }) }}
    )

    select associations.from_id, links.to_id, links.type_id, links.label
    from links
    inner join associations on links._dlt_parent_id = associations._dlt_id
{%- endmacro %}
