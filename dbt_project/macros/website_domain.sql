{#
    The host of a website (or a bare domain) as the account's domain: lower case, without scheme,
    "www.", port, path, query or fragment; null when nothing is left, so
    "https://www.Example.co.uk/about" is "example.co.uk". Hosts are kept whole, without a
    public-suffix lookup in SQL: a CRM's website names the company's own site, so its host is the
    registrable domain in all but rare cases (a careers subdomain).
#}
{% macro website_domain(website) -%}
    nullif(
        regexp_replace(
            regexp_replace(regexp_replace(lower(trim({{ website }})), '^[a-z][a-z0-9+.-]*://', ''), '^www[0-9]*[.]', ''),
            '[/:?#].*$',
            ''
        ),
        ''
    )
{%- endmacro %}
