"""The fields each emulated object has: what describe / properties / *_fields endpoints report.

Custom fields (``__c`` in Salesforce, non-HubSpot-defined properties, Zendesk custom fields) are
part of the default world so connectors must pick them up from metadata, not from a hard-coded list.
"""

from __future__ import annotations

import re

from abe_hub.sandbox.store import Field

_SF_SYSTEM = (
    "Id:id",
    "IsDeleted:boolean",
    "CreatedDate:datetime",
    "LastModifiedDate:datetime",
    "SystemModstamp:datetime",
)

SALESFORCE_FIELDS: dict[str, tuple[str, ...]] = {
    "User": (
        "Name:string",
        "FirstName:string",
        "LastName:string",
        "Email:email",
        "Title:string",
        "Department:string",
        "UserRole__c:picklist",
        "IsActive:boolean",
    ),
    "Account": (
        "Name:string",
        "Website:url",
        "Phone:phone",
        "Industry:picklist",
        "Type:picklist",
        "NumberOfEmployees:int",
        "AnnualRevenue:currency",
        "BillingCity:string",
        "BillingCountry:string",
        "ParentId:reference",
        "OwnerId:reference",
        "Region__c:picklist",
        "Account_Tier__c:picklist",
        "Customer_Since__c:date",
        "MasterRecordId:reference",
    ),
    "Contact": (
        "AccountId:reference",
        "FirstName:string",
        "LastName:string",
        "Name:string",
        "Email:email",
        "Phone:phone",
        "Title:string",
        "Department:string",
        "MailingCountry:string",
        "LeadSource:picklist",
        "OwnerId:reference",
        "Preferred_Language__c:picklist",
        "LinkedIn_URL__c:url",
    ),
    "Lead": (
        "FirstName:string",
        "LastName:string",
        "Name:string",
        "Company:string",
        "Email:email",
        "Phone:phone",
        "Title:string",
        "Website:url",
        "Country:string",
        "City:string",
        "Industry:picklist",
        "NumberOfEmployees:int",
        "Status:picklist",
        "LeadSource:picklist",
        "IsConverted:boolean",
        "ConvertedAccountId:reference",
        "ConvertedContactId:reference",
        "ConvertedDate:date",
        "OwnerId:reference",
        "Lead_Score__c:double",
        "UTM_Source__c:string",
    ),
    "Opportunity": (
        "Name:string",
        "AccountId:reference",
        "StageName:picklist",
        "Amount:currency",
        "CloseDate:date",
        "Probability:percent",
        "IsClosed:boolean",
        "IsWon:boolean",
        "Type:picklist",
        "LeadSource:picklist",
        "ForecastCategoryName:picklist",
        "OwnerId:reference",
        "Loss_Reason__c:picklist",
        "Competitor__c:string",
    ),
    "OpportunityContactRole": ("OpportunityId:reference", "ContactId:reference", "Role:picklist", "IsPrimary:boolean"),
    "Campaign": (
        "Name:string",
        "Type:picklist",
        "Status:picklist",
        "StartDate:date",
        "EndDate:date",
        "IsActive:boolean",
        "OwnerId:reference",
    ),
    "CampaignMember": (
        "CampaignId:reference",
        "LeadId:reference",
        "ContactId:reference",
        "Status:picklist",
        "HasResponded:boolean",
        "FirstRespondedDate:date",
    ),
    "Task": (
        "Subject:string",
        "Type:picklist",
        "TaskSubtype:picklist",
        "Status:picklist",
        "ActivityDate:date",
        "WhoId:reference",
        "WhatId:reference",
        "OwnerId:reference",
        "CallDurationInSeconds:int",
    ),
    "Event": (
        "Subject:string",
        "Type:picklist",
        "StartDateTime:datetime",
        "EndDateTime:datetime",
        "DurationInMinutes:int",
        "WhoId:reference",
        "WhatId:reference",
        "OwnerId:reference",
    ),
}

_HS_SYSTEM = ("hs_object_id:number", "createdate:datetime", "hs_lastmodifieddate:datetime")

HUBSPOT_FIELDS: dict[str, tuple[str, ...]] = {
    "companies": (
        "name:string",
        "domain:string",
        "website:string",
        "phone:string",
        "city:string",
        "country:string",
        "industry:enumeration",
        "numberofemployees:number",
        "annualrevenue:number",
        "lifecyclestage:enumeration",
        "hubspot_owner_id:enumeration",
        "abm_tier:enumeration",
        "customer_segment:enumeration",
    ),
    "contacts": (
        "firstname:string",
        "lastname:string",
        "email:string",
        "phone:string",
        "jobtitle:string",
        "company:string",
        "country:string",
        "city:string",
        "lifecyclestage:enumeration",
        "hs_lead_status:enumeration",
        "hubspot_owner_id:enumeration",
        "hs_analytics_num_page_views:number",
        "hs_analytics_last_visit_timestamp:datetime",
        "num_conversion_events:number",
        "recent_conversion_date:datetime",
        "hs_merged_object_ids:string",
        "newsletter_opt_in:bool",
    ),
    "deals": (
        "dealname:string",
        "amount:number",
        "dealstage:enumeration",
        "pipeline:enumeration",
        "closedate:datetime",
        "dealtype:enumeration",
        "hubspot_owner_id:enumeration",
        "hs_is_closed_won:bool",
    ),
    "emails": (
        "hs_timestamp:datetime",
        "hs_email_subject:string",
        "hs_email_direction:enumeration",
        "hubspot_owner_id:enumeration",
    ),
    "meetings": (
        "hs_timestamp:datetime",
        "hs_meeting_title:string",
        "hs_meeting_start_time:datetime",
        "hs_meeting_end_time:datetime",
        "hs_meeting_outcome:enumeration",
        "hubspot_owner_id:enumeration",
    ),
    "calls": (
        "hs_timestamp:datetime",
        "hs_call_title:string",
        "hs_call_duration:number",
        "hs_call_direction:enumeration",
        "hubspot_owner_id:enumeration",
    ),
    "notes": ("hs_timestamp:datetime", "hs_note_body:string", "hubspot_owner_id:enumeration"),
    "feedback_submissions": (
        "hs_timestamp:datetime",
        "hs_survey_type:enumeration",
        "hs_response_value:number",
        "hs_submission_timestamp:datetime",
        "hs_content:string",
    ),
}

# Zendesk custom fields: (name, type, title). Ticket fields are addressed by numeric id in tickets'
# ``custom_fields``; organization and user fields by key in ``organization_fields`` / ``user_fields``.
ZENDESK_CUSTOM_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ticket_fields": (("360000001", "tagger", "Product Area"),),
    "organization_fields": (("plan", "tagger", "Plan"), ("account_manager", "text", "Account Manager")),
    "user_fields": (("department", "text", "Department"),),
}

PICKLISTS = {
    ("Account", "Type"): ("Prospect", "Customer", "Partner"),
    ("Account", "Region__c"): ("AMER", "EMEA", "APAC"),
    ("Account", "Account_Tier__c"): ("Tier 1", "Tier 2", "Tier 3"),
    ("Lead", "Status"): ("Open - Not Contacted", "Working - Contacted", "Nurturing", "Unqualified", "Converted"),
    ("Opportunity", "StageName"): (
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ),
    ("User", "UserRole__c"): ("SDR", "AE", "CSM", "Marketing"),
}


HUBSPOT_CUSTOM = frozenset({"abm_tier", "customer_segment", "newsletter_opt_in"})


def _label(name: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.removesuffix("__c")).replace("_", " ")
    return words.strip().title()


def _parse(system: str, obj: str, spec: str) -> Field:
    name, type_ = spec.rsplit(":", 1)
    custom = name.endswith("__c") or name in HUBSPOT_CUSTOM
    return Field(system, obj, name, type_, _label(name), custom, PICKLISTS.get((obj, name), ()))


def all_fields() -> list[Field]:
    fields = [
        _parse("salesforce", obj, spec) for obj, specs in SALESFORCE_FIELDS.items() for spec in (*_SF_SYSTEM, *specs)
    ]
    fields += [_parse("hubspot", obj, spec) for obj, specs in HUBSPOT_FIELDS.items() for spec in (*_HS_SYSTEM, *specs)]
    fields += [
        Field("zendesk", obj, name, type_, title, True)
        for obj, specs in ZENDESK_CUSTOM_FIELDS.items()
        for name, type_, title in specs
    ]
    return fields
