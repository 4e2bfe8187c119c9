-- Every target account's coverage of the buying committee: which of the program's coverage personas
-- (program.coverage_personas) have at least one current (not stale) person at the account in
-- dim_person, the share covered against the program's minimum and target, and the people behind it.
{%- set text = dbt.type_string() %}

with targets as (
    select account_key
    from {{ ref('account_icp_fit') }}
    where is_target
),

coverage_personas as (
    select persona
    from {{ source('program', 'coverage_personas') }}
),

people as (
    select person_key, account_key, persona, is_stale
    from {{ ref('dim_person') }}
),

people_counts as (
    select
        account_key,
        count(*) as people,
        sum(case when is_stale then 1 else 0 end) as stale_people
    from people
    group by account_key
),

covered_personas as (
    select distinct people.account_key, people.persona
    from people
    inner join coverage_personas on people.persona = coverage_personas.persona
    where not people.is_stale
),

persona_coverage as (
    select
        targets.account_key,
        count(covered_personas.persona) as personas_covered,
        {{ dbt.listagg(
            "case when covered_personas.persona is null then coverage_personas.persona end",
            "', '",
            "order by coverage_personas.persona"
        ) }} as missing_personas
    from targets
    cross join coverage_personas
    left join covered_personas
        on targets.account_key = covered_personas.account_key
        and coverage_personas.persona = covered_personas.persona
    group by targets.account_key
),

coverage_shares as (
    select
        persona_coverage.account_key,
        persona_coverage.personas_covered,
        persona_count.personas as coverage_personas,
        case
            when persona_count.personas > 0
                then cast(persona_coverage.personas_covered as double precision) / persona_count.personas
        end as personas_covered_share,
        persona_coverage.missing_personas
    from persona_coverage
    cross join (select count(*) as personas from coverage_personas) as persona_count
)

select
    coverage_shares.account_key,
    cast(coverage_shares.coverage_personas as {{ dbt.type_bigint() }}) as coverage_personas,
    cast(coverage_shares.personas_covered as {{ dbt.type_bigint() }}) as personas_covered,
    coverage_shares.personas_covered_share,
    coalesce(coverage_shares.personas_covered_share >= settings.coverage_personas_min, false) as meets_standard,
    coalesce(coverage_shares.personas_covered_share >= settings.coverage_personas_target, false) as meets_target,
    cast(coverage_shares.missing_personas as {{ text }}) as missing_personas,
    cast(coalesce(people_counts.people, 0) as {{ dbt.type_bigint() }}) as people,
    cast(coalesce(people_counts.people, 0) - coalesce(people_counts.stale_people, 0) as {{ dbt.type_bigint() }})
        as current_people,
    cast(coalesce(people_counts.stale_people, 0) as {{ dbt.type_bigint() }}) as stale_people
from coverage_shares
left join people_counts on coverage_shares.account_key = people_counts.account_key
cross join {{ source('program', 'settings') }} as settings
