"""The real client libraries read back exactly the generated world, and exactly a day's changes.

These run against the `default` world (thousands of records per object, so every listing spans
many pages) through simple-salesforce, hubspot-api-client and requests, over real HTTP.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest
from hubspot.crm.contacts import PublicObjectSearchRequest

from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.server import EmulatorServer
from busy_days import advance_until_deleted

SAMPLE = 40


@pytest.fixture(scope="module")
def served(default_world_path: Path) -> Iterator[EmulatorServer]:
    with EmulatorServer(default_world_path) as server:
        yield server


def _salesforce_objects(store: WorldStore) -> list[str]:
    return [obj for system, obj in store.objects() if system == "salesforce"]


def _hubspot_objects(store: WorldStore) -> list[str]:
    return [obj for system, obj in store.objects() if system == "hubspot" and obj != "owners"]


def test_salesforce_every_object_exactly(served: EmulatorServer) -> None:
    store, sf = served.store, salesforce_client(served.url)
    rng = random.Random(1)
    for obj in _salesforce_objects(store):
        fields = [f["name"] for f in sf.restful(f"sobjects/{obj}/describe")["fields"]]
        got = {r["Id"]: r for r in sf.query_all_iter(f"SELECT {', '.join(fields)} FROM {obj}")}
        expected = {r.id: r for r in store.iter_records("salesforce", obj)}
        assert got.keys() == expected.keys(), obj
        for rid in rng.sample(sorted(expected), k=min(SAMPLE, len(expected))):
            record = dict(got[rid])
            assert record.pop("attributes")["type"] == obj
            assert record == expected[rid].body, (obj, rid)


def test_salesforce_pages_are_many(served: EmulatorServer) -> None:
    sf = salesforce_client(served.url)
    first = sf.query("SELECT Id FROM Task")
    assert not first["done"] and first["totalSize"] > 2 * len(first["records"])


def test_hubspot_every_object_exactly(served: EmulatorServer) -> None:
    store, hs = served.store, hubspot_client(served.url)
    rng = random.Random(2)
    for obj in _hubspot_objects(store):
        names = [p.name for p in hs.crm.properties.core_api.get_all(object_type=obj).results]
        got, after, pages = {}, None, 0
        while True:
            page = hs.crm.objects.basic_api.get_page(object_type=obj, limit=100, after=after, properties=names)
            got.update((r.id, r) for r in page.results)
            pages += 1
            if not page.paging:
                break
            after = page.paging.next.after
        expected = {r.id: r for r in store.iter_records("hubspot", obj)}
        assert got.keys() == expected.keys(), obj
        for rid in rng.sample(sorted(expected), k=min(SAMPLE, len(expected))):
            assert got[rid].properties == expected[rid].body, (obj, rid)
            assert not got[rid].archived


def test_hubspot_owners_and_associations(served: EmulatorServer) -> None:
    store, hs = served.store, hubspot_client(served.url)
    owners = hs.crm.owners.owners_api.get_page(limit=100).results
    assert {o.id for o in owners} == {r.id for r in store.iter_records("hubspot", "owners")}
    contacts = [r.id for r in store.iter_records("hubspot", "contacts")][:500]
    batch = BatchInputPublicFetchAssociationsBatchRequest(inputs=[{"id": c} for c in contacts])
    result = hs.crm.associations.v4.batch_api.get_page(
        "contacts", "companies", batch_input_public_fetch_associations_batch_request=batch
    )
    got = {(r._from.id, str(t.to_object_id)) for r in result.results for t in r.to}
    expected = set(
        store.con.execute(
            "SELECT from_id, to_id FROM associations WHERE from_object = 'contacts' AND to_object = 'companies' "
            f"AND from_id IN ({','.join('?' * len(contacts))})",
            contacts,
        ).fetchall()
    )
    assert got == expected and got
    parents = store.con.execute(
        "SELECT from_id, to_id FROM associations WHERE from_object = 'companies' "
        "AND to_object = 'companies' AND type_id = 13"
    ).fetchall()
    batch = BatchInputPublicFetchAssociationsBatchRequest(inputs=[{"id": p} for p, _ in parents])
    result = hs.crm.associations.v4.batch_api.get_page(
        "companies", "companies", batch_input_public_fetch_associations_batch_request=batch
    )
    children = {
        (r._from.id, str(t.to_object_id))
        for r in result.results
        for t in r.to
        if any(a.type_id == 13 for a in t.association_types)
    }
    assert children == set(parents)


def _zendesk_export(url: str, path: str, key: str, start: int = 0) -> list[dict]:
    session, items = zendesk_session(), []
    next_url: str | None = f"{url}{path}?start_time={start}"
    while next_url:
        page = session.get(next_url, timeout=30).json()
        items.extend(page[key])
        next_url = None if page["end_of_stream"] else (page.get("after_url") or page.get("next_page"))
    return items


def test_zendesk_every_object_exactly(served: EmulatorServer) -> None:
    store = served.store
    for path, key in (
        ("/api/v2/incremental/tickets/cursor.json", "tickets"),
        ("/api/v2/incremental/users/cursor.json", "users"),
        ("/api/v2/incremental/organizations.json", "organizations"),
    ):
        items = _zendesk_export(served.url, path, key)
        by_id = {i["id"]: i for i in items}
        expected = {int(r.id): r.body for r in store.iter_records("zendesk", key, include_deleted=True)}
        assert by_id == expected, key
        if key != "organizations":
            assert len(items) == len(by_id), f"the cursor export never repeats a {key[:-1]}"
    ratings, session = [], zendesk_session()
    next_url: str | None = f"{served.url}/api/v2/satisfaction_ratings?page[size]=100"
    while next_url:
        page = session.get(next_url, timeout=30).json()
        ratings.extend(page["satisfaction_ratings"])
        next_url = page["links"]["next"] if page["meta"]["has_more"] else None
    assert {r["id"]: r for r in ratings} == {
        int(r.id): r.body for r in store.iter_records("zendesk", "satisfaction_ratings")
    }


def test_a_days_changes_through_every_incremental_path(mutable_world: WorldStore) -> None:
    store = mutable_world
    since = store.now_ms
    advance_until_deleted(store, ("salesforce.Lead", "hubspot.contacts", "zendesk.tickets"), days=2, change_share=0.01)
    iso = datetime.fromtimestamp(since / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def changed(system: str, obj: str, *, archived_too: bool = False) -> set[str]:
        sql = "SELECT id FROM records WHERE system = ? AND object = ? AND (modified_ms > ?"
        sql += " OR deleted_ms > ?)" if archived_too else ")"
        params = (system, obj, since, since) if archived_too else (system, obj, since)
        return {rid for (rid,) in store.con.execute(sql, params)}

    with EmulatorServer(store) as server:
        sf = salesforce_client(server.url)
        for obj in ("Account", "Contact", "Lead", "Opportunity", "Task"):
            got = {
                r["Id"]: r
                for r in sf.query_all_iter(
                    f"SELECT Id, IsDeleted FROM {obj} WHERE SystemModstamp > {iso} ORDER BY SystemModstamp, Id",
                    include_deleted=True,
                )
            }
            assert set(got) == changed("salesforce", obj), obj
        deleted = sf.Lead.deleted(
            datetime.fromtimestamp(since / 1000, tz=UTC), datetime.fromtimestamp(store.now_ms / 1000, tz=UTC)
        )
        expected_deleted = {
            rid
            for (rid,) in store.con.execute(
                "SELECT id FROM records WHERE system = 'salesforce' AND object = 'Lead' AND deleted_ms > ?", (since,)
            )
        }
        assert {d["id"] for d in deleted["deletedRecords"]} == expected_deleted

        hs = hubspot_client(server.url)
        request = PublicObjectSearchRequest(
            filter_groups=[
                {"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GT", "value": str(since)}]}
            ],
            sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
            limit=100,
        )
        found, after = set(), None
        while True:
            request.after = after
            page = hs.crm.contacts.search_api.do_search(public_object_search_request=request)
            found |= {r.id for r in page.results}
            if not page.paging:
                break
            after = page.paging.next.after
        live_changed = {
            rid for rid in changed("hubspot", "contacts") if not store.get("hubspot", "contacts", rid).deleted
        }
        assert found == live_changed
        archived, after = set(), None
        while True:
            page = hs.crm.contacts.basic_api.get_page(limit=100, after=after, archived=True)
            archived |= {r.id for r in page.results}
            if not page.paging:
                break
            after = page.paging.next.after
        newly_archived = {
            rid
            for (rid,) in store.con.execute(
                "SELECT id FROM records WHERE system = 'hubspot' AND object = 'contacts' AND deleted_ms > ?", (since,)
            )
        }
        assert newly_archived and newly_archived <= archived

        tickets = _zendesk_export(
            server.url, "/api/v2/incremental/tickets/cursor.json", "tickets", start=since // 1000 + 1
        )
        assert {str(t["id"]) for t in tickets} == changed("zendesk", "tickets")
        assert any(t["status"] == "deleted" for t in tickets)
