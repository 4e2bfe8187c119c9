{#
    Dates and instants converted in UTC, never in the session's time zone.

    A cast between `timestamp with time zone` and `date` uses the session's time zone on both
    DuckDB and PostgreSQL, so the same row would fall on another day on another machine. dlt loads
    UTC instants and the systems write dates in UTC, so UTC is the one zone that keeps them equal.
#}

{# The UTC calendar day an instant falls on. #}
{% macro utc_date(instant) -%}
    cast(({{ instant }}) at time zone 'UTC' as date)
{%- endmacro %}

{# Midnight UTC at the start of a day, as an instant. #}
{% macro utc_midnight(day) -%}
    (cast({{ day }} as timestamp) at time zone 'UTC')
{%- endmacro %}
