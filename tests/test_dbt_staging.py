"""dbt's staging and intermediate layers, built by Dagster after the raw layer, held to the sandbox's
own mapping of the same world (``abe_hub.sandbox.identity_frames``), on DuckDB and on PostgreSQL.

Two independent routes from one world to the identity-resolution shapes: the world's records read
directly, and the same records through the emulated APIs, dlt, the raw schemas and the dbt models.
Equal frames prove the SQL maps every field as the documented shapes say, and that soft-deleted
records (deleted, archived, deactivated, merged) stay out.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
import orjson
import pandas as pd
import psycopg
import pytest
from dagster import AssetCheckEvaluation, DagsterInstance, materialize

from abe_hub.identity.shapes import ACCOUNT_COLUMNS, PERSON_COLUMNS, PERSONAL_DETAIL_COLUMNS
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.clock import zendesk_datetime
from abe_hub.sandbox.identity_frames import account_frame, person_frame
from abe_hub.sandbox.store import encode
from assets.dbt import staging_models
from assets.program import abe_program
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from busy_days import advance_until_deleted
from night_resources import sandbox_resources
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
# The local server trusts every connection, so any password works; this one is easy to look for.
SECRET_PASSWORD = "pg-SECRET-4b7e21"
ACCOUNT_OBJECTS = {"salesforce": ("Account",), "hubspot": ("companies",), "zendesk": ("organizations",)}
PERSON_OBJECTS = {"salesforce": ("Contact", "Lead"), "hubspot": ("contacts",), "zendesk": ("users",)}
Read = Callable[[str], pd.DataFrame]


@pytest.fixture(scope="module")
def changed_world_path(tiny_world_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world five busy days on: every account and person object has deleted records (merged
    Salesforce Accounts, archived HubSpot companies and contacts, deactivated Zendesk users), and some
    leads were converted."""
    path = tmp_path_factory.mktemp("dbt_world") / "world.db"
    shutil.copy(tiny_world_path, path)
    store = WorldStore(path)
    advance_until_deleted(
        store,
        ("salesforce.Account", "hubspot.companies", "salesforce.Contact", "hubspot.contacts", "zendesk.users"),
        days=5,
        change_share=0.1,
    )
    store.close()
    return path


def _world_copy(changed_world_path: Path, tmp_path: Path) -> WorldStore:
    path = tmp_path / "world.db"
    shutil.copy(changed_world_path, path)
    return WorldStore(path)


def _delete_an_organization(store: WorldStore) -> str:
    """Delete one Zendesk organization as the service shows it (``deleted_at`` set), which the
    sandbox's own days never do; returns its id."""
    rid, body = store.con.execute(
        "SELECT id, body FROM records WHERE system = 'zendesk' AND object = 'organizations' AND deleted = 0 "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    at = (store.now_ms - 3_600_000) // 1000 * 1000
    stamped = {**orjson.loads(body), "deleted_at": zendesk_datetime(at), "updated_at": zendesk_datetime(at)}
    with store.transaction() as con:
        con.execute(
            "UPDATE records SET modified_ms = ?, deleted = 1, deleted_ms = ?, body = ? "
            "WHERE system = 'zendesk' AND object = 'organizations' AND id = ?",
            (at, at, encode(stamped), rid),
        )
    return str(rid)


def _build(
    store: WorldStore, warehouse: WarehouseResource, instance: DagsterInstance | None = None
) -> list[AssetCheckEvaluation]:
    """Raw layer and dbt models materialized in one run; the dbt tests' results as asset checks."""
    result = materialize(
        [abe_program, salesforce_raw, hubspot_raw, zendesk_raw, staging_models],
        resources=sandbox_resources(store.path, warehouse),
        instance=instance,
    )
    assert result.success
    built = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert {"staging/stg_salesforce__leads", "intermediate/int_accounts_unioned"} <= built
    return result.get_asset_check_evaluations()


def _deleted_ids(store: WorldStore, objects: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    return {
        (system, rid)
        for system, names in objects.items()
        for name in names
        for (rid,) in store.con.execute(
            "SELECT id FROM records WHERE system = ? AND object = ? AND deleted = 1", (system, name)
        )
    }


def _comparable(frame: pd.DataFrame, *, nul_stripped: bool = False) -> pd.DataFrame:
    """Text cells or None, indexed by (source_system, source_id), rows in key order."""
    out = frame.astype(object).where(frame.notna(), None)
    if nul_stripped:  # PostgreSQL text cannot hold U+0000; dlt drops it there
        out = out.map(lambda v: v.replace("\x00", "") if isinstance(v, str) else v)
    return out.astype({"source_id": str}).set_index(["source_system", "source_id"]).sort_index()


def _assert_same_rows(got: pd.DataFrame, expected: pd.DataFrame, what: str, *, nul_stripped: bool) -> None:
    got, expected = _comparable(got), _comparable(expected, nul_stripped=nul_stripped)
    assert set(got.index) == set(expected.index), (
        f"{what}: only in dbt {sorted(set(got.index) - set(expected.index))[:5]}, "
        f"only in the world {sorted(set(expected.index) - set(got.index))[:5]}"
    )
    differences = [
        f"{key} {column}: dbt {got.at[key, column]!r} != world {expected.at[key, column]!r}"
        for column in expected.columns
        for key in expected.index
        if got.at[key, column] != expected.at[key, column]
    ]
    assert not differences, f"{what}: {len(differences)} values differ:\n" + "\n".join(differences[:20])


def _assert_identity_input(read: Read, schema: str, store: WorldStore, *, nul_stripped: bool = False) -> None:
    accounts = read(f"SELECT * FROM {schema}.int_accounts_unioned")
    people = read(f"SELECT * FROM {schema}.int_people_unioned")
    assert list(accounts.columns) == list(ACCOUNT_COLUMNS)
    assert list(people.columns) == [c for c in PERSON_COLUMNS if c not in PERSONAL_DETAIL_COLUMNS]

    unconverted_leads = store.con.execute(
        "SELECT count(*) FROM records WHERE system = 'salesforce' AND object = 'Lead' AND deleted = 0 "
        "AND NOT coalesce(json_extract(body, '$.IsConverted'), 0)"
    ).fetchone()[0]
    assert accounts.groupby("source_system").size().to_dict() == {
        "salesforce": store.count("salesforce", "Account"),
        "hubspot": store.count("hubspot", "companies"),
        "zendesk": store.count("zendesk", "organizations"),
    }
    assert people.groupby("source_system").size().to_dict() == {
        "salesforce": store.count("salesforce", "Contact") + unconverted_leads,
        "hubspot": store.count("hubspot", "contacts"),
        "zendesk": store.count("zendesk", "users"),
    }
    assert unconverted_leads < store.count("salesforce", "Lead")  # converted leads exist and stay out

    _assert_same_rows(accounts, account_frame(store), "accounts", nul_stripped=nul_stripped)
    crm_people = person_frame(store).drop(columns=list(PERSONAL_DETAIL_COLUMNS))
    _assert_same_rows(people, crm_people, "people", nul_stripped=nul_stripped)

    deleted_accounts, deleted_people = _deleted_ids(store, ACCOUNT_OBJECTS), _deleted_ids(store, PERSON_OBJECTS)
    assert {system for system, _ in deleted_accounts} >= {"salesforce", "hubspot"}
    assert {system for system, _ in deleted_people} == {"salesforce", "hubspot", "zendesk"}
    assert not deleted_accounts & set(zip(accounts.source_system, accounts.source_id, strict=True))
    assert not deleted_people & set(zip(people.source_system, people.source_id, strict=True))


def _assert_dbt_tests_passed(checks: list[AssetCheckEvaluation]) -> None:
    assert len(checks) == len(staging_models.check_keys) > 0
    failed = [check.check_name for check in checks if not check.passed]
    assert not failed, f"dbt tests failed: {failed}"


def test_dbt_models_on_duckdb_match_the_world(changed_world_path: Path, tmp_path: Path) -> None:
    store = _world_copy(changed_world_path, tmp_path)
    deleted_organization = _delete_an_organization(store)
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseResource(duckdb_path=str(path), pipelines_dir=str(tmp_path / "dlt"))

    _assert_dbt_tests_passed(_build(store, warehouse))

    with duckdb.connect(str(path), read_only=True) as con:
        flagged = con.execute("SELECT CAST(id AS VARCHAR) FROM raw_zendesk.organizations WHERE deleted_at IS NOT NULL")
        assert [rid for (rid,) in flagged.fetchall()] == [deleted_organization]  # loaded, flagged, then left out
        _assert_identity_input(lambda sql: con.execute(sql).df(), "intermediate", store)
        views = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'staging' AND table_type = 'VIEW'"
        )
        staged = {name for (name,) in views.fetchall()}
    assert staged >= {
        "stg_salesforce__accounts",
        "stg_salesforce__contacts",
        "stg_salesforce__leads",
        "stg_hubspot__companies",
        "stg_hubspot__contacts",
        "stg_hubspot__company_parents",
        "stg_hubspot__contact_companies",
        "stg_zendesk__organizations",
        "stg_zendesk__users",
    }


@pytest.mark.postgres
def test_dbt_models_on_postgres_match_the_world(changed_world_path: Path, tmp_path: Path) -> None:
    """Same models, same checks, on PostgreSQL; here no organization is deleted, so Zendesk's
    ``deleted_at`` column does not exist yet and the staging view must read it as null. The DSN's
    password reaches dbt, never the run's logs."""
    store = _world_copy(changed_world_path, tmp_path)
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    dsn = POSTGRES_DSN.replace(":trust@", f":{SECRET_PASSWORD}@")
    warehouse = WarehouseResource(postgres_dsn=dsn, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=prefix)
    instance = DagsterInstance.ephemeral()

    def read(sql: str) -> pd.DataFrame:
        with psycopg.connect(POSTGRES_DSN) as con:
            cursor = con.execute(sql)
            return pd.DataFrame(cursor.fetchall(), columns=[d.name for d in cursor.description])

    try:
        _assert_dbt_tests_passed(_build(store, warehouse, instance))
        runs = instance.get_runs()
        logs = "\n".join(str(record) for run in runs for record in instance.all_logs(run.run_id))
        assert "dbt build" in logs and SECRET_PASSWORD not in logs
        columns = read(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = '{prefix}raw_zendesk' "
            "AND table_name = 'organizations'"
        )
        assert "deleted_at" not in set(columns.column_name)
        _assert_identity_input(read, f"{prefix}intermediate", store, nul_stripped=True)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
            for (schema,) in schemas.fetchall():
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
