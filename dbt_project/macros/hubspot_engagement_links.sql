{#
    Every link from HubSpot's engagement objects (emails, calls, meetings, notes) to one object
    type: `source_system, engagement_type, engagement_source_id, <to_column>, association_type_id`.

    Each engagement object has its own association table (emails_contacts_links, calls_contacts_links...);
    one shape for all four lets the activity models treat an engagement of any type alike.
#}
{% macro hubspot_engagement_links(to_object, to_column) -%}
    {%- set engagements = ['emails', 'calls', 'meetings', 'notes'] -%}
    with
    {%- for engagement in engagements %}
    {{ engagement }}_links as (
        {{ hubspot_association_links(engagement ~ '_' ~ to_object ~ '_links') }}
    ){{ "," if not loop.last }}
    {%- endfor %}

    {% for engagement in engagements -%}
    select
        cast('hubspot' as {{ dbt.type_string() }}) as source_system,
        cast('{{ engagement }}' as {{ dbt.type_string() }}) as engagement_type,
        from_id as engagement_source_id,
        to_id as {{ to_column }},
        type_id as association_type_id
    from {{ engagement }}_links
    {{ "union all" if not loop.last }}
    {% endfor -%}
{%- endmacro %}
