"""The quarantine writer on both warehouses: one table's rejects replaced whole, the other tables'
rejects untouched, a rerun converging to one set, invisible characters stored escaped."""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import psycopg
import pytest

from abe_hub.validation import validate
from abe_hub.validation.checks import clean_text, valid_email
from assets.validation import REJECTS, quarantine_schema, validated_rows
from resources.tables import read_sql
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
SCHEMA = pa.DataFrameSchema(
    {
        "source_system": pa.Column(str),
        "source_id": pa.Column(str),
        "name": pa.Column(str, nullable=True, checks=[clean_text()]),
        "email": pa.Column(str, nullable=True, checks=[valid_email()]),
    },
    unique=["source_system", "source_id"],
)
PEOPLE = pd.DataFrame(
    {
        "source_system": ["salesforce", "salesforce", "hubspot", "hubspot"],
        "source_id": ["003A", "003B", "51", "52"],
        "name": ["Zoë Müller-Lüdenscheidt", "\u200bBob\u202e\x00", "山田太郎", "O'Brien"],
        "email": ["zoe@example.de", "bob@@example.com", None, "obrien at example.ie"],
    }
)
KEY = ["source_system", "source_id"]


def _rejects(warehouse: WarehouseResource) -> pd.DataFrame:
    query = f'SELECT * FROM "{quarantine_schema(warehouse)}"."{REJECTS}" ORDER BY "table", record_key, "check"'
    return read_sql(warehouse, query)


def _roundtrip(warehouse: WarehouseResource) -> None:
    validated_rows(warehouse, PEOPLE, SCHEMA, "people", KEY)
    validated_rows(warehouse, PEOPLE.iloc[:2], SCHEMA, "leads", KEY)
    first = _rejects(warehouse)
    assert len(first) == 5 and set(first["table"]) == {"people", "leads"}
    validated_rows(warehouse, PEOPLE, SCHEMA, "people", KEY)
    again = _rejects(warehouse)
    assert len(again) == 5, "a rerun replaces its table's rejects"
    assert again.drop(columns="quarantined_at").equals(first.drop(columns="quarantined_at"))
    assert again["quarantined_at"].notna().all()
    bob = again[(again["table"] == "people") & (again["check"] == "clean_text")].iloc[0]
    assert bob["failure_value"] == "\\u200bBob\\u202e\\x00"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in bob["reason"]

    validated_rows(warehouse, PEOPLE.iloc[[0, 2]], SCHEMA, "people", KEY)
    assert list(_rejects(warehouse)["table"]) == ["leads", "leads"], "a clean rerun empties its table's rejects"


def test_quarantine_on_duckdb(tmp_path: Path) -> None:
    _roundtrip(WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb")))


@pytest.mark.postgres
def test_quarantine_on_postgres() -> None:
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, dataset_prefix=f"t{uuid.uuid4().hex[:8]}_")
    try:
        _roundtrip(warehouse)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{quarantine_schema(warehouse)}" CASCADE')


def test_validated_rows_are_the_valid_ones(tmp_path: Path) -> None:
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"))
    validated = validated_rows(warehouse, PEOPLE, SCHEMA, "people", KEY)
    assert validated.valid["source_id"].tolist() == ["003A", "51"]
    assert validated.rejected_keys == {"salesforce:003B", "hubspot:52"}
    assert sorted(validate(PEOPLE, SCHEMA, "people", KEY).rejects["reason"]) == sorted(_rejects(warehouse)["reason"])
