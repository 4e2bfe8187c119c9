-- Every golden account's ICP fit: the points each program criterion (source program.icp_rules)
-- gives it, the total 0-100, its tier (program.icp_tiers) and whether the target list
-- (program.target_accounts) takes it. The rules are documented on the columns (_abe__models.yml).
with accounts as (
    select account_key, name, domain, industry, country_code, employees, annual_revenue, size_band
    from {{ ref('int_golden_accounts') }}
),

rules as (
    select criterion, weight, value, min_value, max_value
    from {{ source('program', 'icp_rules') }}
),

customers as (
    select account_key
    from {{ ref('int_account_opportunities') }}
    where won_opportunities > 0
),

-- The look-alike profile: industry (as any system spells it, lower case), country and size band;
-- an account with any of the three unknown has no profile.
profiles as (
    select
        accounts.account_key,
        case
            when accounts.industry is not null and accounts.country_code is not null and accounts.size_band is not null
                then lower(accounts.industry) || '|' || accounts.country_code || '|' || accounts.size_band
        end as profile,
        customers.account_key is not null as is_customer
    from accounts
    left join customers on accounts.account_key = customers.account_key
),

customers_by_profile as (
    select profile, count(*) as customers
    from profiles
    where is_customer and profile is not null
    group by profile
),

largest_profile as (
    select max(customers) as customers
    from customers_by_profile
),

lookalikes as (
    select
        profiles.account_key,
        -- the other customers with the same profile: a customer does not count as its own look-alike
        coalesce(customers_by_profile.customers, 0) - case when profiles.is_customer and profiles.profile is not null then 1 else 0 end
            as lookalike_customers,
        largest_profile.customers as largest_profile_customers
    from profiles
    left join customers_by_profile on profiles.profile = customers_by_profile.profile
    cross join largest_profile
),

criterion_weights as (
    select criterion, max(weight) as weight
    from rules
    group by criterion
),

points as (
    select
        accounts.account_key,
        coalesce(industry_rules.weight, 0) as industry_points,
        coalesce(employee_rules.weight, 0) as employees_points,
        coalesce(revenue_rules.weight, 0) as annual_revenue_points,
        coalesce(country_rules.weight, 0) as country_points,
        lookalikes.lookalike_customers,
        case
            when lookalikes.largest_profile_customers > 0
                then cast(lookalikes.lookalike_customers as double precision) / lookalikes.largest_profile_customers
            else 0
        end as lookalike_share
    from accounts
    inner join lookalikes on accounts.account_key = lookalikes.account_key
    left join rules as industry_rules
        on industry_rules.criterion = 'industry'
        and industry_rules.value = lower(accounts.industry)
    left join rules as country_rules
        on country_rules.criterion = 'country'
        and country_rules.value = accounts.country_code
    left join rules as employee_rules
        on employee_rules.criterion = 'employees'
        and accounts.employees >= coalesce(employee_rules.min_value, accounts.employees)
        and accounts.employees <= coalesce(employee_rules.max_value, accounts.employees)
    left join rules as revenue_rules
        on revenue_rules.criterion = 'annual_revenue'
        and accounts.annual_revenue >= coalesce(revenue_rules.min_value, accounts.annual_revenue)
        and accounts.annual_revenue <= coalesce(revenue_rules.max_value, accounts.annual_revenue)
),

scores as (
    select
        points.*,
        coalesce(lookalike_weight.weight, 0) * points.lookalike_share as lookalike_points,
        points.industry_points + points.employees_points + points.annual_revenue_points + points.country_points
            + coalesce(lookalike_weight.weight, 0) * points.lookalike_share as fit_score
    from points
    left join criterion_weights as lookalike_weight on lookalike_weight.criterion = 'closed_won_lookalike'
),

tiers as (
    select
        scores.account_key,
        min(icp_tiers.tier_rank) as tier_rank
    from scores
    inner join {{ source('program', 'icp_tiers') }} as icp_tiers on scores.fit_score >= icp_tiers.min_score
    group by scores.account_key
),

target_rules as (
    select rule, value
    from {{ source('program', 'target_accounts') }}
),

scored_accounts as (
    select
        accounts.*,
        scores.industry_points,
        scores.employees_points,
        scores.annual_revenue_points,
        scores.country_points,
        scores.lookalike_customers,
        scores.lookalike_share,
        scores.lookalike_points,
        scores.fit_score,
        icp_tiers.tier as icp_tier,
        icp_tiers.tier_rank as icp_tier_rank
    from accounts
    inner join scores on accounts.account_key = scores.account_key
    left join tiers on accounts.account_key = tiers.account_key
    left join {{ source('program', 'icp_tiers') }} as icp_tiers on tiers.tier_rank = icp_tiers.tier_rank
),

targeted_accounts as (
    select
        scored_accounts.*,
        case
            when exists (select 1 from target_rules where rule = 'icp_tier' and value = scored_accounts.icp_tier)
                then 'icp_tier'
            when exists (select 1 from target_rules where rule = 'domain' and value = scored_accounts.domain)
                then 'domain'
            when exists (select 1 from target_rules where rule = 'name' and lower(value) = lower(scored_accounts.name))
                then 'name'
        end as target_rule
    from scored_accounts
)

select
    account_key,
    industry,
    country_code,
    employees,
    annual_revenue,
    size_band,
    industry_points,
    employees_points,
    annual_revenue_points,
    country_points,
    cast(lookalike_customers as {{ dbt.type_bigint() }}) as lookalike_customers,
    lookalike_share,
    lookalike_points,
    fit_score,
    icp_tier,
    icp_tier_rank,
    target_rule is not null as is_target,
    target_rule
from targeted_accounts
