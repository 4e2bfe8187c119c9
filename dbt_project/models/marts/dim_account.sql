-- One row per golden account: what it is (attributes from its system of record), where it sits in
-- its group (identity.account_hierarchy), how well it fits the ICP and whether it is a target
-- (account_icp_fit), whether it is a customer and its lifecycle stage (account_lifecycle).
select
    hierarchy.account_key,
    accounts.name,
    accounts.domain,
    accounts.country,
    accounts.country_code,
    accounts.industry,
    accounts.employees,
    accounts.annual_revenue,
    accounts.size_band,
    accounts.owner_system,
    accounts.owner_id,
    accounts.owner_name,
    accounts.salesforce_ids,
    accounts.hubspot_ids,
    accounts.zendesk_ids,
    cast(accounts.source_records as {{ dbt.type_bigint() }}) as source_records,
    accounts.first_created_at,
    hierarchy.parent_account_key,
    hierarchy.ultimate_parent_key,
    cast(hierarchy.depth as {{ dbt.type_bigint() }}) as depth,
    hierarchy.path,
    icp.fit_score as icp_fit_score,
    icp.icp_tier,
    icp.is_target,
    icp.target_rule,
    lifecycle.is_customer,
    lifecycle.customer_since,
    lifecycle.lifecycle_stage
from {{ source('identity', 'account_hierarchy') }} as hierarchy
left join {{ ref('int_golden_accounts') }} as accounts on hierarchy.account_key = accounts.account_key
left join {{ ref('account_icp_fit') }} as icp on hierarchy.account_key = icp.account_key
left join {{ ref('account_lifecycle') }} as lifecycle on hierarchy.account_key = lifecycle.account_key
