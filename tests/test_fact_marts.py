"""The fact marts (fct_opportunity, fct_activity, fct_ticket), built by Dagster from the sandbox through
the connectors, dbt staging, identity resolution and dbt marts, held to the world they came from on
DuckDB and on PostgreSQL.

Every live opportunity, touch and ticket must be there exactly once, with the source's own values
(planted defects included: staging and marts do not repair data), the documented activity type and
function, and the golden keys identity gave the records it names (``tests/marts_truth.py``).
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import orjson
import psycopg
import pytest
from dagster import AssetKey, AssetSelection, DagsterInstance, materialize
from dagster_dlt import DagsterDltResource

import marts_truth as truth
from abe_hub.sandbox import WorldStore, advance
from abe_hub.sandbox.store import encode
from assets.dbt import mart_models, staging_models
from assets.identity import identity
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from resources.dbt import dbt_resource
from resources.sandbox import SandboxResource
from resources.sources import HubSpotResource, SalesforceResource, ZendeskResource
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
FACTS = [AssetKey(["marts", name]) for name in ("fct_opportunity", "fct_activity", "fct_ticket")]
# The fact marts and everything they are built from (the identity multi-asset whole): only that is run.
FACTS_AND_UPSTREAM = AssetSelection.assets(*FACTS).upstream().required_multi_asset_neighbors()
# A pasted-in essay wrapped in invisible and right-to-left characters: text columns take it whole.
LONG_SUBJECT = "\u200bQuarterly business review: renewal, expansion and roadmap \u202e 🚀 " * 120
Read = Callable[[str], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def fact_world_path(tiny_world_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world five busy days on (deleted Tasks, tickets and contacts, duplicate accounts merged
    with their opportunities moved, deals and tickets moved on), one Task subject a long run of junk."""
    path = tmp_path_factory.mktemp("fact_world") / "world.db"
    shutil.copy(tiny_world_path, path)
    store = WorldStore(path)
    advance(store, days=5, change_share=0.1)
    rid, body = store.con.execute(
        "SELECT id, body FROM records WHERE system = 'salesforce' AND object = 'Task' AND deleted = 0 "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    with store.transaction() as con:
        con.execute(
            "UPDATE records SET body = ? WHERE system = 'salesforce' AND object = 'Task' AND id = ?",
            (encode({**orjson.loads(body), "Subject": LONG_SUBJECT}), rid),
        )
    store.close()
    return path


def _build(world: Path, warehouse: WarehouseResource, instance: DagsterInstance | None = None) -> None:
    """Raw, staging, identity and marts in one Dagster run; every dbt test passes as an asset check."""
    result = materialize(
        [salesforce_raw, hubspot_raw, zendesk_raw, staging_models, identity, mart_models],
        selection=FACTS_AND_UPSTREAM,
        instance=instance,
        resources={
            "dlt": DagsterDltResource(),
            "sandbox": SandboxResource(world_path=str(world)),
            "warehouse": warehouse,
            "dbt": dbt_resource(warehouse),
            "salesforce": SalesforceResource(),
            "hubspot": HubSpotResource(),
            "zendesk": ZendeskResource(),
        },
    )
    assert result.success
    assert set(FACTS) <= {event.asset_key for event in result.get_asset_materialization_events()}
    checks = result.get_asset_check_evaluations()
    fact_checks = {key for key in mart_models.check_keys if key.asset_key in FACTS}
    assert {check.asset_check_key for check in checks} >= fact_checks and len(fact_checks) > 30
    failed = [check.check_name for check in checks if not check.passed]
    assert not failed, f"dbt tests failed: {failed}"


def _identity(read: Read, schema: str) -> truth.Identity:
    accounts = read(f"SELECT source_system, source_id, account_key FROM {schema}.account_xref")
    people = read(f"SELECT source_system, source_id, person_key, account_key FROM {schema}.person_xref")
    return truth.Identity(
        accounts={(r["source_system"], r["source_id"]): r["account_key"] for r in accounts},
        people={(r["source_system"], r["source_id"]): (r["person_key"], r["account_key"]) for r in people},
    )


def _by(rows: list[dict[str, Any]], key: str) -> truth.Rows:
    keyed = {row[key]: row for row in rows}
    assert len(keyed) == len(rows), f"{key} repeats"
    return keyed


def _assert_same_rows(got: truth.Rows, expected: truth.Rows, what: str) -> None:
    """The same keys, and every value the world knows equal in the mart."""
    assert got.keys() == expected.keys(), (
        f"{what}: only in the mart {sorted(got.keys() - expected.keys())[:5]}, "
        f"only in the world {sorted(expected.keys() - got.keys())[:5]}"
    )
    differences = [
        f"{key} {column}: mart {got[key][column]!r} != world {value!r}"
        for key, row in expected.items()
        for column, value in row.items()
        if got[key][column] != value
    ]
    assert not differences, f"{what}: {len(differences)} values differ:\n" + "\n".join(differences[:20])


def _live_ids(store: WorldStore, system: str, obj: str, *, deleted: bool) -> set[str]:
    sql = "SELECT id FROM records WHERE system = ? AND object = ? AND deleted = ?"
    return {rid for (rid,) in store.con.execute(sql, (system, obj, int(deleted)))}


def _assert_opportunities(read: Read, marts: str, store: WorldStore, keys: truth.Identity) -> None:
    got = _by(read(f"SELECT * FROM {marts}.fct_opportunity"), "opportunity_id")
    _assert_same_rows(got, truth.opportunities(store, keys), "fct_opportunity")
    assert Counter(row["source_system"] for row in got.values()) == {
        "salesforce": store.count("salesforce", "Opportunity"),
        "hubspot": store.count("hubspot", "deals"),
    }
    assert {(row["is_closed"], row["is_won"]) for row in got.values()} == {(True, True), (True, False), (False, False)}
    assert {row["source_system"] for row in got.values() if row["account_key"]} == {"salesforce", "hubspot"}
    planted = store.con.execute(
        "SELECT source_id FROM truth_defect WHERE object = 'Opportunity' AND kind = 'impossible_amount'"
    ).fetchall()
    assert planted and all(got[f"salesforce:{rid}"]["amount"] in (-25_000.0, 9.9e13) for (rid,) in planted)


def _assert_activities(read: Read, marts: str, store: WorldStore, keys: truth.Identity) -> None:
    got = _by(read(f"SELECT * FROM {marts}.fct_activity"), "activity_id")
    _assert_same_rows(got, truth.activities(store, keys), "fct_activity")
    objects = {
        ("salesforce", "task"): "Task",
        ("salesforce", "event"): "Event",
        ("salesforce", "campaignmember"): "CampaignMember",
        **{("hubspot", name): name for name in truth.HUBSPOT_ENGAGEMENTS},
        ("zendesk", "tickets"): "tickets",
    }
    assert Counter((row["source_system"], row["source_object"]) for row in got.values()) == {
        key: store.count(key[0], name) for key, name in objects.items()
    }
    deleted_tasks = _live_ids(store, "salesforce", "Task", deleted=True)
    assert deleted_tasks and not {f"salesforce:task:{rid}" for rid in deleted_tasks} & got.keys()
    functions = Counter((row["source_object"], row["function"]) for row in got.values())
    assert {function for _, function in functions} == {"marketing", "sales_development", "sales", "customer_success"}
    assert {obj for obj, function in functions if function == "customer_success"} == {"task", "event", "tickets"}
    assert LONG_SUBJECT in {row["subject"] for row in got.values()}


def _assert_tickets(read: Read, marts: str, store: WorldStore, keys: truth.Identity) -> None:
    got = _by(read(f"SELECT * FROM {marts}.fct_ticket"), "ticket_id")
    _assert_same_rows(got, truth.tickets(store, keys), "fct_ticket")
    deleted = _live_ids(store, "zendesk", "tickets", deleted=True)
    assert deleted and not {f"zendesk:{rid}" for rid in deleted} & got.keys()
    assert {row["satisfaction_score"] for row in got.values()} == {0, 1, None}


def _built_marts_schema(read: Read, prefix: str) -> str:
    """The schema dbt built the marts in: ``<prefix>marts``, or the build schema beside it that
    publishing later makes visible to BI (``macros/generate_schema_name.sql``)."""
    schemas = read(
        "SELECT DISTINCT table_schema FROM information_schema.tables "
        f"WHERE table_name = 'fct_opportunity' AND table_schema LIKE '{prefix}marts%'"
    )
    assert len(schemas) == 1, f"fct_opportunity in {schemas}"
    return schemas[0]["table_schema"]


def _assert_marts_match_world(read: Read, prefix: str, store: WorldStore) -> None:
    keys = _identity(read, f"{prefix}identity")
    marts = _built_marts_schema(read, prefix)
    _assert_opportunities(read, marts, store, keys)
    _assert_activities(read, marts, store, keys)
    _assert_tickets(read, marts, store, keys)


def _rows(cursor: Any) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_fact_marts_on_duckdb_match_the_world(fact_world_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    _build(fact_world_path, WarehouseResource(duckdb_path=str(path), pipelines_dir=str(tmp_path / "dlt")))

    def read(sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(path), read_only=True) as con:
            return _rows(con.execute(sql))

    _assert_marts_match_world(read, "", WorldStore(fact_world_path))


@pytest.mark.postgres
def test_fact_marts_on_postgres_match_the_world(fact_world_path: Path, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=prefix)

    def read(sql: str) -> list[dict[str, Any]]:
        with psycopg.connect(POSTGRES_DSN) as con:
            return _rows(con.execute(sql))

    try:
        _build(fact_world_path, warehouse, DagsterInstance.ephemeral())
        _assert_marts_match_world(read, prefix, WorldStore(fact_world_path))
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
            for (schema,) in schemas.fetchall():
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
