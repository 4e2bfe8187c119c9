"""Whole-table replacement on both warehouses: types kept, nulls kept, the old table gone in one step."""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from resources.tables import read_sql, replace_table, table_exists
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
FRAME = pd.DataFrame(
    {
        "account_key": ["acc_1", "acc_2", "acc_3"],
        "match_rule": ["same name + same domain", None, 'quoted "rule", with comma'],
        "match_score": [1.0, 0.93, None],
        "depth": [0, 1, 2],
    }
)


def _roundtrip(warehouse: WarehouseResource, schema: str) -> None:
    replace_table(warehouse, schema, "xref", FRAME.iloc[:1])
    replace_table(warehouse, schema, "xref", FRAME)
    assert table_exists(warehouse, schema, "xref") and not table_exists(warehouse, schema, "nope")
    back = read_sql(warehouse, f"SELECT * FROM {schema}.xref ORDER BY account_key")
    assert back["account_key"].tolist() == FRAME["account_key"].tolist()
    assert back["match_rule"].iloc[2] == FRAME["match_rule"].iloc[2] and pd.isna(back["match_rule"].iloc[1])
    assert back["match_score"].iloc[1] == pytest.approx(0.93) and pd.isna(back["match_score"].iloc[2])
    assert back["depth"].tolist() == [0, 1, 2]


def test_duckdb(tmp_path: Path) -> None:
    _roundtrip(WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb")), "identity")


@pytest.mark.postgres
def test_postgres() -> None:
    schema = f"t{uuid.uuid4().hex[:8]}_identity"
    try:
        _roundtrip(WarehouseResource(postgres_dsn=POSTGRES_DSN), schema)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
