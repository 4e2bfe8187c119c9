{#
    A country as written in a source (ISO code, English, official or local name) folded to the key
    the seed `country_labels` is keyed by: lower case, dots and apostrophes dropped (as identity's
    folding joins "U.S.A." into "usa"), every other run of ASCII spaces and punctuation one space,
    trimmed, a leading "the" dropped. abe_hub.reference.country_label_key folds alike in Python,
    which is how the seed is written, so "United Kingdom", "U.K." and "the Netherlands" find their code.
#}
{% macro country_label_key(value) -%}
    regexp_replace(
        trim(regexp_replace(regexp_replace(lower({{ value }}), '[.''`]', '', 'g'), '[[:space:][:punct:]]+', ' ', 'g')),
        '^the ',
        ''
    )
{%- endmacro %}
