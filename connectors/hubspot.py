"""HubSpot CRM as a dlt source, read through hubspot-api-client.

Unlike dlt's verified HubSpot source this one is incremental: each CRM object is read with the
search API on ``hs_lastmodifieddate``, in windows that restart from the last seen timestamp so a
sync never runs into search's 10,000-result cap. Archived records (which search never returns and
archiving does not re-stamp) are read from the archived listing, with their properties fetched in
chunks so no request URL outgrows the API's limit. The associations of every changed record are
re-read through v4 and replace the old ones, so they stay right on incremental runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import dlt
import orjson
from dlt.sources import DltResource
from hubspot import HubSpot
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest
from hubspot.crm.objects import PublicObjectSearchRequest

from connectors.column_hints import new_column_hints
from connectors.retries import transient

OBJECTS = ("companies", "contacts", "deals", "emails", "meetings", "calls", "notes")
ASSOCIATIONS = {
    "companies": ("companies",),
    "contacts": ("companies",),
    "deals": ("companies", "contacts"),
    "emails": ("contacts", "companies"),
    "meetings": ("contacts", "companies"),
    "calls": ("contacts", "companies"),
    "notes": ("contacts", "companies"),
}
EPOCH = "1970-01-01T00:00:00.000Z"
SEARCH_PAGE = 200
SEARCH_CAP = 10_000
URL_BUDGET = 2_000
DATA_TYPES = {"number": "double", "datetime": "timestamp", "date": "date", "bool": "bool"}


class SearchWindowStuck(RuntimeError):
    """More than the search cap of records share one modification instant: windowing cannot advance."""


@transient
def _json(call: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The response as plain dicts, still built, authenticated and status-retried by the client.

    The client's generated models parse every timestamp with dateutil, which was most of a sync's
    extract time; the warehouse wants the JSON anyway. Reading the body ourselves moves a body cut
    off mid-read out of urllib3's retry, so it is retried here.
    """
    return orjson.loads(call(*args, _preload_content=False, **kwargs).data)


def _epoch_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000)


def _properties(client: HubSpot, object_type: str) -> dict[str, str]:
    return {p.name: DATA_TYPES.get(p.type, "text") for p in client.crm.properties.core_api.get_all(object_type).results}


def _row(result: dict[str, Any]) -> dict[str, Any]:
    row = {"id": result["id"], **result["properties"], "archived": bool(result.get("archived"))}
    if result.get("archivedAt"):
        row["archived_at"] = result["archivedAt"]
    return row


def _search(
    client: HubSpot, object_type: str, names: list[str], since: str, cap: int
) -> Iterator[list[dict[str, Any]]]:
    """Everything modified at or after ``since``, window after window below the search cap."""
    start = since
    while True:
        offset, last_seen = 0, start
        while True:
            request = PublicObjectSearchRequest(
                filter_groups=[
                    {
                        "filters": [
                            {"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": str(_epoch_ms(start))}
                        ]
                    }
                ],
                sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
                properties=names,
                limit=SEARCH_PAGE,
                after=str(offset) if offset else None,
            )
            page = _json(client.crm.objects.search_api.do_search, object_type, public_object_search_request=request)
            rows = [_row(r) for r in page["results"]]
            if rows:
                yield rows
                last_seen = rows[-1]["hs_lastmodifieddate"]
            if not page.get("paging"):
                return
            offset += len(rows)
            if offset + SEARCH_PAGE > cap:
                break
        if last_seen == start:
            raise SearchWindowStuck(f"over {cap} HubSpot {object_type} share hs_lastmodifieddate {start}")
        start = last_seen


def _chunks(names: list[str], budget: int = URL_BUDGET) -> list[list[str]]:
    """Property lists whose ``&properties=`` query strings each stay within ``budget`` characters."""
    chunks: list[list[str]] = [[]]
    size = 0
    for name in names:
        cost = len(name) + len("&properties=")
        if chunks[-1] and size + cost > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(name)
        size += cost
    return chunks


def _archived(client: HubSpot, object_type: str, names: list[str]) -> Iterator[list[dict[str, Any]]]:
    after = None
    chunks = _chunks(names)

    def page_of(chunk: list[str]) -> dict[str, Any]:
        get_page = client.crm.objects.basic_api.get_page
        return _json(get_page, object_type, limit=100, after=after, archived=True, properties=chunk)

    while True:
        page = page_of(chunks[0])
        rows = {r["id"]: _row(r) for r in page["results"]}
        for chunk in chunks[1:]:
            for r in page_of(chunk)["results"]:
                if r["id"] in rows:
                    rows[r["id"]].update(r["properties"])
        if rows:
            yield list(rows.values())
        if not page.get("paging"):
            return
        after = page["paging"]["next"]["after"]


def _associations(client: HubSpot, from_type: str, to_type: str, ids: list[str]) -> list[dict[str, Any]]:
    """One row per record: its current links to ``to_type``, which replace the previous ones on merge."""
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 1000):
        batch = BatchInputPublicFetchAssociationsBatchRequest(inputs=[{"id": i} for i in ids[start : start + 1000]])
        response = _json(
            client.crm.associations.v4.batch_api.get_page,
            from_type,
            to_type,
            batch_input_public_fetch_associations_batch_request=batch,
        )
        for result in response["results"]:
            found[result["from"]["id"]] = [
                {"to_id": str(link["toObjectId"]), "type_id": kind["typeId"], "label": kind.get("label")}
                for link in result["to"]
                for kind in link["associationTypes"]
            ]
    return [{"from_id": i, "links": links} for i, links in found.items()]


def object_resource(client: HubSpot, object_type: str, search_cap: int = SEARCH_CAP) -> DltResource:
    @dlt.resource(
        name=object_type, primary_key="id", write_disposition="merge", columns={"archived": {"data_type": "bool"}}
    )
    def records(
        modified: dlt.sources.incremental[str] = dlt.sources.incremental(
            "hs_lastmodifieddate", initial_value=EPOCH, on_cursor_value_missing="include"
        ),
    ) -> Iterator[Any]:
        types = _properties(client, object_type)
        names = sorted(types)
        hints = new_column_hints(object_type, {**types, "archived": "bool"})
        first = True
        for rows in _search(client, object_type, names, modified.start_value, search_cap):
            yield dlt.mark.with_hints(rows, hints) if first and hints else rows
            first = False
            yield from _association_rows(client, object_type, [r["id"] for r in rows])

    return records


def archived_resource(client: HubSpot, object_type: str) -> DltResource:
    """Archived records into the same table, flagged: search cannot see them and their stamp is old."""

    @dlt.resource(
        name=f"{object_type}_archived",
        table_name=object_type,
        primary_key="id",
        write_disposition="merge",
        columns={"archived_at": {"data_type": "timestamp"}},
    )
    def records() -> Iterator[Any]:
        names = sorted(_properties(client, object_type))
        for rows in _archived(client, object_type, names):
            yield rows
            yield from _association_rows(client, object_type, [r["id"] for r in rows])

    return records


def _association_rows(client: HubSpot, object_type: str, ids: list[str]) -> Iterator[Any]:
    for to_type in ASSOCIATIONS.get(object_type, ()):
        table = f"{object_type}_to_{to_type}"
        rows = _associations(client, object_type, to_type, ids)
        hints = dlt.mark.make_hints(table_name=table, primary_key="from_id", write_disposition="merge")
        yield dlt.mark.with_hints(rows, hints, create_table_variant=True)


def owners_resource(client: HubSpot) -> DltResource:
    @dlt.resource(name="owners", primary_key="id", write_disposition="merge")
    def records() -> Iterator[list[dict[str, Any]]]:
        for archived in (False, True):
            after = None
            while True:
                page = client.crm.owners.owners_api.get_page(limit=100, after=after, archived=archived)
                yield [o.to_dict() for o in page.results]
                if not page.paging:
                    break
                after = page.paging.next.after

    return records


@dlt.source(name="hubspot", max_table_nesting=1)
def hubspot_source(
    client: HubSpot, objects: Sequence[str] = OBJECTS, search_cap: int = SEARCH_CAP
) -> Iterator[DltResource]:
    for object_type in objects:
        yield object_resource(client, object_type, search_cap)
        yield archived_resource(client, object_type)
    yield owners_resource(client)
