-- The instant the marts describe, one row: the var `as_of` when set, else the newest change any
-- system reported for a live record, never later than now. Taken from the data rather than the
-- clock, so a night that is run again over the same data converges to the same marts, and the
-- sandbox world (whose clock stands still until advanced) is described as of its own day.
{%- set changed_records = [
    'stg_salesforce__accounts', 'stg_salesforce__contacts', 'stg_salesforce__leads', 'stg_salesforce__opportunities',
    'stg_hubspot__companies', 'stg_hubspot__contacts', 'stg_hubspot__deals',
    'stg_zendesk__organizations', 'stg_zendesk__users', 'stg_zendesk__tickets',
] %}
{%- set as_of = var('as_of', none) %}

with latest_changes as (
    {%- for model in changed_records %}
    select max(updated_at) as changed_at from {{ ref(model) }}
    {{- " union all" if not loop.last }}
    {%- endfor %}
),

as_of_instant as (
    select
        {%- if as_of %}
        cast('{{ as_of }}' as timestamp with time zone) as as_of
        {%- else %}
        least(coalesce(max(changed_at), current_timestamp), current_timestamp) as as_of
        {%- endif %}
    from latest_changes
)

select
    as_of,
    {{ utc_date('as_of') }} as as_of_date
from as_of_instant
