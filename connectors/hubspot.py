"""HubSpot CRM as a dlt source, read through hubspot-api-client.

Unlike dlt's verified HubSpot source this one is incremental: each CRM object is read with the
search API on ``hs_lastmodifieddate``, in windows that restart from the last seen timestamp so a
sync never runs into search's 10,000-result cap. Archived records (which search never returns and
archiving does not re-stamp) are read from the archived listing, with their properties fetched in
chunks so no request URL outgrows the API's limit. The associations of every changed record are
re-read through v4 and replace the old ones, so they stay right on incremental runs.
A record read twice at a window's edge is dropped by the merge on ``id``, as in the Salesforce source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dlt
import orjson
from dlt.sources import DltResource
from hubspot import HubSpot
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest
from hubspot.crm.objects import PublicObjectSearchRequest

from connectors.arrow_pages import TableBatches
from connectors.column_hints import warehouse_types
from connectors.read_ahead import read_ahead
from connectors.retries import transient

OBJECTS = ("companies", "contacts", "deals", "emails", "meetings", "calls", "notes", "feedback_submissions")
ASSOCIATIONS = {
    "companies": ("companies",),
    "contacts": ("companies",),
    "deals": ("companies", "contacts"),
    "emails": ("contacts", "companies"),
    "meetings": ("contacts", "companies"),
    "calls": ("contacts", "companies"),
    "notes": ("contacts", "companies"),
    "feedback_submissions": ("contacts",),
}
EPOCH = "1970-01-01T00:00:00.000Z"
CURSOR = "hs_lastmodifieddate"
LINK_TYPES = {"from_id": "text", "to_id": "text", "type_id": "bigint", "label": "text", CURSOR: "timestamp"}
SEARCH_PAGE = 200
SEARCH_CAP = 10_000
URL_BUDGET = 2_000
READ_AHEAD_PAGES = 2
ASSOCIATION_WORKERS = 2
DATA_TYPES = {"number": "double", "datetime": "timestamp", "date": "date", "bool": "bool"}


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


@dataclass(frozen=True)
class _Apis:
    """The client's API objects, made once per resource.

    Each attribute access on ``client.crm`` builds a new API client, with a connection pool of
    its own (a new TCP connection per request) and a fresh read of the package's version from
    its metadata: a fifth of the client's time in a large sync.
    """

    search: Any
    basic: Any
    associations: Any
    properties: Any

    @classmethod
    def of(cls, client: HubSpot) -> _Apis:
        crm = client.crm
        return cls(
            crm.objects.search_api, crm.objects.basic_api, crm.associations.v4.batch_api, crm.properties.core_api
        )


def _properties(apis: _Apis, object_type: str) -> dict[str, str]:
    return {p.name: DATA_TYPES.get(p.type, "text") for p in apis.properties.get_all(object_type).results}


def _column_types(object_type: str, properties: dict[str, str]) -> dict[str, str]:
    return warehouse_types(object_type, {"id": "text", **properties, "archived": "bool"})


def _row(result: dict[str, Any]) -> dict[str, Any]:
    row = {"id": result["id"], **result["properties"], "archived": bool(result.get("archived"))}
    if result.get("archivedAt"):
        row["archived_at"] = result["archivedAt"]
    return row


class _Search:
    """One search query paged up to the cap; ``capped`` tells the caller more remain beyond it."""

    def __init__(self, apis: _Apis, object_type: str, names: list[str], cap: int) -> None:
        self.apis, self.object_type, self.names, self.cap = apis, object_type, names, cap
        self.capped = False

    def pages(self, filters: list[dict[str, str]], sort: str) -> Iterator[list[dict[str, Any]]]:
        self.capped, offset = False, 0
        while True:
            request = PublicObjectSearchRequest(
                filter_groups=[{"filters": filters}],
                sorts=[{"propertyName": sort, "direction": "ASCENDING"}],
                properties=self.names,
                limit=SEARCH_PAGE,
                after=str(offset) if offset else None,
            )
            page = _json(self.apis.search.do_search, self.object_type, public_object_search_request=request)
            rows = [_row(r) for r in page["results"]]
            if rows:
                yield rows
            if not page.get("paging"):
                return
            offset += len(rows)
            if offset + SEARCH_PAGE > self.cap:
                self.capped = True
                return


def _filter(name: str, operator: str, value: int | str) -> dict[str, str]:
    return {"propertyName": name, "operator": operator, "value": str(value)}


def _search(apis: _Apis, object_type: str, names: list[str], since: str, cap: int) -> Iterator[list[dict[str, Any]]]:
    """Everything modified at or after ``since``, window after window below the search cap.

    Each window restarts at the last modification time it saw. When more records than the cap
    share one instant (a bulk update or import), that instant is read on its own, keyset-paged on
    the record id, and the windows go on from the next millisecond.
    """
    search = _Search(apis, object_type, names, cap)
    start = _epoch_ms(since)
    while True:
        last = start
        for rows in search.pages([_filter("hs_lastmodifieddate", "GTE", start)], "hs_lastmodifieddate"):
            yield rows
            last = _epoch_ms(rows[-1]["hs_lastmodifieddate"])
        if not search.capped:
            return
        if last == start:
            yield from _tied(search, start)
            last = start + 1
        start = last


def _tied(search: _Search, stamp: int) -> Iterator[list[dict[str, Any]]]:
    """Every record modified exactly at ``stamp``, window after window on increasing ids."""
    after = 0
    while True:
        filters = [_filter("hs_lastmodifieddate", "EQ", stamp), _filter("hs_object_id", "GT", after)]
        for rows in search.pages(filters, "hs_object_id"):
            yield rows
            after = rows[-1]["id"]
        if not search.capped:
            return


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


def _archived(apis: _Apis, object_type: str, names: list[str]) -> Iterator[list[dict[str, Any]]]:
    after = None
    chunks = _chunks(names)

    def page_of(chunk: list[str]) -> dict[str, Any]:
        return _json(apis.basic.get_page, object_type, limit=100, after=after, archived=True, properties=chunk)

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


def _associations(apis: _Apis, from_type: str, to_type: str, stamps: dict[str, str | None]) -> list[dict[str, Any]]:
    """A row per current link of each record to ``to_type``, and one without a link for a record that
    has none: the merge on ``from_id`` replaces all of a record's earlier links, even with none.

    Each row carries its record's modification stamp (``stamps``), the cursor its resource reads."""
    ids = list(stamps)
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 1000):
        batch = BatchInputPublicFetchAssociationsBatchRequest(inputs=[{"id": i} for i in ids[start : start + 1000]])
        response = _json(
            apis.associations.get_page,
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
    return [{"from_id": i, CURSOR: stamps[i], **link} for i, links in found.items() for link in links or ({},)]


def object_resource(client: HubSpot, object_type: str, search_cap: int = SEARCH_CAP) -> DltResource:
    @dlt.resource(
        name=object_type,
        primary_key="id",
        write_disposition="merge",
        columns={"archived": {"data_type": "bool"}, CURSOR: {"data_type": "timestamp"}},
    )
    def records(
        modified: dlt.sources.incremental[str] = dlt.sources.incremental(
            CURSOR, initial_value=EPOCH, on_cursor_value_missing="include", primary_key=()
        ),
    ) -> Iterator[Any]:
        apis = _Apis.of(client)
        types = _properties(apis, object_type)
        pages = _search(apis, object_type, sorted(types), modified.start_value, search_cap)
        yield from _arrow_tables(apis, object_type, pages, _column_types(object_type, types))

    return records


def archived_resource(client: HubSpot, object_type: str) -> DltResource:
    """Archived records into the same table, flagged: search cannot see them and their stamp is old."""

    @dlt.resource(
        name=f"{object_type}_archived",
        table_name=object_type,
        primary_key="id",
        write_disposition="merge",
        columns={"archived_at": {"data_type": "timestamp"}, CURSOR: {"data_type": "timestamp"}},
    )
    def records() -> Iterator[Any]:
        apis = _Apis.of(client)
        types = _properties(apis, object_type)
        pages = _archived(apis, object_type, sorted(types))
        yield from _arrow_tables(
            apis, object_type, pages, _column_types(object_type, {**types, "archived_at": "timestamp"})
        )

    return records


def _arrow_tables(
    apis: _Apis, object_type: str, pages: Iterator[list[dict[str, Any]]], types: dict[str, str]
) -> Iterator[Any]:
    """The records of ``pages`` (columns typed by ``types``) and their association rows, as Arrow tables."""
    records, links = TableBatches(types, cursors=(CURSOR,)), _LinkTables()
    for rows, page_links in _with_associations(apis, object_type, pages):
        yield from records.add(rows)
        yield from links.add(page_links)
    yield from records.flush()
    yield from links.flush()


def _with_associations(
    apis: _Apis, object_type: str, pages: Iterator[list[dict[str, Any]]]
) -> Iterator[tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]]:
    """Each page of records with the association rows of its records, by table.

    A page's association batches are requested while the search asks for the pages after it,
    and all of that while dlt processes the page before: with one request at a time, the
    client and the server each sat idle half of a large sync waiting for the other.
    """
    with ThreadPoolExecutor(max_workers=ASSOCIATION_WORKERS, thread_name_prefix="associations") as pool:

        def fetched(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Future[list[Any]]]]:
            stamps = {r["id"]: r.get(CURSOR) for r in rows}
            return rows, {
                f"{object_type}_{to_type}_links": pool.submit(_associations, apis, object_type, to_type, stamps)
                for to_type in ASSOCIATIONS.get(object_type, ())
            }

        for rows, links in read_ahead(map(fetched, pages), depth=READ_AHEAD_PAGES):
            yield rows, {table: future.result() for table, future in links.items()}


class _LinkTables:
    """Association rows gathered by table into Arrow tables; a table's hints go with its first one.

    Hints on an item make dlt recompute and revalidate every table's schema, which on every page
    was a tenth of the extract; once declared, the table variant is addressed by name. A record
    read twice in one sync (at a search window's edge) leaves its links twice in the raw table,
    until its next change; staging reads them distinct.
    """

    def __init__(self) -> None:
        self._batches: dict[str, TableBatches] = {}
        self._hinted: set[str] = set()

    def add(self, tables: dict[str, list[dict[str, Any]]]) -> Iterator[Any]:
        for table, rows in tables.items():
            batches = self._batches.setdefault(table, TableBatches(LINK_TYPES, cursors=(CURSOR,)))
            yield from self._marked(table, batches.add(rows))

    def flush(self) -> Iterator[Any]:
        for table, batches in self._batches.items():
            yield from self._marked(table, batches.flush())

    def _marked(self, table: str, arrow_tables: Iterator[Any]) -> Iterator[Any]:
        for arrow_table in arrow_tables:
            if table in self._hinted:
                yield dlt.mark.with_table_name(arrow_table, table)
                continue
            self._hinted.add(table)
            hints = dlt.mark.make_hints(
                table_name=table,
                write_disposition="merge",
                primary_key=(),  # a variant starts from its resource's hints: not the record's id
                merge_key="from_id",
                columns={CURSOR: {"data_type": "timestamp"}},
            )
            yield dlt.mark.with_hints(arrow_table, hints, create_table_variant=True)


def owners_resource(client: HubSpot) -> DltResource:
    @dlt.resource(name="owners", primary_key="id", write_disposition="merge")
    def records() -> Iterator[list[dict[str, Any]]]:
        owners = client.crm.owners.owners_api
        for archived in (False, True):
            after = None
            while True:
                page = owners.get_page(limit=100, after=after, archived=archived)
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
