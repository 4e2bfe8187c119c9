"""HubSpot CRM emulator: v3 object lists and reads, search (with the 10,000-result cap), v4
associations, properties and owners, in the shapes hubspot-api-client validates.

Lists page by id and search by its sort key through the store's indexes, so a night's incremental
search over a million contacts costs what the change costs, not what the world costs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.routing import Route

from abe_hub.sandbox.clock import hubspot_datetime
from abe_hub.sandbox.emulator.context import HUBSPOT, EmulatorContext
from abe_hub.sandbox.emulator.responses import JSON, hubspot_error, note_records
from abe_hub.sandbox.store import Field

MAX_URL_LENGTH = 3000
SEARCH_MAX_LIMIT = 200
ALWAYS = ("hs_object_id", "createdate", "hs_lastmodifieddate")
DEFAULT_PROPERTIES = {
    "companies": ("name", "domain"),
    "contacts": ("firstname", "lastname", "email"),
    "deals": ("dealname", "amount", "dealstage", "pipeline", "closedate"),
}
ALIASES = {"0-1": "contacts", "0-2": "companies", "0-3": "deals"}
COLUMNS = {"hs_lastmodifieddate": "modified_ms", "createdate": "created_ms", "hs_object_id": "id"}
SQL_OPERATORS = {"EQ": "=", "NEQ": "!=", "LT": "<", "LTE": "<=", "GT": ">", "GTE": ">="}
FIELD_TYPES = {
    "string": "text",
    "number": "number",
    "date": "date",
    "datetime": "date",
    "enumeration": "select",
    "bool": "booleancheckbox",
}


def _object_type(ctx: EmulatorContext, name: str) -> str | None:
    name = ALIASES.get(name, name)
    known = {obj for system, obj in ctx.store.objects() if system == HUBSPOT}
    return name if name in known and name != "owners" else None


def _unknown(name: str) -> JSON:
    return hubspot_error(400, "VALIDATION_ERROR", f"Unable to infer object type from: {name}")


def _to_ms(value: Any) -> int:
    text = str(value)
    if text.lstrip("-").isdigit():
        return int(text)
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000)


def _object(
    rid: str, created: int, modified: int, deleted_ms: int | None, props: dict[str, Any], wanted: list[str]
) -> dict[str, Any]:
    chosen = {name: props[name] for name in (*wanted, *ALWAYS) if name in props}
    result: dict[str, Any] = {
        "id": rid,
        "properties": chosen,
        "createdAt": hubspot_datetime(created),
        "updatedAt": hubspot_datetime(modified),
        "archived": deleted_ms is not None,
    }
    if deleted_ms is not None:
        result["archivedAt"] = hubspot_datetime(deleted_ms)
    return result


def _wanted(obj: str, requested: list[str]) -> list[str]:
    names = [n for value in requested for n in value.split(",") if n]
    return names or list(DEFAULT_PROPERTIES.get(obj, ()))


def _filter_sql(f: dict[str, Any], params: list[Any]) -> str:
    name, op = f.get("propertyName"), str(f.get("operator", "EQ")).upper()
    if not name:
        raise ValueError("filter without propertyName")
    column = COLUMNS.get(name)
    expr = column or f"json_extract(body, '$.{name}')"

    def cast(value: Any) -> Any:
        return _to_ms(value) if column in ("modified_ms", "created_ms") else str(value)

    if op in SQL_OPERATORS:
        params.append(cast(f.get("value")))
        return f"{expr} {SQL_OPERATORS[op]} ?"
    if op == "BETWEEN":
        params.extend((cast(f.get("value")), cast(f.get("highValue"))))
        return f"{expr} BETWEEN ? AND ?"
    if op in ("IN", "NOT_IN"):
        values = [cast(v) for v in f.get("values") or []]
        params.extend(values)
        return f"{expr} {'NOT IN' if op == 'NOT_IN' else 'IN'} ({', '.join('?' * len(values)) or 'NULL'})"
    if op in ("HAS_PROPERTY", "NOT_HAS_PROPERTY"):
        return f"{expr} IS {'NOT ' if op == 'HAS_PROPERTY' else ''}NULL"
    if op == "CONTAINS_TOKEN":
        params.append(f"%{str(f.get('value', '')).strip('*')}%")
        return f"{expr} LIKE ?"
    raise ValueError(f"operator {op} is not supported")


def _search(ctx: EmulatorContext, request: Request, obj: str, body: dict[str, Any]) -> JSON:
    groups = body.get("filterGroups") or []
    if (
        len(groups) > 5
        or sum(len(g.get("filters") or []) for g in groups) > 18
        or any(len(g.get("filters") or []) > 6 for g in groups)
    ):
        return hubspot_error(400, "VALIDATION_ERROR", "Too many filters: at most 5 groups, 6 filters each, 18 in all.")
    limit = int(body.get("limit") or 10)
    after = int(body.get("after") or 0)
    if limit > SEARCH_MAX_LIMIT:
        return hubspot_error(400, "VALIDATION_ERROR", f"limit must be at most {SEARCH_MAX_LIMIT}")
    if after + limit > ctx.limits.hubspot_search_cap:
        return hubspot_error(
            400,
            "VALIDATION_ERROR",
            f"The search API can return at most {ctx.limits.hubspot_search_cap} results for one query.",
        )
    params: list[Any] = [HUBSPOT, obj]
    try:
        clauses = [" AND ".join(_filter_sql(f, params) for f in g.get("filters") or []) or "1" for g in groups]
    except (ValueError, TypeError) as exc:
        return hubspot_error(400, "VALIDATION_ERROR", str(exc))
    where = "system = ? AND object = ? AND deleted = 0"
    if clauses:
        where += " AND (" + " OR ".join(f"({c})" for c in clauses) + ")"
    keys: list[tuple[str, str]] = []
    for sort in body.get("sorts") or []:
        name, direction = (
            (sort, "ASCENDING")
            if isinstance(sort, str)
            else (sort.get("propertyName"), sort.get("direction", "ASCENDING"))
        )
        column = COLUMNS.get(name, f"json_extract(body, '$.{name}')")
        keys.append((column, "DESC" if str(direction).upper().startswith("DESC") else "ASC"))
    keys.append(("id", "ASC"))
    con = ctx.store.con
    # Every write to an object's records moves its newest modification or deletion stamp, which
    # the indexes give in O(log n); so they version the count across the emulator's threads.
    version = tuple(
        con.execute(
            f"SELECT max({column}) FROM records WHERE system = ? AND object = ? AND {column} IS NOT NULL",
            [HUBSPOT, obj],
        ).fetchone()[0]
        for column in ("modified_ms", "deleted_ms")
    )
    total = ctx.search_total(
        (where, *params, *version),
        lambda: con.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()[0],
    )
    # The page is chosen on the sort keys alone, then joined to its records: skipping ``after``
    # rows then walks the index only, instead of looking up every skipped record (20x at 9,800).
    sort_keys = ", ".join(f"{column} AS k{i}" for i, (column, _) in enumerate(keys))
    rows = con.execute(
        f"SELECT r.id, r.created_ms, r.modified_ms, r.deleted_ms, r.body FROM ("
        f"SELECT system, object, id, {sort_keys} FROM records WHERE {where} "
        f"ORDER BY {', '.join(f'{column} {way}' for column, way in keys)} LIMIT ? OFFSET ?"
        f") AS page JOIN records AS r USING (system, object, id) "
        f"ORDER BY {', '.join(f'page.k{i} {way}' for i, (_, way) in enumerate(keys))}",
        [*params, limit, after],
    ).fetchall()
    wanted = _wanted(obj, body.get("properties") or [])
    result: dict[str, Any] = {
        "total": total,
        "results": [_object(rid, c, m, d, orjson.loads(b), wanted) for rid, c, m, d, b in rows],
    }
    if after + len(rows) < total:
        result["paging"] = {"next": {"after": str(after + len(rows))}}
    note_records(request, obj, len(rows))
    return JSON(result)


def _property(f: Field) -> dict[str, Any]:
    stamp = "2024-01-01T00:00:00.000Z"
    return {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "fieldType": FIELD_TYPES.get(f.type, "text"),
        "description": "",
        "groupName": "custom" if f.custom else "information",
        "options": [{"label": o, "value": o, "displayOrder": i, "hidden": False} for i, o in enumerate(f.options)],
        "displayOrder": -1,
        "calculated": False,
        "externalOptions": False,
        "hasUniqueValue": f.name == "hs_object_id",
        "hidden": False,
        "hubspotDefined": not f.custom,
        "formField": not f.custom,
        "archived": False,
        "createdAt": stamp,
        "updatedAt": stamp,
        "modificationMetadata": {"archivable": True, "readOnlyDefinition": not f.custom, "readOnlyValue": False},
    }


def _associations(ctx: EmulatorContext, from_obj: str, to_obj: str, from_id: str) -> list[dict[str, Any]]:
    return _associations_of(ctx, from_obj, to_obj, [from_id]).get(from_id, [])


def _associations_of(
    ctx: EmulatorContext, from_obj: str, to_obj: str, from_ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """The links of many records in one query (a batch read asks for up to 1,000)."""
    rows = ctx.store.con.execute(
        "SELECT from_id, to_id, type_id, category, label FROM associations WHERE system = ? AND from_object = ? "
        f"AND from_id IN ({', '.join('?' * len(from_ids))}) AND to_object = ? ORDER BY from_id, to_id, type_id",
        (HUBSPOT, from_obj, *from_ids, to_obj),
    ).fetchall()
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for from_id, to_id, type_id, category, label in rows:
        links = grouped.setdefault(from_id, {})
        links.setdefault(to_id, []).append({"category": category, "typeId": type_id, "label": label})
    return {
        from_id: [{"toObjectId": int(to_id), "associationTypes": types} for to_id, types in links.items()]
        for from_id, links in grouped.items()
    }


def routes(ctx: EmulatorContext) -> list[Route]:
    def page(request: Request) -> JSON:
        if len(str(request.url)) > MAX_URL_LENGTH:
            return JSON({"status": "error", "message": "URI Too Long"}, status_code=414)
        obj = _object_type(ctx, request.path_params["type"])
        if obj is None:
            return _unknown(request.path_params["type"])
        query = request.query_params
        limit = int(query.get("limit", 10))
        if limit > ctx.limits.hubspot_max_page:
            return hubspot_error(400, "VALIDATION_ERROR", f"limit must be at most {ctx.limits.hubspot_max_page}")
        archived = query.get("archived", "false").lower() == "true"
        after = query.get("after")
        sql = (
            "SELECT id, created_ms, modified_ms, deleted_ms, body FROM records WHERE system = ? AND object = ? "
            "AND deleted = ?"
        )
        params: list[Any] = [HUBSPOT, obj, int(archived)]
        if after:
            sql += " AND id > ?"
            params.append(after)
        rows = ctx.store.con.execute(f"{sql} ORDER BY id LIMIT ?", [*params, limit + 1]).fetchall()
        more, rows = len(rows) > limit, rows[:limit]
        wanted = _wanted(obj, query.getlist("properties"))
        results = [_object(rid, c, m, d, orjson.loads(b), wanted) for rid, c, m, d, b in rows]
        for to_obj in query.getlist("associations"):
            for item in results:
                links = _associations(ctx, obj, to_obj, item["id"])
                if links:
                    item.setdefault("associations", {})[to_obj] = {
                        "results": [{"id": str(a["toObjectId"]), "type": f"{obj[:-1]}_to_{to_obj[:-1]}"} for a in links]
                    }
        note_records(request, obj, len(results))
        body: dict[str, Any] = {"results": results}
        if more:
            last = rows[-1][0]
            body["paging"] = {"next": {"after": last, "link": f"{request.url.path}?after={last}"}}
        return JSON(body)

    def one(request: Request) -> JSON:
        obj = _object_type(ctx, request.path_params["type"])
        if obj is None:
            return _unknown(request.path_params["type"])
        record = ctx.store.get(HUBSPOT, obj, request.path_params["rid"])
        archived = request.query_params.get("archived", "false").lower() == "true"
        if record is None or record.deleted != archived:
            return hubspot_error(404, "OBJECT_NOT_FOUND", "resource not found")
        note_records(request, obj, 1)
        return JSON(
            _object(
                record.id,
                record.created_ms,
                record.modified_ms,
                record.deleted_ms,
                record.body,
                _wanted(obj, request.query_params.getlist("properties")),
            )
        )

    async def search(request: Request) -> JSON:
        obj = _object_type(ctx, request.path_params["type"])
        if obj is None:
            return _unknown(request.path_params["type"])
        return _search(ctx, request, obj, await request.json())

    async def batch_read(request: Request) -> JSON:
        from_obj = _object_type(ctx, request.path_params["from_type"])
        to_obj = _object_type(ctx, request.path_params["to_type"])
        if from_obj is None or to_obj is None:
            return _unknown(request.path_params["from_type"] if from_obj is None else request.path_params["to_type"])
        inputs = (await request.json()).get("inputs") or []
        if len(inputs) > 1000:
            return hubspot_error(400, "VALIDATION_ERROR", "at most 1000 inputs per batch")
        started = hubspot_datetime(ctx.store.now_ms)
        results, errors, served = [], [], 0
        found = _associations_of(ctx, from_obj, to_obj, [str(item["id"]) for item in inputs]) if inputs else {}
        for item in inputs:
            links = found.get(str(item["id"]), [])
            served += len(links)
            if links:
                results.append({"from": {"id": str(item["id"])}, "to": links})
            else:
                errors.append(
                    {
                        "status": "error",
                        "category": "OBJECT_NOT_FOUND",
                        "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                        "message": f"No {to_obj} is associated with {from_obj} {item['id']}.",
                        "context": {"fromObjectId": [str(item["id"])]},
                        "errors": [],
                        "links": {},
                    }
                )
        note_records(request, f"{from_obj}->{to_obj}", served)
        body: dict[str, Any] = {"status": "COMPLETE", "results": results, "startedAt": started, "completedAt": started}
        if errors:
            body |= {"numErrors": len(errors), "errors": errors}
        return JSON(body, status_code=207 if errors else 200)

    def list_associations(request: Request) -> JSON:
        from_obj = _object_type(ctx, request.path_params["from_type"])
        to_obj = _object_type(ctx, request.path_params["to_type"])
        if from_obj is None or to_obj is None:
            return _unknown(request.path_params["from_type"] if from_obj is None else request.path_params["to_type"])
        links = _associations(ctx, from_obj, to_obj, request.path_params["rid"])
        limit, after = int(request.query_params.get("limit", 500)), int(request.query_params.get("after", 0))
        chunk = links[after : after + limit]
        note_records(request, f"{from_obj}->{to_obj}", len(chunk))
        body: dict[str, Any] = {"results": chunk}
        if after + limit < len(links):
            body["paging"] = {"next": {"after": str(after + limit)}}
        return JSON(body)

    def properties(request: Request) -> JSON:
        obj = _object_type(ctx, request.path_params["type"])
        if obj is None:
            return _unknown(request.path_params["type"])
        return JSON({"results": [_property(f) for f in ctx.store.fields(HUBSPOT, obj)]})

    def owners(request: Request) -> JSON:
        query = request.query_params
        limit, after = min(int(query.get("limit", 100)), 500), query.get("after")
        archived = query.get("archived", "false").lower() == "true"
        sql = "SELECT id, body FROM records WHERE system = ? AND object = 'owners' AND deleted = ?"
        params: list[Any] = [HUBSPOT, int(archived)]
        if after:
            sql += " AND id > ?"
            params.append(after)
        rows = ctx.store.con.execute(f"{sql} ORDER BY id LIMIT ?", [*params, limit + 1]).fetchall()
        more, rows = len(rows) > limit, rows[:limit]
        note_records(request, "owners", len(rows))
        body: dict[str, Any] = {"results": [orjson.loads(b) for _, b in rows]}
        if more:
            body["paging"] = {"next": {"after": rows[-1][0]}}
        return JSON(body)

    return [
        Route("/crm/v3/objects/{type:str}", page),
        Route("/crm/v3/objects/{type:str}/search", search, methods=["POST"]),
        Route("/crm/v3/objects/{type:str}/{rid:str}", one),
        Route("/crm/v4/associations/{from_type:str}/{to_type:str}/batch/read", batch_read, methods=["POST"]),
        Route("/crm/v4/objects/{from_type:str}/{rid:str}/associations/{to_type:str}", list_associations),
        Route("/crm/v3/properties/{type:str}", properties),
        Route("/crm/v3/owners", owners),
        Route("/crm/v3/owners/", owners),
    ]
