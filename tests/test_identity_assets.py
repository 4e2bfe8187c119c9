"""The identity assets in Dagster: raw -> dbt -> identity against the sandbox, with keys that survive
a rerun and a changed world, and run metadata a data engineer can read."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb
import psycopg
import pytest
from dagster import materialize

from abe_hub.sandbox import WorldStore, advance
from assets.dbt import staging_models
from assets.identity import identity
from assets.program import abe_program
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from night_resources import sandbox_resources
from resources.tables import read_sql
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
EVERYTHING = [abe_program, salesforce_raw, hubspot_raw, zendesk_raw, staging_models, identity]


def _night(world: Path, warehouse: WarehouseResource, assets: list = EVERYTHING) -> dict[str, dict]:
    result = materialize(
        assets,
        resources=sandbox_resources(world, warehouse),
    )
    assert result.success
    return {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "identity"
    }


def _query(warehouse: WarehouseResource, sql: str) -> list[tuple]:
    with duckdb.connect(warehouse.duckdb_path, read_only=True) as con:
        return con.execute(sql).fetchall()


def _keys(warehouse: WarehouseResource) -> dict[tuple[str, str], str]:
    rows = _query(warehouse, "SELECT source_system, source_id, account_key FROM identity.account_xref")
    return {(system, rid): key for system, rid, key in rows}


def test_identity_from_the_sandbox_keeps_its_keys(tiny_world_path: Path, tmp_path: Path) -> None:
    world = tmp_path / "world.db"
    shutil.copy(tiny_world_path, world)
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"), pipelines_dir=str(tmp_path / "dlt"))
    metadata = _night(world, warehouse)
    assert set(metadata) == {
        f"identity/{t}" for t in ("account_xref", "person_xref", "account_hierarchy", "hierarchy_issues", "key_merges")
    }
    ((accounts,),) = _query(warehouse, "SELECT count(*) FROM intermediate.int_accounts_unioned")
    ((people,),) = _query(warehouse, "SELECT count(*) FROM intermediate.int_people_unioned")
    # records quarantined by validation are not resolved; the rest all are
    for run, records in ((metadata["identity/account_xref"], accounts), (metadata["identity/person_xref"], people)):
        assert run["records"].value + run["records quarantined"].value == records > 0
    golden = metadata["identity/account_xref"]["golden accounts"].value
    assert 0 < golden < accounts, "some accounts are seen by several systems"
    ((in_hierarchy,),) = _query(warehouse, "SELECT count(*) FROM identity.account_hierarchy")
    assert in_hierarchy == golden
    first = _keys(warehouse)

    _night(world, warehouse, [identity])
    assert _keys(warehouse) == first, "a rerun on the same records changes no key"

    advance(WorldStore(world), 3, change_share=0.05)
    _night(world, warehouse)
    after = _keys(warehouse)
    merged = dict(_query(warehouse, "SELECT old_key, new_key FROM identity.key_merges"))
    kept = [record for record in first.keys() & after.keys() if first[record] not in merged]
    assert kept and all(after[record] == first[record] for record in kept), "unmerged keys survive the night"
    assert all(
        after[record] == merged[first[record]] for record in first.keys() & after.keys() if first[record] in merged
    )


@pytest.mark.postgres
def test_identity_on_postgres(tiny_world_path: Path, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=prefix)
    try:
        metadata = _night(tiny_world_path, warehouse)
        xref = read_sql(warehouse, f"SELECT source_system, source_id, account_key FROM {prefix}identity.account_xref")
        ((accounts,),) = read_sql(warehouse, f"SELECT count(*) FROM {prefix}intermediate.int_accounts_unioned").values
        run = metadata["identity/account_xref"]
        assert len(xref) == run["records"].value == accounts - run["records quarantined"].value
        _night(tiny_world_path, warehouse, [identity])
        again = read_sql(warehouse, f"SELECT source_system, source_id, account_key FROM {prefix}identity.account_xref")
        key = ["source_system", "source_id"]
        assert again.sort_values(key).reset_index(drop=True).equals(xref.sort_values(key).reset_index(drop=True))
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s", [f"{prefix}%"]
            ).fetchall()
            for (schema,) in schemas:
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
