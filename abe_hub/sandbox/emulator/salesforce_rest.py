"""Salesforce REST emulator: query / queryAll / queryMore, describe, global describe, deleted,
updated, limits and single-record reads, with Salesforce's own response and error shapes.

Paging is keyset-based on the ``records_by_modified`` index whenever the query orders by
SystemModstamp (or Id), which is what an incremental sync sends: a page costs an index seek
however large the object, as on the real service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.routing import Route

from abe_hub.sandbox.clock import salesforce_datetime
from abe_hub.sandbox.emulator.context import SALESFORCE, EmulatorContext
from abe_hub.sandbox.emulator.responses import JSON, note_records, salesforce_error
from abe_hub.sandbox.emulator.salesforce_soql import Query, SoqlError, Translator, parse
from abe_hub.sandbox.store import Field

PREFIX = "/services/data/v{version:str}"
REFERENCE_TARGETS = {
    "AccountId": ["Account"],
    "OwnerId": ["User"],
    "WhoId": ["Contact", "Lead"],
    "WhatId": ["Account", "Opportunity"],
    "ContactId": ["Contact"],
    "LeadId": ["Lead"],
    "OpportunityId": ["Opportunity"],
    "CampaignId": ["Campaign"],
    "ConvertedAccountId": ["Account"],
    "ConvertedContactId": ["Contact"],
    "MasterRecordId": [],
}
SOAP_TYPES = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "boolean": "xsd:boolean",
    "datetime": "xsd:dateTime",
    "date": "xsd:date",
    "double": "xsd:double",
    "currency": "xsd:double",
    "percent": "xsd:double",
    "int": "xsd:int",
}
_BATCH_HEADER = re.compile(r"batchSize\s*=\s*(\d+)", re.IGNORECASE)


@dataclass
class Cursor:
    """Server-side state of a query locator: the SQL, where the next page starts, how much is left."""

    sobject: str
    fields: list[str]
    sql_where: str
    params: list[Any]
    order_sql: str
    keyset: str | None
    last: tuple[Any, ...] | None
    remaining: int | None
    served: int
    total: int
    include_deleted: bool


def _fields(ctx: EmulatorContext, sobject: str) -> list[Field]:
    return ctx.store.fields(SALESFORCE, sobject)


def _objects(ctx: EmulatorContext) -> dict[str, str]:
    return {obj.lower(): obj for system, obj in ctx.store.objects() if system == SALESFORCE}


def _resolve_object(ctx: EmulatorContext, name: str) -> str:
    try:
        return _objects(ctx)[name.lower()]
    except KeyError:
        raise SoqlError("INVALID_TYPE", f"sObject type '{name}' is not supported.") from None


def _order(query: Query, translator: Translator) -> tuple[str, str | None]:
    """The ORDER BY clause, and which keyset (if any) pages it by index."""
    names = [(translator.name(f).lower(), desc, nulls) for f, desc, nulls in query.order]
    plain = [n for n, desc, nulls in names if not desc and nulls is None]
    if not names or plain == ["id"] and len(names) == 1:
        return "id", "id"
    if plain in (["systemmodstamp"], ["systemmodstamp", "id"]) and len(plain) == len(names):
        return "modified_ms, id", "modified_ms"
    parts = [
        f"{translator.column(f)} {'DESC' if desc else 'ASC'}" + (f" NULLS {nulls.upper()}" if nulls else "")
        for f, desc, nulls in query.order
    ]
    return ", ".join([*parts, "id"]), None


def _attributes(version: str, sobject: str, rid: str) -> dict[str, str]:
    return {"type": sobject, "url": f"/services/data/v{version}/sobjects/{sobject}/{rid}"}


def _record(cursor: Cursor, version: str, rid: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"attributes": _attributes(version, cursor.sobject, rid), **{name: body.get(name) for name in cursor.fields}}


def _page(ctx: EmulatorContext, cursor: Cursor, version: str, size: int) -> tuple[list[dict[str, Any]], bool]:
    take = size if cursor.remaining is None else min(size, cursor.remaining)
    sql = "SELECT id, modified_ms, body FROM records WHERE system = ? AND object = ?"
    params: list[Any] = [SALESFORCE, cursor.sobject]
    offset = 0
    # The keyset bound comes before the query's own conditions: SQLite seeks the index on the first
    # range it meets, and a bound on SystemModstamp in the WHERE would otherwise win on every page.
    if cursor.keyset == "id" and cursor.last:
        sql += " AND id > ?"
        params.append(cursor.last[0])
    elif cursor.keyset == "modified_ms" and cursor.last:
        sql += " AND (modified_ms, id) > (?, ?)"
        params += [cursor.last[1], cursor.last[0]]
    elif cursor.keyset is None:
        offset = cursor.served
    if not cursor.include_deleted:
        sql += " AND deleted = 0"
    if cursor.sql_where:
        sql += f" AND ({cursor.sql_where})"
        params += cursor.params
    sql += f" ORDER BY {cursor.order_sql} LIMIT ? OFFSET ?"
    rows = ctx.store.con.execute(sql, [*params, take, offset]).fetchall()
    records = [_record(cursor, version, rid, orjson.loads(body)) for rid, _modified, body in rows]
    if rows:
        cursor.last = (rows[-1][0], rows[-1][1])
    cursor.served += len(rows)
    if cursor.remaining is not None:
        cursor.remaining -= len(rows)
    done = cursor.served >= cursor.total or len(rows) < take or cursor.remaining == 0
    return records, done


def _batch_size(ctx: EmulatorContext, request: Request) -> int:
    match = _BATCH_HEADER.search(request.headers.get("sforce-query-options", ""))
    size = int(match.group(1)) if match else ctx.limits.salesforce_batch_size
    return max(200, min(size, ctx.limits.salesforce_batch_size))


def _answer(ctx: EmulatorContext, request: Request, key: str, cursor: Cursor, endpoint: str) -> JSON:
    version = request.path_params["version"].lstrip("v")
    records, done = _page(ctx, cursor, version, _batch_size(ctx, request))
    note_records(request, cursor.sobject, len(records))
    body: dict[str, Any] = {"totalSize": cursor.total, "done": done}
    if done:
        ctx.cursors.pop(key, None)
    else:
        body["nextRecordsUrl"] = f"/services/data/v{version}/{endpoint}/01g{key}-{cursor.served}"
    body["records"] = records
    return JSON(body)


def _start_query(ctx: EmulatorContext, request: Request, include_deleted: bool) -> JSON:
    endpoint = "queryAll" if include_deleted else "query"
    text = request.query_params.get("q")
    if not text:
        return salesforce_error(400, "MALFORMED_QUERY", "A query string is required (parameter q).")
    try:
        query = parse(text)
        sobject = _resolve_object(ctx, query.sobject)
        translator = Translator(sobject, [f.name for f in _fields(ctx, sobject)])
        fields = [translator.name(f) for f in query.fields]
        params: list[Any] = []
        where = translator.where(query.where, params) if query.where is not None else ""
        order_sql, keyset = _order(query, translator)
    except SoqlError as exc:
        return salesforce_error(400, exc.code, str(exc))
    count_sql = "SELECT count(*) FROM records WHERE system = ? AND object = ?"
    count_sql += "" if include_deleted else " AND deleted = 0"
    count_sql += f" AND ({where})" if where else ""
    total = ctx.store.con.execute(count_sql, [SALESFORCE, sobject, *params]).fetchone()[0]
    if query.limit is not None:
        total = min(total, query.limit)
    cursor = Cursor(sobject, fields, where, params, order_sql, keyset, None, query.limit, 0, total, include_deleted)
    return _answer(ctx, request, ctx.new_cursor(cursor), cursor, endpoint)


def _more(ctx: EmulatorContext, request: Request, include_deleted: bool) -> JSON:
    locator = request.path_params["locator"]
    match = re.fullmatch(r"01g(\d+)-(\d+)", locator)
    cursor = ctx.cursors.get(match.group(1)) if match else None
    if cursor is None or cursor.include_deleted != include_deleted or cursor.served != int(match.group(2)):
        return salesforce_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    return _answer(ctx, request, match.group(1), cursor, "queryAll" if include_deleted else "query")


def _describe_field(f: Field) -> dict[str, Any]:
    reference_to = REFERENCE_TARGETS.get(f.name, [f.object] if f.name == "ParentId" else [])
    return {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "custom": f.custom,
        "nillable": f.type not in ("id", "boolean"),
        "length": 255 if f.type in ("string", "url", "email", "phone", "picklist") else 0,
        "referenceTo": reference_to if f.type == "reference" else [],
        "relationshipName": f.name[:-2] if f.type == "reference" and f.name.endswith("Id") else None,
        "compoundFieldName": None,
        "soapType": SOAP_TYPES.get(f.type, "xsd:string"),
        "picklistValues": [
            {"value": o, "label": o, "active": True, "defaultValue": False, "validFor": None} for o in f.options
        ],
        "updateable": f.type not in ("id",) and f.name not in ("CreatedDate", "SystemModstamp", "IsDeleted"),
        "createable": f.type != "id",
        "filterable": True,
        "sortable": True,
        "calculated": False,
        "unique": False,
    }


def _sobject_summary(version: str, name: str) -> dict[str, Any]:
    base = f"/services/data/v{version}/sobjects/{name}"
    return {
        "name": name,
        "label": name,
        "labelPlural": f"{name}s",
        "custom": name.endswith("__c"),
        "keyPrefix": None,
        "queryable": True,
        "replicateable": True,
        "retrieveable": True,
        "urls": {"sobject": base, "describe": f"{base}/describe", "rowTemplate": f"{base}/{{ID}}"},
    }


def _parse_time(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000)
    except ValueError:
        return None


def routes(ctx: EmulatorContext) -> list[Route]:
    def query(request: Request) -> JSON:
        return _start_query(ctx, request, include_deleted=False)

    def query_all(request: Request) -> JSON:
        return _start_query(ctx, request, include_deleted=True)

    def query_more(request: Request) -> JSON:
        return _more(ctx, request, include_deleted=False)

    def query_all_more(request: Request) -> JSON:
        return _more(ctx, request, include_deleted=True)

    def versions(_: Request) -> JSON:
        return JSON([{"label": "Winter '24", "url": "/services/data/v59.0", "version": "59.0"}])

    def global_describe(request: Request) -> JSON:
        version = request.path_params["version"].lstrip("v")
        names = sorted(_objects(ctx).values())
        return JSON(
            {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": [_sobject_summary(version, n) for n in names]}
        )

    def describe(request: Request) -> JSON:
        try:
            sobject = _resolve_object(ctx, request.path_params["sobject"])
        except SoqlError:
            return salesforce_error(404, "NOT_FOUND", "The requested resource does not exist")
        version = request.path_params["version"].lstrip("v")
        return JSON(
            {**_sobject_summary(version, sobject), "fields": [_describe_field(f) for f in _fields(ctx, sobject)]}
        )

    def changed(request: Request) -> JSON:
        try:
            sobject = _resolve_object(ctx, request.path_params["sobject"])
        except SoqlError:
            return salesforce_error(404, "NOT_FOUND", "The requested resource does not exist")
        if request.path_params["kind"] not in ("deleted", "updated"):
            return salesforce_error(404, "NOT_FOUND", "The requested resource does not exist")
        start, end = _parse_time(request.query_params.get("start")), _parse_time(request.query_params.get("end"))
        now = ctx.store.now_ms
        if start is None or end is None or end <= start:
            return salesforce_error(400, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate")
        if start < now - 30 * 86_400_000:
            return salesforce_error(400, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago")
        end = min(end, now)
        if request.path_params["kind"] == "deleted":
            rows = ctx.store.con.execute(
                "SELECT id, deleted_ms FROM records WHERE system = ? AND object = ? AND deleted = 1 "
                "AND deleted_ms >= ? AND deleted_ms <= ? ORDER BY deleted_ms, id",
                (SALESFORCE, sobject, start, end),
            ).fetchall()
            note_records(request, sobject, len(rows))
            return JSON(
                {
                    "deletedRecords": [{"id": rid, "deletedDate": salesforce_datetime(at)} for rid, at in rows],
                    "earliestDateAvailable": salesforce_datetime(now - 30 * 86_400_000),
                    "latestDateCovered": salesforce_datetime(end),
                }
            )
        rows = ctx.store.con.execute(
            "SELECT id FROM records WHERE system = ? AND object = ? AND deleted = 0 AND modified_ms >= ? "
            "AND modified_ms <= ? ORDER BY modified_ms, id",
            (SALESFORCE, sobject, start, end),
        ).fetchall()
        note_records(request, sobject, len(rows))
        return JSON({"ids": [rid for (rid,) in rows], "latestDateCovered": salesforce_datetime(end)})

    def one(request: Request) -> JSON:
        try:
            sobject = _resolve_object(ctx, request.path_params["sobject"])
        except SoqlError:
            return salesforce_error(404, "NOT_FOUND", "The requested resource does not exist")
        record = ctx.store.get(SALESFORCE, sobject, request.path_params["rid"])
        if record is None or record.deleted:
            return salesforce_error(404, "NOT_FOUND", "The requested resource does not exist")
        note_records(request, sobject, 1)
        version = request.path_params["version"].lstrip("v")
        return JSON({"attributes": _attributes(version, sobject, record.id), **record.body})

    def limits(_: Request) -> JSON:
        limit = ctx.limits.salesforce_daily_requests
        return JSON({"DailyApiRequests": {"Max": limit, "Remaining": max(0, limit - ctx.salesforce_requests)}})

    return [
        Route("/services/data", versions),
        Route("/services/data/", versions),
        Route(f"{PREFIX}/query", query),
        Route(f"{PREFIX}/query/", query),
        Route(f"{PREFIX}/queryAll", query_all),
        Route(f"{PREFIX}/queryAll/", query_all),
        Route(f"{PREFIX}/query/{{locator:str}}", query_more),
        Route(f"{PREFIX}/queryAll/{{locator:str}}", query_all_more),
        Route(f"{PREFIX}/limits", limits),
        Route(f"{PREFIX}/limits/", limits),
        Route(f"{PREFIX}/sobjects", global_describe),
        Route(f"{PREFIX}/sobjects/", global_describe),
        Route(f"{PREFIX}/sobjects/{{sobject:str}}/describe", describe),
        Route(f"{PREFIX}/sobjects/{{sobject:str}}/describe/", describe),
        Route(f"{PREFIX}/sobjects/{{sobject:str}}/{{kind:str}}/", changed),
        Route(f"{PREFIX}/sobjects/{{sobject:str}}/{{rid:str}}", one),
    ]
