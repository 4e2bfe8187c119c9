{#
    A job title as the persona rules see it: ASCII whitespace runs collapsed to one space, trimmed,
    lower case; null when nothing is left. The same as abe_hub.program.normalised_title, so a title
    is classified alike in Python and SQL, and marts join people to int_title_personas on
    normalised_title(title) = int_title_personas.title.
#}
{% macro normalised_title(title) -%}
    nullif(trim(lower(regexp_replace({{ title }}, '[\t\n\v\f\r ]+', ' ', 'g'))), '')
{%- endmacro %}
