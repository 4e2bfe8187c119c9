"""Pages of source records as typed Arrow tables, for dlt's Arrow path.

dlt normalizes Python rows value by value: it infers and coerces every value, flattens every row
and draws a random ``_dlt_id`` from the OS for each one. On the large world that was as long as
the extract itself. Arrow tables typed from the source's own metadata take dlt's Arrow path,
which writes them as they are.

A value that does not fit its column's type keeps dlt's rule: it lands in a variant column
``<name>__v_<type>``, so nothing is lost or coerced wrongly. A column the warehouse already has
keeps its stored type, as dlt would keep it, even when the source's metadata changed since.
Incremental cursors stay ISO text in the table, as the source sent them: dlt compares them with
the cursor saved by earlier runs, which is text; the resource declares the column a timestamp and
the destination casts it on load.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc

ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "double": pa.float64(),
    "bigint": pa.int64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
}
_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError)


class _DeliberateHintDifferences(logging.Filter):
    """Drops dlt's warning that an Arrow item's columns differ from its resource's column hints.

    dlt repeats it for every item, and ours differ on purpose (a cursor declared a timestamp but
    kept as text, flags declared not null): a large night logged it a thousand times, enough to
    bury a warning that matters.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "when merging arrow schema with dlt schema" not in record.getMessage()


logging.getLogger("dlt").addFilter(_DeliberateHintDifferences())


def _variant_type(value: Any) -> str:
    """dlt's name for the type of a value that did not fit its column."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double"
    return "text"


def _as_text(value: Any) -> str:
    """Any value as text, as dlt coerces one into a text column: structures as their JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _one(value: Any, target: pa.DataType) -> Any:
    """One value converted to ``target``; raises one of ``_ARROW_ERRORS`` when it does not fit."""
    if target == pa.string():
        return _as_text(value)
    try:
        return pa.array([value], type=target)[0].as_py()
    except _ARROW_ERRORS:
        if not isinstance(value, str):
            raise
        return pc.cast(pa.array([value]), target)[0].as_py()


def _typed_column(name: str, values: list[Any], kind: str) -> dict[str, pa.Array]:
    """The column and, for values that do not fit ``kind``, its variant columns."""
    target = ARROW_TYPES[kind]
    try:
        return {name: pa.array(values, type=target)}
    except _ARROW_ERRORS:
        pass
    try:
        return {name: pc.cast(pa.array(values, type=pa.string()), target)}
    except _ARROW_ERRORS:
        pass
    fitted: list[Any] = []
    variants: dict[str, list[Any]] = {}
    for row, value in enumerate(values):
        try:
            fitted.append(None if value is None else _one(value, target))
        except _ARROW_ERRORS:
            fitted.append(None)
            variant = variants.setdefault(_variant_type(value), [None] * len(values))
            variant[row] = _as_text(value) if isinstance(value, dict | list) else value
    columns = {name: pa.array(fitted, type=target)}
    for variant_kind, variant_values in variants.items():
        columns[f"{name}__v_{variant_kind}"] = pa.array(variant_values, type=ARROW_TYPES[variant_kind])
    return columns


def typed_table(rows: list[dict[str, Any]], types: dict[str, str], cursors: Collection[str] = ()) -> pa.Table:
    """``rows`` as one Arrow table: ``types`` gives each column's warehouse type, ``cursors`` the
    columns kept as the source's text. Keys that ``types`` does not know are kept too."""
    names = list(types)
    names += sorted(set().union(*rows).difference(types))
    columns: dict[str, pa.Array] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        kind = "text" if name in cursors else types.get(name) or _inferred_type(values)
        columns.update(_typed_column(name, values, kind))
    return pa.table(columns)


def _inferred_type(values: list[Any]) -> str:
    """A key the metadata does not declare: the type its values share, else text."""
    try:
        inferred = pa.array(values).type
    except _ARROW_ERRORS:
        return "text"
    return next((kind for kind, arrow in ARROW_TYPES.items() if arrow == inferred), "text")


class TableBatches:
    """Rows gathered page by page into tables of about ``size`` rows.

    A page of a few hundred rows would make a parquet row group of its own and pay every
    column's conversion for those few rows.
    """

    def __init__(self, types: dict[str, str], cursors: Collection[str] = (), size: int = 10_000) -> None:
        self.types, self.cursors, self.size = types, cursors, size
        self._rows: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> Iterator[pa.Table]:
        self._rows.extend(rows)
        if len(self._rows) >= self.size:
            yield from self.flush()

    def flush(self) -> Iterator[pa.Table]:
        if self._rows:
            rows, self._rows = self._rows, []
            yield typed_table(rows, self.types, self.cursors)
