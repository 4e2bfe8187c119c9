"""Salesforce's view of the world: Accounts (with duplicates and ParentId), Contacts, unconverted Leads,
Opportunities and their contact roles, Campaigns and members, Tasks and Events, Users."""

from __future__ import annotations

from typing import Any

from abe_hub.sandbox import variants
from abe_hub.sandbox.build import Build
from abe_hub.sandbox.clock import iso_date, salesforce_datetime, to_second
from abe_hub.sandbox.schemas import SALESFORCE_FIELDS
from abe_hub.sandbox.spec import DAY_MS
from abe_hub.sandbox.truth import Company, Person, ascii_fold
from abe_hub.sandbox.vocabulary import CAMPAIGN_THEMES, FIRST_NAMES, FREE_MAIL_DOMAINS, LAST_NAMES, SALESFORCE_INDUSTRY

SYSTEM = "salesforce"
_FIELD_NAMES = {obj: tuple(spec.split(":")[0] for spec in specs) for obj, specs in SALESFORCE_FIELDS.items()}
OPEN_STAGES = (
    ("Prospecting", 10),
    ("Qualification", 20),
    ("Needs Analysis", 40),
    ("Proposal/Price Quote", 60),
    ("Negotiation/Review", 80),
)


def body(
    obj: str, rid: str, created_ms: int, modified_ms: int, values: dict[str, Any], deleted: bool
) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(_FIELD_NAMES[obj])
    record.update(values)
    record.update(
        Id=rid,
        IsDeleted=deleted,
        CreatedDate=salesforce_datetime(created_ms),
        LastModifiedDate=salesforce_datetime(modified_ms),
        SystemModstamp=salesforce_datetime(modified_ms),
    )
    return record


def put(b: Build, obj: str, created_ms: int, modified_ms: int, values: dict[str, Any]) -> str:
    rid = b.seq.salesforce(obj)
    created_ms, modified_ms = (to_second(t) for t in b.stamp(created_ms, modified_ms))
    b.sink.put(SYSTEM, obj, rid, created_ms, modified_ms, body(obj, rid, created_ms, modified_ms, values, False))
    return rid


def users(b: Build, per_role: int) -> None:
    for role in ("SDR", "AE", "CSM", "Marketing"):
        ids = []
        for _ in range(per_role):
            first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
            created = b.spec.start_ms - 30 * DAY_MS
            ids.append(
                put(
                    b,
                    "User",
                    created,
                    created,
                    {
                        "Name": f"{first} {last}",
                        "FirstName": first,
                        "LastName": last,
                        "Email": f"{ascii_fold(first).lower()}.{ascii_fold(last).lower().replace(' ', '')}"
                        "@abe-vendor.example",
                        "Title": {
                            "SDR": "Sales Development Rep",
                            "AE": "Account Executive",
                            "CSM": "Customer Success Manager",
                            "Marketing": "Marketing Manager",
                        }[role],
                        "Department": "Marketing"
                        if role == "Marketing"
                        else "Sales"
                        if role != "CSM"
                        else "Customer Success",
                        "UserRole__c": role,
                        "IsActive": True,
                    },
                )
            )
        b.pools.salesforce_users[role] = ids


def campaigns(b: Build) -> None:
    for start in range(b.spec.start_ms, b.now_ms, 14 * DAY_MS):
        kind = b.rng.choice(("Webinar", "Email", "Conference", "Content Syndication"))
        name = f"{iso_date(start)[:7]} {kind}: {b.rng.choice(CAMPAIGN_THEMES)}"
        rid = put(
            b,
            "Campaign",
            start - 7 * DAY_MS,
            start - 7 * DAY_MS,
            {
                "Name": name,
                "Type": kind,
                "Status": "Completed" if start < b.now_ms - 30 * DAY_MS else "In Progress",
                "StartDate": iso_date(start),
                "EndDate": iso_date(start + 2 * DAY_MS),
                "IsActive": start > b.now_ms - 60 * DAY_MS,
                "OwnerId": b.owner("Marketing"),
            },
        )
        b.pools.campaigns.append((rid, start))


def account(b: Build, company: Company, parent_id: str | None, *, duplicate: bool = False) -> str:
    created = b.between(company.created_ms, b.now_ms - 20 * DAY_MS)
    domain = b.rng.choice(company.domains) if company.domains else None
    values = {
        "Name": variants.company_name(b.rng, company, messy=0.9 if duplicate else 0.25),
        "Website": variants.website(b.rng, domain)
        if domain and (not duplicate or b.chance(0.4)) and b.chance(0.9)
        else None,
        "Phone": f"{company.country.phone_prefix} {b.rng.randint(100, 999)} {b.rng.randint(100_000, 999_999)}",
        "Industry": SALESFORCE_INDUSTRY[company.industry],
        "Type": "Customer" if company.is_customer else "Prospect",
        "NumberOfEmployees": max(1, int(company.employees * b.rng.uniform(0.8, 1.2))),
        "AnnualRevenue": float(company.annual_revenue),
        "BillingCity": company.city,
        "BillingCountry": variants.country_label(b.rng, company.country),
        "ParentId": parent_id,
        "OwnerId": b.owner("CSM" if company.is_customer else "AE"),
        "Region__c": "AMER"
        if company.country.code in ("US", "CA", "BR")
        else "APAC"
        if company.country.code in ("JP", "AU", "IN")
        else "EMEA",
        "Account_Tier__c": "Tier 1" if company.employees > 5000 else "Tier 2" if company.employees > 500 else "Tier 3",
        "Customer_Since__c": iso_date(company.customer_since_ms) if company.customer_since_ms else None,
    }
    rid = put(b, "Account", created, b.edited(created), values)
    b.sink.truth(SYSTEM, "Account", rid, company.company_id)
    return rid


def _email(b: Build, person: Person, work: float, personal: float) -> str | None:
    draw = b.rng.random()
    if draw < work:
        return person.work_email
    if draw < work + personal:
        return person.personal_email or (
            f"{ascii_fold(person.first_name).lower()}{b.rng.randint(1, 99)}@{b.rng.choice(FREE_MAIL_DOMAINS)}"
        )
    return None


def contact(b: Build, person: Person, account_id: str) -> str:
    created = b.between(max(person.created_ms, person.company.created_ms), b.now_ms - DAY_MS)
    values = {
        "AccountId": account_id,
        "FirstName": person.first_name,
        "LastName": person.last_name,
        "Name": f"{person.first_name} {person.last_name}",
        "Email": _email(b, person, 0.85, 0.1),
        "Phone": person.phone if b.chance(0.7) else None,
        "Title": variants.title(b.rng, person.title),
        "Department": person.persona.department.title(),
        "MailingCountry": person.country,
        "LeadSource": b.rng.choice(("Web", "Webinar", "Trade Show", "Partner Referral", "Sales")),
        "OwnerId": b.owner("CSM" if person.company.is_customer else "AE"),
        "Preferred_Language__c": b.rng.choice(("English", "German", "French", "Spanish")),
        "LinkedIn_URL__c": f"https://www.linkedin.com/in/{ascii_fold(person.first_name).lower()}-{person.person_id}",
    }
    rid = put(b, "Contact", created, b.edited(created), values)
    b.sink.truth(SYSTEM, "Contact", rid, person.company.company_id, person.person_id)
    return rid


def lead(b: Build, person: Person) -> str:
    company = person.company
    created = b.between(max(person.created_ms, company.created_ms), b.now_ms - DAY_MS)
    domain = company.domains[0] if company.domains else company.email_domain
    values = {
        "FirstName": person.first_name,
        "LastName": person.last_name,
        "Name": f"{person.first_name} {person.last_name}",
        "Company": variants.company_name(b.rng, company, messy=0.55),
        "Email": _email(b, person, 0.65, 0.22),
        "Phone": person.phone if b.chance(0.5) else None,
        "Title": variants.title(b.rng, person.title),
        "Website": variants.website(b.rng, domain) if b.chance(0.3) else None,
        "Country": variants.country_label(b.rng, company.country) if b.chance(0.85) else None,
        "City": company.city if b.chance(0.5) else None,
        "Industry": SALESFORCE_INDUSTRY[company.industry] if b.chance(0.4) else None,
        "NumberOfEmployees": company.employees if b.chance(0.3) else None,
        "Status": b.rng.choice(("Open - Not Contacted", "Working - Contacted", "Nurturing", "Unqualified")),
        "LeadSource": b.rng.choice(("Web", "Webinar", "Trade Show", "Purchased List", "Content")),
        "IsConverted": False,
        "OwnerId": b.owner("SDR"),
        "Lead_Score__c": float(b.rng.randint(0, 100)),
        "UTM_Source__c": b.rng.choice(("google", "linkedin", "newsletter", None)),
    }
    rid = put(b, "Lead", created, b.edited(created, 0.4), values)
    b.sink.truth(SYSTEM, "Lead", rid, company.company_id, person.person_id)
    return rid


def opportunity(
    b: Build, company: Company, account_id: str, *, outcome: str, close_ms: int, kind: str, contact_ids: list[str]
) -> str:
    amount = float(round(min(500_000, max(5_000, company.employees * b.rng.uniform(20, 60))), -2))
    created = max(company.created_ms, close_ms - b.rng.randint(20, 150) * DAY_MS)
    if outcome == "open":
        stage, probability = b.rng.choice(OPEN_STAGES)
        created = min(created, b.now_ms - DAY_MS)
    else:
        stage, probability = ("Closed Won", 100) if outcome == "won" else ("Closed Lost", 0)
    values = {
        "Name": f"{company.brand} - {kind}",
        "AccountId": account_id,
        "StageName": stage,
        "Amount": amount,
        "CloseDate": iso_date(close_ms),
        "Probability": float(probability),
        "IsClosed": outcome != "open",
        "IsWon": outcome == "won",
        "Type": kind,
        "LeadSource": b.rng.choice(("Web", "Partner Referral", "Outbound")),
        "ForecastCategoryName": {"open": "Pipeline", "won": "Closed", "lost": "Omitted"}[outcome],
        "OwnerId": b.owner("AE"),
        "Loss_Reason__c": b.rng.choice(("Price", "No Decision", "Competitor", "Timing")) if outcome == "lost" else None,
        "Competitor__c": b.rng.choice(("Acmeflow", "DataCo", None)),
    }
    modified = min(b.now_ms, max(created, close_ms if outcome != "open" else created))
    rid = put(b, "Opportunity", created, modified, values)
    b.sink.truth(SYSTEM, "Opportunity", rid, company.company_id)
    for i, contact_id in enumerate(contact_ids[: b.rng.randint(1, 3)]):
        put(
            b,
            "OpportunityContactRole",
            created,
            created,
            {
                "OpportunityId": rid,
                "ContactId": contact_id,
                "IsPrimary": i == 0,
                "Role": b.rng.choice(("Decision Maker", "Economic Buyer", "Technical Buyer", "Influencer", "Champion")),
            },
        )
    return rid


def campaign_member(b: Build, campaign_id: str, start_ms: int, *, lead_id: str | None, contact_id: str | None) -> None:
    responded = b.chance(0.35)
    put(
        b,
        "CampaignMember",
        start_ms - 3 * DAY_MS,
        start_ms + (DAY_MS if responded else 0),
        {
            "CampaignId": campaign_id,
            "LeadId": lead_id,
            "ContactId": contact_id,
            "Status": "Responded" if responded else "Sent",
            "HasResponded": responded,
            "FirstRespondedDate": iso_date(start_ms) if responded else None,
        },
    )


def touch(b: Build, at_ms: int, who_id: str, what_id: str | None, role: str) -> None:
    """A sales or success touch: a call or email Task, or a meeting Event."""
    if b.chance(0.2):
        minutes = b.rng.choice((30, 45, 60))
        put(
            b,
            "Event",
            at_ms,
            at_ms,
            {
                "Subject": b.rng.choice(("Discovery meeting", "Demo", "QBR", "Onboarding session", "Intro call")),
                "Type": "Meeting",
                "StartDateTime": salesforce_datetime(to_second(at_ms)),
                "EndDateTime": salesforce_datetime(to_second(at_ms) + minutes * 60_000),
                "DurationInMinutes": minutes,
                "WhoId": who_id,
                "WhatId": what_id,
                "OwnerId": b.owner(role),
            },
        )
        return
    call = b.chance(0.45)
    put(
        b,
        "Task",
        at_ms,
        at_ms,
        {
            "Subject": "Call" if call else b.rng.choice(("Email: follow up", "Email: intro", "Email: proposal")),
            "Type": "Call" if call else "Email",
            "TaskSubtype": "Call" if call else "Email",
            "Status": "Completed",
            "ActivityDate": iso_date(at_ms),
            "WhoId": who_id,
            "WhatId": what_id,
            "OwnerId": b.owner(role),
            "CallDurationInSeconds": b.rng.randint(30, 1800) if call else None,
        },
    )
