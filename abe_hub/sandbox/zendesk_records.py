"""Zendesk's view of the world: organizations for customers, end users, agents, tickets whose volume
and severity follow the account's health, and satisfaction ratings."""

from __future__ import annotations

from typing import Any

from abe_hub.sandbox import variants
from abe_hub.sandbox.build import Build
from abe_hub.sandbox.clock import to_second, zendesk_datetime
from abe_hub.sandbox.spec import DAY_MS
from abe_hub.sandbox.truth import Company, Person
from abe_hub.sandbox.vocabulary import FIRST_NAMES, LAST_NAMES, TICKET_SUBJECTS

SYSTEM = "zendesk"
BASE_URL = "https://abe-sandbox.zendesk.com/api/v2"
PRODUCT_AREA_FIELD = 360000001


def put(b: Build, obj: str, created_ms: int, modified_ms: int, values: dict[str, Any]) -> int:
    rid = b.seq.zendesk(obj)
    created_ms, modified_ms = (to_second(t) for t in b.stamp(created_ms, modified_ms))
    record = {
        "url": f"{BASE_URL}/{obj}/{rid}.json",
        "id": rid,
        **values,
        "created_at": zendesk_datetime(created_ms),
        "updated_at": zendesk_datetime(modified_ms),
    }
    b.sink.put(SYSTEM, obj, rid, created_ms, modified_ms, record)
    return rid


def agents(b: Build, count: int) -> None:
    for _ in range(count):
        first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
        at = b.spec.start_ms - 30 * DAY_MS
        rid = put(b, "users", at, at, _user(f"{first} {last}", None, None, "agent", None, None))
        b.pools.zendesk_agents.append(rid)


def _user(
    name: str, email: str | None, phone: str | None, role: str, org_id: int | None, department: str | None
) -> dict[str, Any]:
    return {
        "name": name,
        "email": email,
        "phone": phone,
        "role": role,
        "organization_id": org_id,
        "active": True,
        "verified": True,
        "time_zone": "UTC",
        "locale": "en-US",
        "external_id": None,
        "tags": [],
        "user_fields": {"department": department},
    }


def organization(b: Build, c: Company, salesforce_account_id: str | None) -> int:
    created = b.between(max(c.created_ms, c.customer_since_ms or c.created_ms), b.now_ms - 5 * DAY_MS)
    rid = put(
        b,
        "organizations",
        created,
        b.edited(created),
        {
            "name": variants.company_name(b.rng, c, messy=0.4),
            "shared_tickets": False,
            "shared_comments": False,
            "external_id": salesforce_account_id if salesforce_account_id and b.chance(0.4) else None,
            "domain_names": list(c.domains) or [c.email_domain],
            "details": None,
            "notes": None,
            "group_id": None,
            "tags": ["customer"] if c.is_customer else ["trial"],
            "organization_fields": {
                "plan": "enterprise" if c.employees > 1000 else "pro" if c.employees > 100 else "standard",
                "account_manager": None,
            },
            "deleted_at": None,
        },
    )
    b.sink.truth(SYSTEM, "organizations", rid, c.company_id)
    return rid


def end_user(b: Build, person: Person, org_id: int | None) -> int:
    created = b.between(max(person.created_ms, person.company.created_ms), b.now_ms - DAY_MS)
    email = person.work_email if b.chance(0.9) else (person.personal_email or person.work_email)
    rid = put(
        b,
        "users",
        created,
        b.edited(created),
        _user(
            f"{person.first_name} {person.last_name}",
            email,
            person.phone if b.chance(0.3) else None,
            "end-user",
            org_id,
            person.persona.department,
        ),
    )
    b.sink.truth(SYSTEM, "users", rid, person.company.company_id, person.person_id)
    return rid


def ticket(b: Build, c: Company, org_id: int, requester_id: int, created_ms: int) -> None:
    """Unhealthy accounts file more urgent tickets and rate them badly: the signal health scores read."""
    risk = 1 - c.health
    priority = b.rng.choices(("low", "normal", "high", "urgent"), weights=(30, 50, 15 + 30 * risk, 5 + 25 * risk))[0]
    age_days = (b.now_ms - created_ms) / DAY_MS
    status = (
        ("closed" if age_days > 30 else "solved")
        if b.chance(min(0.97, age_days / 10))
        else b.rng.choice(("new", "open", "pending", "hold"))
    )
    rated = status in ("solved", "closed") and b.chance(0.4)
    score = ("good" if b.chance(0.5 + 0.45 * c.health) else "bad") if rated else "unoffered"
    updated = b.between(created_ms, min(b.now_ms, created_ms + 20 * DAY_MS)) if status != "new" else created_ms
    rid = put(
        b,
        "tickets",
        created_ms,
        updated,
        {
            "external_id": None,
            "via": {"channel": b.rng.choice(("email", "web", "api"))},
            "type": b.rng.choice(("question", "incident", "problem", "task")),
            "subject": b.rng.choice(TICKET_SUBJECTS),
            "description": "Customer reported an issue.",
            "priority": priority,
            "status": status,
            "recipient": None,
            "requester_id": requester_id,
            "submitter_id": requester_id,
            "assignee_id": b.rng.choice(b.pools.zendesk_agents),
            "organization_id": org_id,
            "group_id": None,
            "tags": [priority],
            "is_public": True,
            "has_incidents": False,
            "custom_fields": [
                {"id": PRODUCT_AREA_FIELD, "value": b.rng.choice(("billing", "integrations", "reporting", "access"))}
            ],
            "satisfaction_rating": {"score": score},
        },
    )
    b.sink.truth(SYSTEM, "tickets", rid, c.company_id)
    if rated:
        at = min(b.now_ms, updated + b.rng.randint(1, 48) * 3_600_000)
        put(
            b,
            "satisfaction_ratings",
            at,
            at,
            {
                "assignee_id": b.rng.choice(b.pools.zendesk_agents),
                "group_id": None,
                "requester_id": requester_id,
                "ticket_id": rid,
                "score": score,
                "comment": None if b.chance(0.6) else "Thanks!" if score == "good" else "Too slow",
                "reason": None,
            },
        )
