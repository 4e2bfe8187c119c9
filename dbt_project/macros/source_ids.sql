{#
    The ids one system holds for a golden record, comma-joined in id order (null when the system
    has none): `salesforce_ids` and the like in the dimensions, so a BI user can open the records.

    A filtered aggregate rather than dbt.listagg over a CASE: the CASE leaves every other system's
    row in the ordered aggregate as a null to sort, and on a million people the filter made
    dim_person's aggregation twice as fast on DuckDB. PostgreSQL reads the same SQL.
#}
{% macro source_ids(system) -%}
    string_agg(source_id, ',' order by source_id) filter (where source_system = '{{ system }}')
{%- endmacro %}
