{#
    Day arithmetic for the program's day-based windows (staleness, win-back, health look-back,
    ISO weeks), on UTC days (macro utc_date), so no session time zone or daylight-saving shift enters.
#}

{# The day `days` days before `day` (negative `days`: after), for day counts of any integer type:
   PostgreSQL subtracts only an integer from a date, and program settings are bigint. #}
{% macro days_before(day, days) -%}
    ({{ day }} - cast({{ days }} as integer))
{%- endmacro %}

{# The Monday of the ISO week a day falls in; arithmetic on the day, so no session time zone enters. #}
{% macro week_start(day) -%}
    {{ days_before(day, 'extract(isodow from ' ~ day ~ ') - 1') }}
{%- endmacro %}
