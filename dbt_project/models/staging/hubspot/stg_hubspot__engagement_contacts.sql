-- The contacts of every email, call, meeting and note, one row per link as HubSpot holds it.
{{ hubspot_engagement_links('contacts', 'contact_source_id') }}
