"""What a CRM admin does between two syncs: add a custom field, change a field's type.

Both stamp the records they touch one second past the clock and move the clock there, so the
change is visible through the same incremental paths as any edit. Salesforce and HubSpot keep custom
values beside the standard ones; Zendesk keeps them in a per-object dict (``user_fields``) whose
definitions are listed under that name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from abe_hub.sandbox.clock import hubspot_datetime, salesforce_datetime, zendesk_datetime
from abe_hub.sandbox.store import Field, WorldStore, encode, insert_fields

_STAMPS: dict[str, Callable[[dict[str, Any], int], None]] = {
    "salesforce": lambda body, at: body.update(
        LastModifiedDate=salesforce_datetime(at), SystemModstamp=salesforce_datetime(at)
    ),
    "hubspot": lambda body, at: body.update(hs_lastmodifieddate=hubspot_datetime(at)),
    "zendesk": lambda body, at: body.update(updated_at=zendesk_datetime(at)),
}


ZENDESK_FIELD_SETS = {"organizations": "organization_fields", "users": "user_fields"}


def _definitions_of(system: str, obj: str) -> str:
    """The object a custom field's definition is stored under."""
    return ZENDESK_FIELD_SETS[obj] if system == "zendesk" else obj


def _custom_values(system: str, obj: str, body: dict[str, Any]) -> dict[str, Any]:
    """The dict of a record that holds its custom field values."""
    return body.setdefault(ZENDESK_FIELD_SETS[obj], {}) if system == "zendesk" else body


def _rewrite(store: WorldStore, system: str, obj: str, field: Field, value: Callable[[dict[str, Any]], Any]) -> int:
    at = store.now_ms + 1000
    with store.transaction() as con:
        insert_fields(con, [field])
        rows = con.execute(
            "SELECT id, body FROM records WHERE system = ? AND object = ? AND deleted = 0", (system, obj)
        ).fetchall()
        for rid, raw in rows:
            body = orjson.loads(raw)
            values = _custom_values(system, obj, body)
            values[field.name] = value(values)
            _STAMPS[system](body, at)
            con.execute(
                "UPDATE records SET body = ?, modified_ms = ? WHERE system = ? AND object = ? AND id = ?",
                (encode(body), at, system, obj, rid),
            )
        store.set_meta("now_ms", str(at), con)
    return len(rows)


def add_custom_field(
    store: WorldStore, system: str, obj: str, name: str, type_: str, value: Callable[[dict[str, Any]], Any]
) -> int:
    """Add a field and fill it on every live record; returns how many records changed."""
    return _rewrite(store, system, obj, Field(system, _definitions_of(system, obj), name, type_, name, True), value)


def change_field_type(
    store: WorldStore, system: str, obj: str, name: str, type_: str, convert: Callable[[Any], Any]
) -> int:
    """Retype an existing field and convert its values, as an admin's migration would."""
    current = {f.name: f for f in store.fields(system, _definitions_of(system, obj))}[name]
    field = Field(system, current.object, name, type_, current.label, current.custom, current.options)
    return _rewrite(store, system, obj, field, lambda values: convert(values.get(name)))
