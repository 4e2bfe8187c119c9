{#
    `select <column> ... from <source table>`, each column cast to a portable type.

    dlt creates a column only once a non-null value arrives (Zendesk `deleted_at` appears with the
    first deleted organization, `label` on HubSpot company links never), and a child table only
    once a list has an item. A staging view must not break on a young warehouse, so a column or
    table that does not exist yet reads as nulls of the declared type. Every `dbt build` recreates
    the views, so the night after dlt creates the column the view reads it.

    columns: {name: type}, type one of text, bigint, double, boolean, date, timestamp.
#}
{% macro source_columns(source_name, table_name, columns) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set existing = none -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- set existing = [] if found is none else adapter.get_columns_in_relation(found)
            | map(attribute='name') | map('lower') | list -%}
    {%- endif -%}
    select
    {%- for name, type in columns.items() %}
        {% if existing is none or name in existing -%}
            cast({{ adapter.quote(name) }} as {{ portable_type(type) }})
        {%- else -%}
            cast(null as {{ portable_type(type) }})
        {%- endif %} as {{ adapter.quote(name) }}{{ "," if not loop.last }}
    {%- endfor %}
    {%- if existing is none or existing %}
    from {{ relation }}
    {%- else %}
    where 1 = 0
    {%- endif %}
{%- endmacro %}


{# The same SQL type on DuckDB and PostgreSQL; timestamps keep their time zone (dlt loads UTC instants). #}
{% macro portable_type(type) -%}
    {%- if type == 'text' -%} {{ dbt.type_string() }}
    {%- elif type == 'bigint' -%} {{ dbt.type_bigint() }}
    {%- elif type == 'double' -%} double precision
    {%- elif type == 'boolean' -%} {{ dbt.type_boolean() }}
    {%- elif type == 'date' -%} date
    {%- elif type == 'timestamp' -%} timestamp with time zone
    {%- else -%} {{ exceptions.raise_compiler_error("source_columns: unknown type '" ~ type ~ "'; use text, bigint, double, boolean, date or timestamp") }}
    {%- endif -%}
{%- endmacro %}
