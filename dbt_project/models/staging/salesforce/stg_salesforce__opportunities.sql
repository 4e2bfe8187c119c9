with opportunities as (
    {{ source_columns('salesforce', 'opportunity', {
        'id': 'text',
        'account_id': 'text',
        'name': 'text',
        'stage_name': 'text',
        'amount': 'double',
        'currency_iso_code': 'text',
        'close_date': 'date',
        'probability': 'double',
        'is_closed': 'boolean',
        'is_won': 'boolean',
        'type': 'text',
        'lead_source': 'text',
        'forecast_category_name': 'text',
        'owner_id': 'text',
        'loss_reason__c': 'text',
        'competitor__c': 'text',
        'created_date': 'timestamp',
        'system_modstamp': 'timestamp',
        'is_deleted': 'boolean',
    }) }}
)

select
    cast('salesforce' as {{ dbt.type_string() }}) as source_system,
    id as source_id,
    account_id as account_source_id,
    name,
    stage_name as stage,
    amount,
    -- only multi-currency orgs have CurrencyIsoCode; elsewhere every amount is in the org's one currency
    currency_iso_code as currency,
    close_date,
    probability,
    is_closed,
    is_won,
    type as opportunity_type,
    lead_source,
    forecast_category_name as forecast_category,
    owner_id,
    loss_reason__c as loss_reason,
    competitor__c as competitor,
    created_date as created_at,
    system_modstamp as updated_at
from opportunities
where not coalesce(is_deleted, false)
