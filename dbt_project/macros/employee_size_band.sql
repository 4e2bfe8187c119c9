{#
    Head count in bands, the size an ICP look-alike is compared on: 1-49, 50-199, 200-999,
    1000-4999, 5000+; null when the head count is unknown or not positive. Bands rather than the
    number itself, because systems round head counts differently and a look-alike is about scale.
#}
{% macro employee_size_band(employees) -%}
    case
        when {{ employees }} is null or {{ employees }} < 1 then null
        when {{ employees }} < 50 then '1-49'
        when {{ employees }} < 200 then '50-199'
        when {{ employees }} < 1000 then '200-999'
        when {{ employees }} < 5000 then '1000-4999'
        else '5000+'
    end
{%- endmacro %}
