{#
    No two rows share the same values in these columns (a compound key such as
    source_system + source_id). Written here because the project installs no packages: dbt must
    not reach the internet, so `dbt deps` never runs.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select {{ combination_of_columns | join(', ') }}, count(*) as rows_with_key
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
