"""The fact marts as the sandbox world says they must be, read from its records directly.

The other route to the rows ``fct_opportunity``, ``fct_activity`` and ``fct_ticket`` hold: no API,
no dlt, no dbt, only the world's live records and associations, with the documented rules (activity
type and function, account fallback, satisfaction score) written out again in Python. Golden keys
come from the identity tables the same run wrote, so a mart row's key is checked against the key
identity gave the record it names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson

from abe_hub.sandbox import WorldStore

Row = dict[str, Any]
Rows = dict[str, Row]
SALESFORCE_ROLE_FUNCTIONS = {"SDR": "sales_development", "CSM": "customer_success", "Marketing": "marketing"}
HUBSPOT_ENGAGEMENTS = {  # object: (activity type, function, subject property)
    "emails": ("email", "marketing", "hs_email_subject"),
    "calls": ("call", "sales_development", "hs_call_title"),
    "meetings": ("meeting", "sales", "hs_meeting_title"),
    "notes": ("note", "sales", None),
}
TASK_TYPES = {"Call": "call", "Email": "email", "ListEmail": "email"}
OPEN_TICKET_STATUSES = ("new", "open", "pending", "hold")


@dataclass(frozen=True)
class Identity:
    """Golden keys by source record, as the run's identity tables hold them."""

    accounts: dict[tuple[str, str], str]
    people: dict[tuple[str, str], tuple[str, str | None]]

    def account(self, system: str, source_id: str | None) -> str | None:
        return self.accounts.get((system, source_id)) if source_id is not None else None

    def person(self, system: str, source_id: str | None) -> str | None:
        return self.people.get((system, source_id), (None, None))[0] if source_id is not None else None

    def account_of(self, system: str, account_id: str | None, person_id: str | None) -> str | None:
        """The record's named account, else the golden account of its person: the marts' fallback."""
        named = self.account(system, account_id)
        if named is not None or person_id is None:
            return named
        return self.people.get((system, person_id), (None, None))[1]


def instant(text: str | None) -> datetime | None:
    """A service's timestamp text as an aware UTC datetime."""
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)


def _live(store: WorldStore, system: str, obj: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for rid, body in store.con.execute(
        "SELECT id, body FROM records WHERE system = ? AND object = ? AND deleted = 0", (system, obj)
    ):
        yield rid, orjson.loads(body)


def _first_links(store: WorldStore, from_obj: str, to_obj: str, type_id: int | None = None) -> dict[str, str]:
    """HubSpot: each record's lowest linked id of one object type (of one association type)."""
    sql = (
        "SELECT from_id, min(to_id) FROM associations WHERE system = 'hubspot' AND from_object = ? "
        "AND to_object = ?" + ("" if type_id is None else " AND type_id = ?") + " GROUP BY from_id"
    )
    params = (from_obj, to_obj) if type_id is None else (from_obj, to_obj, type_id)
    return dict(store.con.execute(sql, params).fetchall())


def _business_type(value: str | None, new: str, existing: str) -> str | None:
    if value is None:
        return None
    return {new: "new_business", existing: "existing_business"}.get(value, "other")


def _days_to_close(closed: bool, close: date, created: datetime) -> int | None:
    return (close - created.date()).days if closed else None


def opportunities(store: WorldStore, identity: Identity) -> Rows:
    """``fct_opportunity`` by opportunity_id: live Salesforce Opportunities and HubSpot deals."""
    users = {rid: body["Name"] for rid, body in _live(store, "salesforce", "User")}
    owners = {rid: f"{body['firstName']} {body['lastName']}" for rid, body in _live(store, "hubspot", "owners")}
    rows: Rows = {}
    for rid, b in _live(store, "salesforce", "Opportunity"):
        created, close = instant(b["CreatedDate"]), date.fromisoformat(b["CloseDate"])
        rows[f"salesforce:{rid}"] = {
            "source_system": "salesforce",
            "source_id": rid,
            "account_key": identity.account("salesforce", b["AccountId"]),
            "name": b["Name"],
            "stage": b["StageName"],
            "is_won": b["IsWon"],
            "is_closed": b["IsClosed"],
            "amount": b["Amount"],
            "opportunity_type": _business_type(b["Type"], "New Business", "Existing Business"),
            "created_at": created,
            "close_date": close,
            "days_to_close": _days_to_close(b["IsClosed"], close, created),
            "owner_id": b["OwnerId"],
            "owner_name": users.get(b["OwnerId"]),
        }
    companies = _first_links(store, "deals", "companies", 5)
    for rid, b in _live(store, "hubspot", "deals"):
        created, close = instant(b["createdate"]), instant(b["closedate"]).date()
        closed = b["dealstage"] in ("closedwon", "closedlost")
        rows[f"hubspot:{rid}"] = {
            "source_system": "hubspot",
            "source_id": rid,
            "account_key": identity.account("hubspot", companies.get(rid)),
            "name": b["dealname"],
            "stage": b["dealstage"],
            "is_won": b["hs_is_closed_won"] == "true",
            "is_closed": closed,
            "amount": float(b["amount"]),
            "opportunity_type": _business_type(b["dealtype"], "newbusiness", "existingbusiness"),
            "created_at": created,
            "close_date": close,
            "days_to_close": _days_to_close(closed, close, created),
            "owner_id": b["hubspot_owner_id"],
            "owner_name": owners.get(b["hubspot_owner_id"]),
        }
    return rows


def _activity(
    identity: Identity,
    key: tuple[str, str, str],
    *,
    kind: str,
    function: str,
    at: datetime | None,
    subject: str | None,
    owner: str | None,
    person: str | None,
    account: str | None,
) -> tuple[str, Row]:
    """One ``fct_activity`` row of the record ``key`` (system, raw table, id)."""
    system, obj, rid = key
    return ":".join(key), {
        "source_system": system,
        "source_object": obj,
        "source_id": rid,
        "activity_type": kind,
        "function": function,
        "occurred_at": at,
        "account_key": identity.account_of(system, account, person),
        "person_key": identity.person(system, person),
        "subject": subject,
        "owner_id": owner,
    }


def _salesforce_activities(store: WorldStore, identity: Identity) -> Iterator[tuple[str, Row]]:
    roles = {rid: body["UserRole__c"] for rid, body in _live(store, "salesforce", "User")}

    def function(owner: str) -> str:
        return SALESFORCE_ROLE_FUNCTIONS.get(roles.get(owner), "sales")

    for obj, (table, at_field) in {"Task": ("task", "CreatedDate"), "Event": ("event", "StartDateTime")}.items():
        for rid, b in _live(store, "salesforce", obj):
            yield _activity(
                identity,
                ("salesforce", table, rid),
                kind=TASK_TYPES.get(b["TaskSubtype"] or b["Type"], "task") if obj == "Task" else "meeting",
                function=function(b["OwnerId"]),
                at=instant(b[at_field]),
                subject=b["Subject"],
                owner=b["OwnerId"],
                person=b["WhoId"],
                account=b["WhatId"],
            )
    campaigns = dict(_live(store, "salesforce", "Campaign"))
    for rid, b in _live(store, "salesforce", "CampaignMember"):
        campaign = campaigns.get(b["CampaignId"], {})
        responded = b["HasResponded"] and b["FirstRespondedDate"]
        yield _activity(
            identity,
            ("salesforce", "campaignmember", rid),
            kind="campaign_response" if b["HasResponded"] else "campaign_member",
            function="marketing",
            at=instant(f"{b['FirstRespondedDate']}T00:00:00Z") if responded else instant(b["CreatedDate"]),
            subject=campaign.get("Name"),
            owner=campaign.get("OwnerId"),
            person=b["ContactId"] or b["LeadId"],
            account=None,
        )


def _hubspot_activities(store: WorldStore, identity: Identity) -> Iterator[tuple[str, Row]]:
    for obj, (kind, function, subject) in HUBSPOT_ENGAGEMENTS.items():
        contacts, companies = _first_links(store, obj, "contacts"), _first_links(store, obj, "companies")
        for rid, b in _live(store, "hubspot", obj):
            yield _activity(
                identity,
                ("hubspot", obj, rid),
                kind=kind,
                function=function,
                at=instant(b["hs_timestamp"]),
                subject=b[subject] if subject else None,
                owner=b["hubspot_owner_id"],
                person=contacts.get(rid),
                account=companies.get(rid),
            )


def _zendesk_activities(store: WorldStore, identity: Identity) -> Iterator[tuple[str, Row]]:
    for rid, b in _live(store, "zendesk", "tickets"):
        yield _activity(
            identity,
            ("zendesk", "tickets", rid),
            kind="ticket",
            function="customer_success",
            at=instant(b["created_at"]),
            subject=b["subject"],
            owner=_text(b["assignee_id"]),
            person=_text(b["requester_id"]),
            account=_text(b["organization_id"]),
        )


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def activities(store: WorldStore, identity: Identity) -> Rows:
    """``fct_activity`` by activity_id: every live touch of every system."""
    return {
        **dict(_salesforce_activities(store, identity)),
        **dict(_hubspot_activities(store, identity)),
        **dict(_zendesk_activities(store, identity)),
    }


def tickets(store: WorldStore, identity: Identity) -> Rows:
    """``fct_ticket`` by ticket_id: live Zendesk tickets with their latest satisfaction rating."""
    rated: dict[str, datetime] = {}
    for _, b in _live(store, "zendesk", "satisfaction_ratings"):
        at = instant(b["created_at"])
        rated[str(b["ticket_id"])] = max(at, rated.get(str(b["ticket_id"]), at))
    rows: Rows = {}
    for rid, b in _live(store, "zendesk", "tickets"):
        rating = (b.get("satisfaction_rating") or {}).get("score")
        requester = _text(b["requester_id"])
        rows[f"zendesk:{rid}"] = {
            "source_id": rid,
            "account_key": identity.account_of("zendesk", _text(b["organization_id"]), requester),
            "person_key": identity.person("zendesk", requester),
            "subject": b["subject"],
            "priority": b["priority"],
            "status": b["status"],
            "is_open": b["status"] in OPEN_TICKET_STATUSES,
            "created_at": instant(b["created_at"]),
            "satisfaction_rating": rating,
            "satisfaction_score": {"good": 1, "bad": 0}.get(rating),
            "rated_at": rated.get(rid),
        }
    return rows
