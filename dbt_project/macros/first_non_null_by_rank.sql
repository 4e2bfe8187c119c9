{#
    One row per `key` of the CTE or relation `ranked`, each of `columns` taken from the best-ranked
    row (lowest `rank`, unique within a key) where that column is not null: a golden record's values,
    each from the system of record that has one (Salesforce first, then HubSpot, then Zendesk).

    Two aggregations instead of FIRST_VALUE(... IGNORE NULLS), which PostgreSQL lacks. Columns of any
    type but boolean (PostgreSQL has no max(boolean)).
#}
{% macro first_non_null_by_rank(ranked, key, rank, columns) -%}
    select
        ranked.{{ key }},
        {%- for column in columns %}
        max(case when ranked.{{ rank }} = first_ranks.{{ column }}_rank then ranked.{{ column }} end) as {{ column }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ ranked }} as ranked
    inner join (
        select
            {{ key }},
            {%- for column in columns %}
            min(case when {{ column }} is not null then {{ rank }} end) as {{ column }}_rank
            {{- "," if not loop.last }}
            {%- endfor %}
        from {{ ranked }}
        group by {{ key }}
    ) as first_ranks on ranked.{{ key }} = first_ranks.{{ key }}
    group by ranked.{{ key }}
{%- endmacro %}
