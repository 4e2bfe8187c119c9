{#
    True when the regular expression `pattern` occurs anywhere in `value`, ignoring case: the same
    test as Python's re.search(pattern, value, re.IGNORECASE), which the program's persona rules are
    written for (abe_hub/program/patterns.py keeps them to the subset all three engines read alike).

    DuckDB (RE2) takes the pattern as written. PostgreSQL spells a word boundary \y, not \b, so \b is
    translated; the program refuses literal backslashes, so no \\b can be mistaken for one.
#}
{% macro regex_matches_ci(value, pattern) -%}
    {{ return(adapter.dispatch('regex_matches_ci')(value, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches_ci(value, pattern) -%}
    regexp_matches({{ value }}, {{ pattern }}, 'i')
{%- endmacro %}

{% macro postgres__regex_matches_ci(value, pattern) -%}
    ({{ value }} ~* replace({{ pattern }}, '\b', '\y'))
{%- endmacro %}
