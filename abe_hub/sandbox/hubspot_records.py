"""HubSpot's view of the world: companies with parent/child associations, contacts (sometimes with
another email, sometimes twice), deals, engagements, owners and NPS feedback submissions."""

from __future__ import annotations

from typing import Any

from abe_hub.sandbox import variants
from abe_hub.sandbox.build import Build
from abe_hub.sandbox.clock import hubspot_datetime
from abe_hub.sandbox.schemas import HUBSPOT_FIELDS
from abe_hub.sandbox.spec import DAY_MS
from abe_hub.sandbox.truth import Company, Person, ascii_fold, country_of
from abe_hub.sandbox.vocabulary import HUBSPOT_INDUSTRY

SYSTEM = "hubspot"
_PROPERTY_NAMES = {obj: tuple(spec.split(":")[0] for spec in specs) for obj, specs in HUBSPOT_FIELDS.items()}

# HubSpot-defined association type ids: (forward primary, forward, back primary, back).
CONTACT_COMPANY = (1, 279, 2, 280)
DEAL_COMPANY = (5, 341, 6, 342)
DEAL_CONTACT = (0, 3, 0, 4)
PARENT_CHILD = (0, 13, 0, 14)
ENGAGEMENT_TYPES = {
    "emails": ((0, 198, 0, 197), (0, 186, 0, 185)),
    "meetings": ((0, 200, 0, 199), (0, 188, 0, 187)),
    "calls": ((0, 194, 0, 193), (0, 182, 0, 181)),
    "notes": ((0, 202, 0, 201), (0, 190, 0, 189)),
}
FEEDBACK_CONTACT = (0, 97, 0, 98)
OPEN_DEAL_STAGES = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
)


def properties(obj: str, rid: str, created_ms: int, modified_ms: int, values: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = dict.fromkeys(_PROPERTY_NAMES[obj])
    props.update({k: None if v is None else str(v) for k, v in values.items()})
    props.update(
        hs_object_id=rid, createdate=hubspot_datetime(created_ms), hs_lastmodifieddate=hubspot_datetime(modified_ms)
    )
    return props


def put(b: Build, obj: str, created_ms: int, modified_ms: int, values: dict[str, Any]) -> str:
    rid = b.seq.hubspot(obj)
    created_ms, modified_ms = b.stamp(created_ms, modified_ms)
    b.sink.put(SYSTEM, obj, rid, created_ms, modified_ms, properties(obj, rid, created_ms, modified_ms, values))
    return rid


def owners(b: Build, salesforce_users: int) -> None:
    """HubSpot owners mirror the vendor's CRM users (same people, same emails)."""
    for n in range(salesforce_users):
        rid = str(100_000 + n)
        at = hubspot_datetime(b.spec.start_ms - 30 * DAY_MS)
        b.sink.put(
            SYSTEM,
            "owners",
            rid,
            b.spec.start_ms - 30 * DAY_MS,
            b.spec.start_ms - 30 * DAY_MS,
            {
                "id": rid,
                "email": f"owner{n}@abe-vendor.example",
                "firstName": f"Owner{n}",
                "lastName": "Vendor",
                "userId": 5_000_000 + n,
                "createdAt": at,
                "updatedAt": at,
                "archived": False,
                "type": "PERSON",
                "teams": [],
            },
        )
        b.pools.hubspot_owners.append(rid)


def company(b: Build, c: Company) -> str:
    created = b.between(c.created_ms, b.now_ms - 10 * DAY_MS)
    domain = c.domains[-1] if c.domains and b.chance(0.25) else (c.domains[0] if c.domains else None)
    rid = put(
        b,
        "companies",
        created,
        b.edited(created, 0.4),
        {
            "name": variants.company_name(b.rng, c, messy=0.45),
            "domain": domain,
            "website": variants.website(b.rng, domain) if domain and b.chance(0.6) else None,
            "city": c.city if b.chance(0.6) else None,
            "country": variants.country_label(b.rng, c.country),
            "industry": HUBSPOT_INDUSTRY[c.industry] if b.chance(0.7) else None,
            "numberofemployees": c.employees if b.chance(0.6) else None,
            "annualrevenue": c.annual_revenue if b.chance(0.3) else None,
            "lifecyclestage": "customer"
            if c.is_customer
            else b.rng.choice(("lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity")),
            "hubspot_owner_id": b.rng.choice(b.pools.hubspot_owners),
            "abm_tier": b.rng.choice(("tier_1", "tier_2", "tier_3", None)),
            "customer_segment": "enterprise" if c.employees > 1000 else "mid_market" if c.employees > 100 else "smb",
        },
    )
    b.sink.truth(SYSTEM, "companies", rid, c.company_id)
    return rid


def contact(b: Build, person: Person, company_id: str | None, *, email: str | None) -> str:
    created = b.between(max(person.created_ms, person.company.created_ms), b.now_ms - DAY_MS)
    visits = b.poisson(6)
    last_visit = b.between(created, b.now_ms) if visits else None
    conversions = b.poisson(0.8)
    rid = put(
        b,
        "contacts",
        created,
        b.edited(created, 0.5),
        {
            "firstname": person.first_name if b.chance(0.97) else ascii_fold(person.first_name),
            "lastname": person.last_name,
            "email": email,
            "phone": person.phone if b.chance(0.4) else None,
            "jobtitle": variants.title(b.rng, person.title),
            "company": variants.company_name(b.rng, person.company, messy=0.5) if b.chance(0.7) else None,
            "country": variants.country_label(b.rng, country_of(person.country)) if b.chance(0.6) else None,
            "lifecyclestage": "customer"
            if person.company.is_customer
            else b.rng.choice(("subscriber", "lead", "marketingqualifiedlead")),
            "hs_lead_status": b.rng.choice(("NEW", "OPEN", "IN_PROGRESS", "ATTEMPTED_TO_CONTACT", None)),
            "hubspot_owner_id": b.rng.choice(b.pools.hubspot_owners) if b.chance(0.6) else None,
            "hs_analytics_num_page_views": visits,
            "hs_analytics_last_visit_timestamp": hubspot_datetime(last_visit) if last_visit else None,
            "num_conversion_events": conversions,
            "recent_conversion_date": hubspot_datetime(b.between(created, b.now_ms)) if conversions else None,
            "newsletter_opt_in": "true" if b.chance(0.4) else "false",
        },
    )
    if company_id:
        b.sink.associate("contacts", rid, "companies", company_id, CONTACT_COMPANY)
    b.sink.truth(SYSTEM, "contacts", rid, person.company.company_id, person.person_id)
    return rid


def deal(
    b: Build, c: Company, company_id: str, contact_ids: list[str], *, outcome: str, close_ms: int, kind: str
) -> str:
    created = max(c.created_ms, close_ms - b.rng.randint(15, 120) * DAY_MS)
    if outcome == "open":
        created = min(created, b.now_ms - DAY_MS)
    stage = b.rng.choice(OPEN_DEAL_STAGES) if outcome == "open" else ("closedwon" if outcome == "won" else "closedlost")
    amount = round(min(200_000, max(2_000, c.employees * b.rng.uniform(15, 40))), -2)
    rid = put(
        b,
        "deals",
        created,
        min(b.now_ms, max(created, close_ms if outcome != "open" else created)),
        {
            "dealname": f"{c.brand} - {kind}",
            "amount": amount,
            "dealstage": stage,
            "pipeline": "default",
            "closedate": hubspot_datetime(close_ms),
            "dealtype": "newbusiness" if kind == "New Business" else "existingbusiness",
            "hubspot_owner_id": b.rng.choice(b.pools.hubspot_owners),
            "hs_is_closed_won": str(outcome == "won").lower(),
        },
    )
    b.sink.associate("deals", rid, "companies", company_id, DEAL_COMPANY)
    for contact_id in contact_ids[:2]:
        b.sink.associate("deals", rid, "contacts", contact_id, DEAL_CONTACT)
    b.sink.truth(SYSTEM, "deals", rid, c.company_id)
    return rid


def engagement(b: Build, at_ms: int, contact_id: str, company_id: str | None) -> None:
    kind = b.rng.choices(("emails", "meetings", "calls", "notes"), weights=(70, 8, 14, 8))[0]
    values: dict[str, Any] = {
        "hs_timestamp": hubspot_datetime(at_ms),
        "hubspot_owner_id": b.rng.choice(b.pools.hubspot_owners),
    }
    if kind == "emails":
        values |= {
            "hs_email_subject": b.rng.choice(("Newsletter", "Webinar invite", "Product update", "Case study")),
            "hs_email_direction": "EMAIL",
        }
    elif kind == "meetings":
        values |= {
            "hs_meeting_title": "Meeting",
            "hs_meeting_start_time": hubspot_datetime(at_ms),
            "hs_meeting_end_time": hubspot_datetime(at_ms + 1_800_000),
            "hs_meeting_outcome": "COMPLETED",
        }
    elif kind == "calls":
        values |= {
            "hs_call_title": "Call",
            "hs_call_duration": b.rng.randint(30_000, 1_800_000),
            "hs_call_direction": "OUTBOUND",
        }
    else:
        values |= {"hs_note_body": "Spoke about priorities for next quarter."}
    rid = put(b, kind, at_ms, at_ms, values)
    to_contact, to_company = ENGAGEMENT_TYPES[kind]
    b.sink.associate(kind, rid, "contacts", contact_id, to_contact)
    if company_id:
        b.sink.associate(kind, rid, "companies", company_id, to_company)


def nps(b: Build, person: Person, contact_id: str, at_ms: int) -> None:
    health = person.company.health
    score = max(0, min(10, round(b.rng.gauss(3 + 7 * health, 1.5))))
    rid = put(
        b,
        "feedback_submissions",
        at_ms,
        at_ms,
        {
            "hs_timestamp": hubspot_datetime(at_ms),
            "hs_survey_type": "NPS",
            "hs_response_value": score,
            "hs_submission_timestamp": hubspot_datetime(at_ms),
            "hs_content": None,
        },
    )
    b.sink.associate("feedback_submissions", rid, "contacts", contact_id, FEEDBACK_CONTACT)
