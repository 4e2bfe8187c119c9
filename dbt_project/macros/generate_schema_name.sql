{#
    Models land in the schema their folder names (`staging`, `intermediate`, `marts`), as the
    warehouse contract says, not in dbt's default `<target schema>_<name>`. `schema_prefix` keeps
    side-by-side runs (tests on one PostgreSQL database) apart.

    `marts_build_suffix` (default $ABE_HUB_MARTS_BUILD_SUFFIX, empty) sends the marts to a build
    schema instead: on PostgreSQL, where BI reads the `marts` schema itself, Dagster builds them in
    `marts_build` and publishing swaps a copy in once they are complete (abe_hub/publish/). On
    DuckDB the marts have a file of their own (profiles.yml), published whole: their schema there is
    `marts`, as BI reads it, and the file's name carries the prefix.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif custom_schema_name | trim == 'marts' and target.type == 'duckdb' -%}
        marts
    {%- else -%}
        {%- set name = custom_schema_name | trim -%}
        {%- if name == 'marts' -%}
            {%- set name = name ~ var('marts_build_suffix', env_var('ABE_HUB_MARTS_BUILD_SUFFIX', '')) -%}
        {%- endif -%}
        {{ var('schema_prefix', env_var('ABE_HUB_DATASET_PREFIX', '')) }}{{ name }}
    {%- endif -%}
{%- endmacro %}
