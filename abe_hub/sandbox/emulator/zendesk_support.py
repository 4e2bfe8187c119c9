"""Zendesk Support emulator: cursor-based incremental exports (tickets, users), the time-based
exports (organizations, and tickets / users for old clients), satisfaction ratings, single-record
reads and custom field definitions.

The cursor export orders by (updated_at, id) and its cursor is that position, so an export that
reached the end can be resumed later and returns exactly what changed since, deletes included
(tickets come back with status "deleted"). The time-based export restarts from the last second it
returned, so records sharing that second repeat across pages, as on the real service.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson
from starlette.requests import Request
from starlette.routing import Route

from abe_hub.sandbox.emulator.context import ZENDESK, EmulatorContext
from abe_hub.sandbox.emulator.responses import JSON, note_records, zendesk_error

RATINGS_MAX_PAGE = 100


def _encode(modified_ms: int, rid: str) -> str:
    return base64.urlsafe_b64encode(f"{modified_ms}:{rid}".encode()).decode()


def _decode(cursor: str) -> tuple[int, str] | None:
    try:
        modified, rid = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        return int(modified), rid
    except (ValueError, UnicodeDecodeError):
        return None


def _start_time(ctx: EmulatorContext, request: Request) -> int | JSON:
    raw = request.query_params.get("start_time")
    if raw is None or not raw.isdigit():
        return zendesk_error(400, "InvalidPaginationParameter", "start_time or cursor is required")
    start = int(raw)
    if start * 1000 > ctx.store.now_ms - 60_000:
        return zendesk_error(400, "InvalidValue", "Too recent start_time. Use a start_time older than 1 minute")
    return start


def _rows(ctx: EmulatorContext, obj: str, after: tuple[int, str] | None, since_ms: int, limit: int) -> list[tuple]:
    sql = "SELECT id, modified_ms, body FROM records WHERE system = ? AND object = ?"
    params: list[Any] = [ZENDESK, obj]
    if after:
        sql += " AND (modified_ms, id) > (?, ?)"  # a row value: SQLite seeks the index to it
        params += [after[0], after[1]]
    else:
        sql += " AND modified_ms >= ?"
        params.append(since_ms)
    return ctx.store.con.execute(f"{sql} ORDER BY modified_ms, id LIMIT ?", [*params, limit]).fetchall()


def _page_size(request: Request, maximum: int, name: str = "per_page") -> int:
    raw = request.query_params.get(name, "")
    return max(1, min(int(raw), maximum)) if raw.isdigit() else maximum


def _cursor_export(ctx: EmulatorContext, request: Request, obj: str) -> JSON:
    limit = _page_size(request, ctx.limits.zendesk_export_page)
    cursor = request.query_params.get("cursor")
    if cursor:
        after = _decode(cursor)
        if after is None:
            return zendesk_error(400, "InvalidPaginationParameter", "cursor is invalid")
        rows = _rows(ctx, obj, after, 0, limit)
    else:
        start = _start_time(ctx, request)
        if isinstance(start, JSON):
            return start
        after = None
        rows = _rows(ctx, obj, None, start * 1000, limit)
    items = [orjson.loads(body) for _, _, body in rows]
    note_records(request, obj, len(items))
    position = (rows[-1][1], rows[-1][0]) if rows else after
    after_cursor = _encode(*position) if position else None
    base = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
    return JSON(
        {
            obj: items,
            "after_url": f"{base}?cursor={after_cursor}&per_page={limit}" if after_cursor else None,
            "after_cursor": after_cursor,
            "before_url": None,
            "before_cursor": None,
            "end_of_stream": len(rows) < limit,
        }
    )


def _time_export(ctx: EmulatorContext, request: Request, obj: str) -> JSON:
    start = _start_time(ctx, request)
    if isinstance(start, JSON):
        return start
    limit = _page_size(request, ctx.limits.zendesk_export_page)
    rows = _rows(ctx, obj, None, start * 1000, limit)
    items = [orjson.loads(body) for _, _, body in rows]
    note_records(request, obj, len(items))
    end_time = rows[-1][1] // 1000 if rows else start
    base = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
    return JSON(
        {
            obj: items,
            "next_page": f"{base}?start_time={end_time}&per_page={limit}",
            "count": len(items),
            "end_time": end_time,
            "end_of_stream": len(rows) < limit,
        }
    )


def routes(ctx: EmulatorContext) -> list[Route]:
    def export(request: Request) -> JSON:
        obj = request.path_params["obj"]
        if obj not in ("tickets", "users"):
            return zendesk_error(404, "InvalidEndpoint", "Not found")
        return _cursor_export(ctx, request, obj)

    def time_export(request: Request) -> JSON:
        obj = request.path_params["obj"]
        if obj not in ("tickets", "users", "organizations"):
            return zendesk_error(404, "InvalidEndpoint", "Not found")
        return _time_export(ctx, request, obj)

    def ratings(request: Request) -> JSON:
        query = request.query_params
        size = _page_size(request, RATINGS_MAX_PAGE, "page[size]")
        sql = "SELECT id, body FROM records WHERE system = ? AND object = 'satisfaction_ratings'"
        params: list[Any] = [ZENDESK]
        for name, op in (("start_time", ">="), ("end_time", "<")):
            if query.get(name, "").isdigit():
                sql += f" AND created_ms {op} ?"
                params.append(int(query[name]) * 1000)
        if query.get("score"):
            sql += " AND json_extract(body, '$.score') = ?"
            params.append(query["score"])
        if query.get("page[after]"):
            sql += " AND id > ?"
            params.append(base64.urlsafe_b64decode(query["page[after]"].encode()).decode())
        rows = ctx.store.con.execute(f"{sql} ORDER BY id LIMIT ?", [*params, size + 1]).fetchall()
        more, rows = len(rows) > size, rows[:size]
        note_records(request, "satisfaction_ratings", len(rows))
        after = base64.urlsafe_b64encode(rows[-1][0].encode()).decode() if rows else None
        before = base64.urlsafe_b64encode(rows[0][0].encode()).decode() if rows else None
        base = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
        return JSON(
            {
                "satisfaction_ratings": [orjson.loads(b) for _, b in rows],
                "meta": {"has_more": more, "after_cursor": after, "before_cursor": before},
                "links": {"next": f"{base}?page[size]={size}&page[after]={after}" if more else None, "prev": None},
            }
        )

    def one(request: Request) -> JSON:
        obj, rid = request.path_params["obj"], request.path_params["rid"]
        record = ctx.store.get(ZENDESK, obj, rid) if obj in ("tickets", "users", "organizations") else None
        if record is None or record.deleted:
            return zendesk_error(404, "RecordNotFound", "Not found")
        note_records(request, obj, 1)
        return JSON({obj[:-1]: record.body})

    def custom_fields(kind: str):  # noqa: ANN202 - a route factory
        return lambda request: _custom_fields(ctx, kind)

    return [
        Route("/api/v2/incremental/{obj:str}/cursor.json", export),
        Route("/api/v2/incremental/{obj:str}.json", time_export),
        Route("/api/v2/satisfaction_ratings", ratings),
        Route("/api/v2/satisfaction_ratings.json", ratings),
        *(
            Route(f"/api/v2/{kind}.json", custom_fields(kind))
            for kind in ("ticket_fields", "user_fields", "organization_fields")
        ),
        Route("/api/v2/{obj:str}/{rid:str}.json", one),
    ]


def _custom_fields(ctx: EmulatorContext, kind: str) -> JSON:
    """Custom field definitions; ticket fields are keyed by numeric id, the others by key."""
    fields = [
        {
            "id": int(f.name) if f.name.isdigit() else None,
            "key": None if f.name.isdigit() else f.name,
            "type": f.type,
            "title": f.label,
            "active": True,
            "custom_field_options": [{"name": o, "value": o} for o in f.options],
        }
        for f in ctx.store.fields(ZENDESK, kind)
    ]
    return JSON({kind: fields, "next_page": None, "count": len(fields)})
