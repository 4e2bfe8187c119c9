"""The sandbox world as identity-resolution input, with the truth to score the result against.

Benchmarks resolve the `large` world straight from its store: syncing a million people through
the APIs first would measure the connectors, not the resolver. The frames follow the documented
shapes (``abe_hub.identity.shapes``), read from the live records as the systems hold them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pandas as pd

from abe_hub.identity.shapes import ACCOUNT_COLUMNS, PERSON_COLUMNS, conform
from abe_hub.sandbox.store import WorldStore

# HubSpot association types: contact -> company (primary) and child company -> parent company.
_CONTACT_PRIMARY_COMPANY = 1
_CHILD_TO_PARENT = 14

Row = dict[str, Any]


def _bodies(store: WorldStore, system: str, obj: str) -> Iterator[tuple[str, dict[str, Any]]]:
    sql = "SELECT id, body FROM records WHERE system = ? AND object = ? AND deleted = 0"
    for rid, body in store.con.execute(sql, (system, obj)):
        yield rid, orjson.loads(body)


def _links(store: WorldStore, from_obj: str, to_obj: str, type_id: int) -> dict[str, str]:
    sql = (
        "SELECT from_id, min(to_id) FROM associations WHERE system = 'hubspot' AND from_object = ? "
        "AND to_object = ? AND type_id = ? GROUP BY from_id"
    )
    return dict(store.con.execute(sql, (from_obj, to_obj, type_id)).fetchall())


def _frame(rows: Iterator[Row], columns: dict[str, str], what: str) -> pd.DataFrame:
    return conform(pd.DataFrame.from_records(list(rows), columns=list(columns)), columns, what)


def account_frame(store: WorldStore) -> pd.DataFrame:
    """Salesforce Accounts, HubSpot companies and Zendesk organizations in the account shape."""
    parents = _links(store, "companies", "companies", _CHILD_TO_PARENT)

    def rows() -> Iterator[Row]:
        for rid, b in _bodies(store, "salesforce", "Account"):
            yield {
                "source_system": "salesforce",
                "source_id": rid,
                "name": b.get("Name"),
                "website": b.get("Website"),
                "country": b.get("BillingCountry"),
                "city": b.get("BillingCity"),
                "phone": b.get("Phone"),
                "parent_source_id": b.get("ParentId"),
            }
        for rid, b in _bodies(store, "hubspot", "companies"):
            yield {
                "source_system": "hubspot",
                "source_id": rid,
                "name": b.get("name"),
                "website": b.get("website"),
                "domain": b.get("domain"),
                "country": b.get("country"),
                "city": b.get("city"),
                "phone": b.get("phone"),
                "parent_source_id": parents.get(rid),
            }
        for rid, b in _bodies(store, "zendesk", "organizations"):
            yield {
                "source_system": "zendesk",
                "source_id": rid,
                "name": b.get("name"),
                "domain": (b.get("domain_names") or [None])[0],
                "external_id": b.get("external_id"),
            }

    return _frame(rows(), ACCOUNT_COLUMNS, "account")


def person_frame(store: WorldStore) -> pd.DataFrame:
    """Salesforce Contacts and Leads, HubSpot contacts and Zendesk users in the person shape."""
    companies = _links(store, "contacts", "companies", _CONTACT_PRIMARY_COMPANY)

    def rows() -> Iterator[Row]:
        for rid, b in _bodies(store, "salesforce", "Contact"):
            yield {
                "source_system": "salesforce",
                "source_id": rid,
                "kind": "contact",
                "first_name": b.get("FirstName"),
                "last_name": b.get("LastName"),
                "email": b.get("Email"),
                "phone": b.get("Phone"),
                "title": b.get("Title"),
                "country": b.get("MailingCountry"),
                "account_source_id": b.get("AccountId"),
            }
        for rid, b in _bodies(store, "salesforce", "Lead"):
            if b.get("IsConverted"):
                continue
            yield {
                "source_system": "salesforce",
                "source_id": rid,
                "kind": "lead",
                "first_name": b.get("FirstName"),
                "last_name": b.get("LastName"),
                "email": b.get("Email"),
                "phone": b.get("Phone"),
                "title": b.get("Title"),
                "company_name": b.get("Company"),
                "website": b.get("Website"),
                "country": b.get("Country"),
            }
        for rid, b in _bodies(store, "hubspot", "contacts"):
            company = companies.get(rid)
            yield {
                "source_system": "hubspot",
                "source_id": rid,
                "kind": "contact" if company else "lead",
                "first_name": b.get("firstname"),
                "last_name": b.get("lastname"),
                "email": b.get("email"),
                "phone": b.get("phone"),
                "title": b.get("jobtitle"),
                "company_name": b.get("company"),
                "country": b.get("country"),
                "account_source_id": company,
            }
        for rid, b in _bodies(store, "zendesk", "users"):
            organization = b.get("organization_id")
            yield {
                "source_system": "zendesk",
                "source_id": rid,
                "kind": "user",
                "full_name": b.get("name"),
                "email": b.get("email"),
                "phone": b.get("phone"),
                "account_source_id": None if organization is None else str(organization),
            }

    return _frame(rows(), PERSON_COLUMNS, "person")


ACCOUNT_OBJECTS = ("Account", "companies", "organizations")
PERSON_OBJECTS = ("Contact", "Lead", "contacts", "users")


def truth_frame(store: WorldStore, objects: tuple[str, ...]) -> pd.DataFrame:
    """Which true company and person each live record of these objects stands for.

    Columns ``source_system, source_id, company_id, person_id``; ids repeat across objects of one
    system (HubSpot numbers companies and contacts alike), so ask for accounts or people, not both.
    """
    sql = (
        "SELECT t.system AS source_system, t.source_id, t.company_id, t.person_id FROM truth_record t "
        "JOIN records r ON r.system = t.system AND r.object = t.object AND r.id = t.source_id AND r.deleted = 0 "
        f"WHERE t.object IN ({', '.join('?' * len(objects))})"
    )
    truth = pd.read_sql(sql, store.con, params=list(objects))
    return truth.astype({"source_system": "string", "source_id": "string"})
