{#
    An opportunity's type in one vocabulary for every system: `new_business`, `existing_business`,
    `other` for any other value the system allows (a renewal picklist value, say), null when unset.
    Each system spells the two standard types its own way, so the caller names them.
#}
{% macro business_type(column, new_business, existing_business) -%}
    case
        when {{ column }} is null then null
        when {{ column }} = {{ new_business }} then 'new_business'
        when {{ column }} = {{ existing_business }} then 'existing_business'
        else 'other'
    end
{%- endmacro %}
