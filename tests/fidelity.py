"""Field-by-field comparison of loaded raw tables with the world they were read from.

Counts and ids prove that every record arrived; this proves that what arrived is what the source
said: every field of a sample of records, through dlt's naming (``LastModifiedDate`` ->
``last_modified_date``, ``Region__c`` -> ``region__c``), flattening (``via.channel`` ->
``via__channel``) and child tables (lists), and through the warehouse's types (timestamps, dates,
numbers and booleans that the APIs send as strings). It works on any DB-API connection, so DuckDB
and PostgreSQL are checked the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from dlt.common.normalizers.naming.snake_case import NamingConvention

from abe_hub.sandbox import WorldStore

Query = Callable[[str, list[Any]], tuple[list[str], list[tuple[Any, ...]]]]
NAMING = NamingConvention()
PRIMARY_KEYS = {"salesforce": "Id", "hubspot": "id", "zendesk": "id"}
DLT_COLUMNS = ("_dlt_id", "_dlt_load_id", "_dlt_parent_id", "_dlt_list_idx", "_dlt_root_id")


def query_of(connection: Any, placeholder: str = "?") -> Query:
    """A query function over a DB-API connection (DuckDB takes ``?``, psycopg ``%s``)."""

    def query(sql: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = connection.cursor()
        cursor.execute(sql.replace("?", placeholder), params)
        rows = cursor.fetchall()
        return [d[0] for d in cursor.description], rows

    return query


def sample_ids(store: WorldStore, system: str, obj: str, size: int, since_ms: int | None = None) -> list[str]:
    """Every k-th record by id, deleted ones included: spread over the whole table, the same every run.

    With ``since_ms``, only records changed (edited, created or deleted) after it: what an
    incremental night had to bring.
    """
    sql = "SELECT id FROM records WHERE system = ? AND object = ?"
    params: list[Any] = [system, obj]
    if since_ms is not None:
        sql += " AND (modified_ms > ? OR deleted_ms > ?)"
        params += [since_ms, since_ms]
    ids = sorted(rid for (rid,) in store.con.execute(sql, params))
    step = max(1, len(ids) // size)
    return ids[::step][:size]


def mismatches(
    query: Query, store: WorldStore, system: str, obj: str, schema: str, ids: list[str], *, nul_stripped: bool = False
) -> Iterator[str]:
    """Every difference between the given world records and their warehouse rows, as readable lines.

    ``nul_stripped``: the warehouse is PostgreSQL, whose text type cannot hold U+0000; dlt's loader
    drops that character there (and only there), so the world's strings are compared without it.
    """
    if not ids:
        return
    table = f"{schema}.{obj.lower()}"
    key = NAMING.normalize_identifier(PRIMARY_KEYS[system])
    columns, rows = query(f"SELECT * FROM {table} WHERE CAST({key} AS VARCHAR) IN ({', '.join('?' * len(ids))})", ids)
    loaded = {str(row[columns.index(key)]): dict(zip(columns, row, strict=True)) for row in rows}
    for rid in ids:
        row = loaded.get(rid)
        if row is None:
            yield f"{table} {rid}: missing"
            continue
        body = {k: v for k, v in store.get(system, obj, rid).body.items() if k != "attributes"}
        if nul_stripped:
            body = _without_nul(body)
        yield from _compare(query, table, rid, row, body, "")


def _compare(
    query: Query, table: str, rid: str, row: dict[str, Any], body: dict[str, Any], prefix: str
) -> Iterator[str]:
    for name, expected in body.items():
        column = prefix + NAMING.normalize_path(name)
        if isinstance(expected, dict):
            yield from _compare(query, table, rid, row, expected, column + "__")
        elif isinstance(expected, list) and not prefix:
            got = _child_rows(query, f"{table}__{column}", row["_dlt_id"]) if expected else []
            if [_plain(i) for i in expected] != [_plain(i) for i in got]:
                yield f"{table} {rid}.{column}: world {expected!r} != loaded {got!r}"
        elif column not in row:
            if expected is not None:
                yield f"{table} {rid}.{column}: no such column (world {expected!r})"
        elif not same(expected, row[column]):
            yield f"{table} {rid}.{column}: world {expected!r} != loaded {row[column]!r}"


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _child_rows(query: Query, table: str, parent: str) -> list[Any]:
    columns, rows = query(f"SELECT * FROM {table} WHERE _dlt_parent_id = ? ORDER BY _dlt_list_idx", [parent])
    items = [{c: v for c, v in zip(columns, r, strict=True) if c not in DLT_COLUMNS} for r in rows]
    return [i["value"] if set(i) == {"value"} else i for i in items]


def _plain(value: Any) -> Any:
    """List items as comparable values: dict items compare field by field through ``same``."""
    if isinstance(value, dict):
        return tuple(sorted((NAMING.normalize_identifier(k), _canonical(v)) for k, v in value.items()))
    return _canonical(value)


def _canonical(value: Any) -> Any:
    return float(value) if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else value


def same(expected: Any, actual: Any) -> bool:
    """Whether a source value and its warehouse value are the same datum, across the type change."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(actual, bool):
        return expected is actual or str(expected).lower() == str(actual).lower()
    if isinstance(actual, datetime):
        return _instant(expected) == _instant(actual)
    if isinstance(actual, date):
        return str(expected) == actual.isoformat()
    if isinstance(actual, int | float | Decimal):
        try:
            return math.isclose(float(expected), float(actual), rel_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return expected == actual if isinstance(expected, str) else str(expected) == str(actual)


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        stamp = value
    else:
        text = str(value).replace("Z", "+00:00")
        if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # Salesforce's +0000
            text = f"{text[:-2]}:{text[-2:]}"
        stamp = datetime.fromisoformat(text)
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def assert_like_the_world(
    query: Query,
    store: WorldStore,
    system: str,
    objects: Iterable[str],
    schema: str,
    *,
    since_ms: int | None = None,
    size: int = 40,
    nul_stripped: bool = False,
) -> None:
    """Fail with the first differences found in a sample of every object's records (changed ones only
    with ``since_ms``)."""
    found = [
        line
        for obj in objects
        for line in mismatches(
            query, store, system, obj, schema, sample_ids(store, system, obj, size, since_ms), nul_stripped=nul_stripped
        )
    ]
    assert not found, f"{len(found)} fields differ from the world:\n" + "\n".join(found[:20])
