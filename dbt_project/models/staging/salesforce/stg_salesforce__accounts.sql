with accounts as (
    {{ source_columns('salesforce', 'account', {
        'id': 'text',
        'name': 'text',
        'website': 'text',
        'billing_country': 'text',
        'billing_city': 'text',
        'phone': 'text',
        'parent_id': 'text',
        'master_record_id': 'text',
        'industry': 'text',
        'type': 'text',
        'number_of_employees': 'bigint',
        'annual_revenue': 'double',
        'owner_id': 'text',
        'region__c': 'text',
        'account_tier__c': 'text',
        'customer_since__c': 'date',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    name,
    website,
    billing_country as country,
    billing_city as city,
    phone,
    parent_id as parent_source_id,
    industry,
    type as account_type,
    number_of_employees,
    annual_revenue,
    owner_id,
    region__c as region,
    account_tier__c as account_tier,
    customer_since__c as customer_since,
    created_date as created_at,
    system_modstamp as updated_at
from accounts
where not coalesce(is_deleted, false)
