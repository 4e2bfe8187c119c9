{#
    The ids one system holds for a golden record, comma-joined in id order (null when the system
    has none): `salesforce_ids` and the like in the dimensions, so a BI user can open the records.
#}
{% macro source_ids(system) -%}
    {{ dbt.listagg(
        "case when source_system = '" ~ system ~ "' then source_id end",
        "','",
        "order by source_id"
    ) }}
{%- endmacro %}
