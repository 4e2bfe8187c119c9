"""The raw layer materialized by Dagster: every source into the warehouse, with secrets kept out of
logs, run metadata and tables."""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb
import psycopg
import pytest
from dagster import DagsterInstance, materialize
from dagster_dlt import DagsterDltResource

from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.emulator.context import Tokens
from abe_hub.sandbox.server import EmulatorServer
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from connectors.hubspot import OBJECTS as HUBSPOT_OBJECTS
from connectors.salesforce import OBJECTS as SALESFORCE_OBJECTS
from fidelity import assert_like_the_world, query_of
from resources.sandbox import SandboxResource
from resources.sources import HubSpotResource, SalesforceResource, ZendeskResource
from resources.warehouse import WarehouseResource

EVERY_OBJECT = {
    "salesforce": SALESFORCE_OBJECTS,
    "hubspot": HUBSPOT_OBJECTS,
    "zendesk": ("tickets", "users", "organizations", "satisfaction_ratings"),
}
POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
SECRETS = Tokens(
    salesforce="sf-SECRET-7f3a9c",
    hubspot="hs-SECRET-51be02",
    zendesk_email="ops@example.com",
    zendesk="zd-SECRET-c0ffee",
)


def _resources(tmp_path: Path, url: str | None, world: Path, separate_process: bool = False) -> dict:
    return {
        "dlt": DagsterDltResource(),
        "sandbox": SandboxResource(world_path=str(world), separate_process=separate_process),
        "warehouse": WarehouseResource(
            duckdb_path=str(tmp_path / "warehouse.duckdb"), pipelines_dir=str(tmp_path / "dlt")
        ),
        "salesforce": SalesforceResource(instance_url=url, session_id=SECRETS.salesforce if url else None),
        "hubspot": HubSpotResource(base_url=url, access_token=SECRETS.hubspot if url else None),
        "zendesk": ZendeskResource(
            base_url=url, email=SECRETS.zendesk_email if url else None, api_token=SECRETS.zendesk if url else None
        ),
    }


@pytest.mark.parametrize("separate_process", [False, True], ids=["emulator-in-a-thread", "emulator-in-a-process"])
def test_sync_assets_load_every_source_from_the_sandbox(
    tiny_world_path: Path, tmp_path: Path, separate_process: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if separate_process:  # no emulator thread to fall back on
        monkeypatch.setattr("resources.sources.EmulatorServer", None)
    result = materialize(
        [salesforce_raw, hubspot_raw, zendesk_raw],
        resources=_resources(tmp_path, None, tiny_world_path, separate_process),
    )
    assert result.success
    keys = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert {"raw/salesforce/account", "raw/hubspot/contacts", "raw/zendesk/tickets"} <= keys
    store = WorldStore(tiny_world_path)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        for table, system, obj in (
            ("raw_salesforce.account", "salesforce", "Account"),
            ("raw_hubspot.contacts", "hubspot", "contacts"),
            ("raw_zendesk.tickets", "zendesk", "tickets"),
        ):
            assert con.execute(f"SELECT count(DISTINCT id) FROM {table}").fetchone()[0] == store.count(
                system, obj, include_deleted=True
            )


def test_secrets_stay_out_of_logs_metadata_and_warehouse(tiny_world_path: Path, tmp_path: Path) -> None:
    instance = DagsterInstance.ephemeral()
    with EmulatorServer(tiny_world_path, tokens=SECRETS) as server:
        result = materialize(
            [salesforce_raw, hubspot_raw, zendesk_raw],
            instance=instance,
            resources=_resources(tmp_path, server.url, tiny_world_path),
        )
    assert result.success
    logs = "\n".join(str(record) for record in instance.all_logs(result.run_id))
    run = instance.get_run_by_id(result.run_id)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        columns = con.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
        ).fetchall()
        stored = [
            con.execute(f'SELECT count(*) FROM "{s}"."{t}" WHERE "{c}" LIKE ?', ["%SECRET%"]).fetchone()[0]
            for s, t, c in columns
        ]
    dlt_files = "".join(p.read_text(errors="ignore") for p in (tmp_path / "dlt").rglob("*") if p.is_file())
    for secret in (SECRETS.salesforce, SECRETS.hubspot, SECRETS.zendesk):
        assert secret not in logs and secret not in str(run.run_config) and secret not in str(run.tags)
        assert secret not in dlt_files
    assert sum(stored) == 0 and len(columns) > 50


@pytest.mark.postgres
def test_sync_assets_load_every_source_into_postgres(tiny_world_path: Path, tmp_path: Path) -> None:
    suffix = uuid.uuid4().hex[:6]
    resources = _resources(tmp_path, None, tiny_world_path)
    resources["warehouse"] = WarehouseResource(
        postgres_dsn=POSTGRES_DSN, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=f"t{suffix}_"
    )
    store = WorldStore(tiny_world_path)
    try:
        assert materialize([salesforce_raw, hubspot_raw, zendesk_raw], resources=resources).success
        with psycopg.connect(POSTGRES_DSN) as con:
            for system, objects in EVERY_OBJECT.items():
                for obj in objects:
                    total, distinct = con.execute(
                        f"SELECT count(*), count(DISTINCT id) FROM t{suffix}_raw_{system}.{obj.lower()}"
                    ).fetchone()
                    assert total == distinct == store.count(system, obj, include_deleted=True), (system, obj)
                assert_like_the_world(
                    query_of(con, "%s"), store, system, objects, f"t{suffix}_raw_{system}", nul_stripped=True
                )
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            for system in ("salesforce", "hubspot", "zendesk"):
                for schema in (f"t{suffix}_raw_{system}", f"t{suffix}_raw_{system}_staging"):
                    con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
