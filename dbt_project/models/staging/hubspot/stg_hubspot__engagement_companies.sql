-- The companies of every email, call, meeting and note, one row per link as HubSpot holds it.
{{ hubspot_engagement_links('companies', 'company_source_id') }}
