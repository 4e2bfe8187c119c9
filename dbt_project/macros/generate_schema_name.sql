{#
    Models land in the schema their folder names (`staging`, `intermediate`, `marts`), as the
    warehouse contract says, not in dbt's default `<target schema>_<name>`. `schema_prefix` keeps
    side-by-side runs (tests on one PostgreSQL database) apart.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ var('schema_prefix', env_var('ABE_HUB_DATASET_PREFIX', '')) }}{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
