-- The program's coverage standards in one row: are all target accounts in the warehouse (the 100%
-- standard: a target named by domain or name that no golden account carries is missing), and how
-- many target accounts reach the persona minimum and target (account_coverage).
{%- set text = dbt.type_string() %}

with target_accounts as (
    select account_key, domain, name
    from {{ ref('dim_account') }}
    where is_target
),

named_targets as (
    select rule, value
    from {{ source('program', 'target_accounts') }}
    where rule in ('domain', 'name')
),

missing_named_targets as (
    select named_targets.rule, named_targets.value
    from named_targets
    where not exists (
        select 1
        from {{ ref('dim_account') }} as accounts
        where (named_targets.rule = 'domain' and accounts.domain = named_targets.value)
            or (named_targets.rule = 'name' and lower(accounts.name) = lower(named_targets.value))
    )
),

missing_summary as (
    select
        count(*) as missing_targets,
        {{ dbt.listagg("rule || ' ' || value", "', '", "order by rule, value") }} as missing_target_names
    from missing_named_targets
),

persona_summary as (
    select
        count(*) as covered_accounts,
        sum(case when meets_standard then 1 else 0 end) as accounts_meeting_standard,
        sum(case when meets_target then 1 else 0 end) as accounts_meeting_target,
        avg(personas_covered_share) as average_personas_covered_share,
        sum(stale_people) as stale_people,
        sum(people) as people
    from {{ ref('account_coverage') }}
),

presence as (
    select
        (select count(*) from target_accounts) as target_accounts,
        (select count(*) from named_targets) as named_targets,
        missing_summary.missing_targets,
        missing_summary.missing_target_names
    from missing_summary
)

select
    settings.program_name,
    cast(presence.target_accounts as {{ dbt.type_bigint() }}) as target_accounts,
    cast(presence.named_targets as {{ dbt.type_bigint() }}) as named_targets,
    cast(presence.missing_targets as {{ dbt.type_bigint() }}) as missing_targets,
    cast(presence.missing_target_names as {{ text }}) as missing_target_names,
    case
        when presence.target_accounts + presence.missing_targets > 0
            then cast(presence.target_accounts as double precision) / (presence.target_accounts + presence.missing_targets)
    end as target_accounts_present_share,
    presence.target_accounts + presence.missing_targets > 0
        and cast(presence.target_accounts as double precision) / (presence.target_accounts + presence.missing_targets)
            >= settings.coverage_accounts_target as meets_accounts_standard,
    cast(coalesce(persona_summary.accounts_meeting_standard, 0) as {{ dbt.type_bigint() }}) as accounts_meeting_persona_standard,
    cast(coalesce(persona_summary.accounts_meeting_target, 0) as {{ dbt.type_bigint() }}) as accounts_meeting_persona_target,
    persona_summary.average_personas_covered_share,
    cast(coalesce(persona_summary.people, 0) as {{ dbt.type_bigint() }}) as target_account_people,
    cast(coalesce(persona_summary.stale_people, 0) as {{ dbt.type_bigint() }}) as target_account_stale_people,
    settings.coverage_accounts_target,
    settings.coverage_personas_min,
    settings.coverage_personas_target
from presence
cross join persona_summary
cross join {{ source('program', 'settings') }} as settings
