-- NPS answers: HubSpot feedback submissions of the NPS survey, one row per answer, with the contact
-- who gave it (a submission has one). Archived submissions are left out.
with submissions as (
    {{ source_columns('hubspot', 'feedback_submissions', {
        'id': 'text',
        'hs_survey_type': 'text',
        'hs_response_value': 'double',
        'hs_submission_timestamp': 'timestamp',
        'archived': 'boolean',
    }) }}
),

respondents as (
    select from_id, min(to_id) as contact_source_id
    from ({{ hubspot_association_links('feedback_submissions_contacts_links') }}) as links
    group by from_id
)

select
    cast('hubspot' as {{ dbt.type_string() }}) as source_system,
    submissions.id as source_id,
    respondents.contact_source_id,
    cast(submissions.hs_response_value as {{ dbt.type_bigint() }}) as score,
    submissions.hs_submission_timestamp as submitted_at
from submissions
left join respondents on submissions.id = respondents.from_id
where not coalesce(submissions.archived, false)
    and upper(submissions.hs_survey_type) = 'NPS'
