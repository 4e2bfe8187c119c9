-- Every live touch of every system in one shape, still keyed by each system's own ids; fct_activity
-- adds the golden account and person. A view, for the reason int_opportunities_unioned is one.
-- The rules for activity_type and function are written out in models/_common__docs.md.
{{ config(materialized='view') }}
{%- set text = dbt.type_string() %}

with salesforce_touches as (
    select
        source_system,
        cast('task' as {{ text }}) as source_object,
        source_id,
        case coalesce(task_subtype, task_type)
            when 'Call' then 'call'
            when 'Email' then 'email'
            when 'ListEmail' then 'email'
            else 'task'
        end as activity_type,
        created_at as occurred_at,
        subject,
        owner_id,
        who_source_id,
        what_source_id
    from {{ ref('stg_salesforce__tasks') }}

    union all

    select
        source_system,
        cast('event' as {{ text }}) as source_object,
        source_id,
        cast('meeting' as {{ text }}) as activity_type,
        starts_at as occurred_at,
        subject,
        owner_id,
        who_source_id,
        what_source_id
    from {{ ref('stg_salesforce__events') }}
),

hubspot_engagements as (
    select
        source_system,
        cast('emails' as {{ text }}) as source_object,
        source_id,
        cast('email' as {{ text }}) as activity_type,
        cast('marketing' as {{ text }}) as function,
        occurred_at,
        subject,
        owner_id
    from {{ ref('stg_hubspot__emails') }}

    union all

    select
        source_system,
        cast('calls' as {{ text }}) as source_object,
        source_id,
        cast('call' as {{ text }}) as activity_type,
        cast('sales_development' as {{ text }}) as function,
        occurred_at,
        title as subject,
        owner_id
    from {{ ref('stg_hubspot__calls') }}

    union all

    select
        source_system,
        cast('meetings' as {{ text }}) as source_object,
        source_id,
        cast('meeting' as {{ text }}) as activity_type,
        cast('sales' as {{ text }}) as function,
        occurred_at,
        title as subject,
        owner_id
    from {{ ref('stg_hubspot__meetings') }}

    union all

    select
        source_system,
        cast('notes' as {{ text }}) as source_object,
        source_id,
        cast('note' as {{ text }}) as activity_type,
        cast('sales' as {{ text }}) as function,
        occurred_at,
        cast(null as {{ text }}) as subject,
        owner_id
    from {{ ref('stg_hubspot__notes') }}
),

-- one contact and one company per engagement, the lowest id when a record carries several
engagement_contacts as (
    select engagement_type, engagement_source_id, min(contact_source_id) as contact_source_id
    from {{ ref('stg_hubspot__engagement_contacts') }}
    group by engagement_type, engagement_source_id
),

engagement_companies as (
    select engagement_type, engagement_source_id, min(company_source_id) as company_source_id
    from {{ ref('stg_hubspot__engagement_companies') }}
    group by engagement_type, engagement_source_id
)

select
    touches.source_system,
    touches.source_object,
    touches.source_id,
    touches.activity_type,
    case users.user_role
        when 'SDR' then 'sales_development'
        when 'CSM' then 'customer_success'
        when 'Marketing' then 'marketing'
        else 'sales'
    end as function,
    touches.occurred_at,
    touches.subject,
    touches.owner_id,
    touches.who_source_id as person_source_id,
    touches.what_source_id as account_source_id
from salesforce_touches as touches
left join {{ ref('stg_salesforce__users') }} as users on touches.owner_id = users.source_id

union all

select
    members.source_system,
    cast('campaignmember' as {{ text }}),
    members.source_id,
    case when members.has_responded then 'campaign_response' else 'campaign_member' end,
    cast('marketing' as {{ text }}),
    case
        when members.has_responded and members.first_responded_date is not null
            then {{ utc_midnight('members.first_responded_date') }}
        else members.created_at
    end,
    campaigns.name,
    campaigns.owner_id,
    coalesce(members.contact_source_id, members.lead_source_id),
    cast(null as {{ text }})
from {{ ref('stg_salesforce__campaign_members') }} as members
left join {{ ref('stg_salesforce__campaigns') }} as campaigns on members.campaign_source_id = campaigns.source_id

union all

select
    engagements.source_system,
    engagements.source_object,
    engagements.source_id,
    engagements.activity_type,
    engagements.function,
    engagements.occurred_at,
    engagements.subject,
    engagements.owner_id,
    engagement_contacts.contact_source_id,
    engagement_companies.company_source_id
from hubspot_engagements as engagements
left join engagement_contacts
    on engagements.source_object = engagement_contacts.engagement_type
    and engagements.source_id = engagement_contacts.engagement_source_id
left join engagement_companies
    on engagements.source_object = engagement_companies.engagement_type
    and engagements.source_id = engagement_companies.engagement_source_id

union all

select
    source_system,
    cast('tickets' as {{ text }}),
    source_id,
    cast('ticket' as {{ text }}),
    cast('customer_success' as {{ text }}),
    created_at,
    subject,
    assignee_source_id,
    requester_source_id,
    organization_source_id
from {{ ref('stg_zendesk__tickets') }}
