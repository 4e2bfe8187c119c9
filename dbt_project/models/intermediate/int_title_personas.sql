-- Every distinct job title of the people records, normalised, with the buyer persona, department and
-- seniority of the first program rule whose pattern it matches (the fallback when none does). Same
-- rules and same normalisation as abe_hub.program.TitleClassifier; tests/test_program_dbt.py holds
-- the two to each other on DuckDB and PostgreSQL.
with titles as (
    select distinct {{ normalised_title('title') }} as title
    from {{ ref('int_people_unioned') }}
    where {{ normalised_title('title') }} is not null
),

rules as (
    select priority, pattern, persona, department, seniority
    from {{ source('program', 'persona_rules') }}
),

first_matches as (
    select titles.title, min(rules.priority) as rule_priority
    from titles
    inner join rules on rules.pattern is not null and {{ regex_matches_ci('titles.title', 'rules.pattern') }}
    group by titles.title
),

fallback as (
    select priority, persona, department, seniority
    from rules
    where pattern is null
)

select
    titles.title,
    coalesce(matched.persona, fallback.persona) as persona,
    coalesce(matched.department, fallback.department) as department,
    coalesce(matched.seniority, fallback.seniority) as seniority,
    coalesce(matched.priority, fallback.priority) as rule_priority,
    matched.pattern as matched_pattern
from titles
cross join fallback
left join first_matches on titles.title = first_matches.title
left join rules as matched on first_matches.rule_priority = matched.priority
