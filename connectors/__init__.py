"""dlt sources for Salesforce, HubSpot and Zendesk, built on the official client libraries."""
