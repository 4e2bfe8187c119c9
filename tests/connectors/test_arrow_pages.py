"""Typed Arrow tables from source pages: declared types, dlt's variant columns, text cursors."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from connectors.arrow_pages import TableBatches, typed_table


def test_values_take_their_declared_types_and_misfits_go_to_variant_columns() -> None:
    rows = [
        {"amount": "1.5", "closed": "true", "stamp": "2024-05-01T10:00:00.000+0000", "note": "x"},
        {"amount": "abc", "closed": "maybe", "stamp": None, "note": {"nested": 1}},
        {"amount": 7, "closed": None, "stamp": "2024-05-01T10:00:00.000Z", "note": 3},
    ]
    types = {"amount": "double", "closed": "bool", "stamp": "timestamp", "note": "text"}
    table = typed_table(rows, types)
    assert table.schema.field("amount").type == pa.float64()
    assert table.column("amount").to_pylist() == [1.5, None, 7.0]
    assert table.column("amount__v_text").to_pylist() == [None, "abc", None]
    assert table.column("closed").to_pylist() == [True, None, None]
    assert table.column("closed__v_text").to_pylist() == [None, "maybe", None]
    ten = datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert table.column("stamp").to_pylist() == [ten, None, ten]
    # Text takes any value, as dlt coerces it: structures as JSON.
    assert table.column("note").to_pylist() == ["x", '{"nested":1}', "3"]


def test_a_misfit_number_keeps_its_own_type_in_the_variant_name() -> None:
    table = typed_table([{"flag": True}, {"flag": 2.5}], {"flag": "bool"})
    assert table.column("flag").to_pylist() == [True, None]
    assert table.column("flag__v_double").to_pylist() == [None, 2.5]


def test_cursors_stay_the_source_text_and_undeclared_keys_are_kept() -> None:
    rows = [{"id": "1", "modified": "2024-05-01T10:00:00.000Z", "extra": 4}, {"id": "2", "other": "y"}]
    table = typed_table(rows, {"id": "text", "modified": "timestamp"}, cursors=("modified",))
    assert table.column("modified").to_pylist() == ["2024-05-01T10:00:00.000Z", None]
    assert table.schema.field("extra").type == pa.int64()
    assert table.column("other").to_pylist() == [None, "y"]
    # A column declared but absent from every row still exists, typed.
    assert typed_table([{"id": "1"}], {"id": "text", "score": "double"}).schema.field("score").type == pa.float64()


def test_batches_gather_pages_and_flush_the_rest() -> None:
    batches = TableBatches({"id": "bigint"}, size=5)
    tables = [t for page in range(4) for t in batches.add([{"id": page * 3 + i} for i in range(3)])]
    tables += list(batches.flush())
    assert [t.num_rows for t in tables] == [6, 6]
    assert [i for t in tables for i in t.column("id").to_pylist()] == list(range(12))
    assert list(batches.flush()) == []
