"""The fact marts (fct_opportunity, fct_activity, fct_ticket), built by Dagster from the sandbox through
the connectors, dbt staging, identity resolution and dbt marts, held to the world they came from on
DuckDB and on PostgreSQL.

Every live opportunity, touch and ticket must be there exactly once, with the source's own values
(planted defects included: staging and marts do not repair data), the documented activity type and
function, and the golden keys identity gave the records it names (``tests/marts_truth.py``); except
the opportunities validation rejects (impossible amounts), which end in the quarantine with a reason
instead, beside the Salesforce accounts flagged for a customer-since date in the future.
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import psycopg
import pytest
from dagster import AssetKey, AssetSelection, DagsterInstance, ExecuteInProcessResult, materialize

import marts_truth as truth
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.store import encode
from assets.dbt import mart_models, staging_models
from assets.identity import identity
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from assets.validation import quarantine
from busy_days import advance_until_deleted
from night_resources import sandbox_resources
from resources.dbt import dbt_resource
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
# The alias the DuckDB reader gives the marts file it attaches.
MARTS_FILE = "marts_file"
FACTS = [AssetKey(["marts", name]) for name in ("fct_opportunity", "fct_activity", "fct_ticket")]
# The fact marts and everything they are built from (the identity multi-asset whole): only that is run.
FACTS_AND_UPSTREAM = AssetSelection.assets(*FACTS).upstream().required_multi_asset_neighbors()
# A pasted-in essay wrapped in invisible and right-to-left characters: text columns take it whole.
LONG_SUBJECT = "\u200bQuarterly business review: renewal, expansion and roadmap \u202e 🚀 " * 120
# A HubSpot deal typed in with a minus sign, beside the world's own impossible Salesforce amount.
NEGATIVE_DEAL_AMOUNT = "-1500"
AMOUNT_CEILING = 1e10
OPPORTUNITIES = "int_opportunities_unioned"
SALESFORCE_ACCOUNTS = "stg_salesforce__accounts"
Read = Callable[[str], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def fact_world_path(tiny_world_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world five busy days on (deleted Tasks, tickets and contacts, duplicate accounts merged
    with their opportunities moved, deals and tickets moved on), one Task subject a long run of junk,
    one HubSpot deal's amount negative (the world plants impossible amounts in Salesforce only)."""
    path = tmp_path_factory.mktemp("fact_world") / "world.db"
    shutil.copy(tiny_world_path, path)
    store = WorldStore(path)
    advance_until_deleted(store, ("salesforce.Task", "zendesk.tickets"), days=5, change_share=0.1)
    rid, body = store.con.execute(
        "SELECT id, body FROM records WHERE system = 'salesforce' AND object = 'Task' AND deleted = 0 "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    with store.transaction() as con:
        con.execute(
            "UPDATE records SET body = ? WHERE system = 'salesforce' AND object = 'Task' AND id = ?",
            (encode({**orjson.loads(body), "Subject": LONG_SUBJECT}), rid),
        )
    rid, body = store.con.execute(
        "SELECT id, body FROM records WHERE system = 'hubspot' AND object = 'deals' AND deleted = 0 ORDER BY id LIMIT 1"
    ).fetchone()
    with store.transaction() as con:
        con.execute(
            "UPDATE records SET body = ? WHERE system = 'hubspot' AND object = 'deals' AND id = ?",
            (encode({**orjson.loads(body), "amount": NEGATIVE_DEAL_AMOUNT}), rid),
        )
    store.close()
    return path


def _build(
    world: Path, warehouse: WarehouseResource, instance: DagsterInstance | None = None
) -> ExecuteInProcessResult:
    """Raw, staging, identity, quarantine and marts in one Dagster run; every dbt test passes as an
    asset check, bad rows or not."""
    result = materialize(
        [salesforce_raw, hubspot_raw, zendesk_raw, staging_models, identity, quarantine, mart_models],
        selection=FACTS_AND_UPSTREAM,
        instance=instance,
        resources=sandbox_resources(world, warehouse),
    )
    assert result.success
    assert set(FACTS) <= {event.asset_key for event in result.get_asset_materialization_events()}
    checks = result.get_asset_check_evaluations()
    fact_checks = {key for key in mart_models.check_keys if key.asset_key in FACTS}
    assert {check.asset_check_key for check in checks} >= fact_checks and len(fact_checks) > 30
    failed = [check.check_name for check in checks if not check.passed]
    assert not failed, f"dbt tests failed: {failed}"
    return result


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


def _impossible_amounts(store: WorldStore) -> dict[str, float]:
    """The live opportunities whose amount no deal has (negative, or above the ceiling), by
    opportunity_id: what validation must reject, read from the world, not from the quarantine."""
    found = {}
    for system, obj, field in (("salesforce", "Opportunity", "Amount"), ("hubspot", "deals", "amount")):
        for rid, body in store.con.execute(
            "SELECT id, body FROM records WHERE system = ? AND object = ? AND deleted = 0", (system, obj)
        ):
            amount = orjson.loads(body)[field]
            if amount is not None and not 0 <= float(amount) <= AMOUNT_CEILING:
                found[f"{system}:{rid}"] = float(amount)
    return found


def _future_customer_since(store: WorldStore) -> dict[str, str]:
    """The live Salesforce accounts whose Customer_Since__c is a day still to come, by record key."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    return {
        f"salesforce:{rid}": since
        for rid, body in store.con.execute(
            "SELECT id, body FROM records WHERE system = 'salesforce' AND object = 'Account' AND deleted = 0"
        )
        if (since := orjson.loads(body).get("Customer_Since__c")) and since > tomorrow
    }


def _planted(store: WorldStore, kind: str) -> set[str]:
    """The record keys the world planted a defect of ``kind`` on (truth_defect)."""
    rows = store.con.execute("SELECT system, source_id FROM truth_defect WHERE kind = ?", (kind,)).fetchall()
    return {f"{system}:{rid}" for system, rid in rows}


def _assert_opportunities(read: Read, marts: str, store: WorldStore, keys: truth.Identity) -> None:
    """Every live opportunity but the ones with an impossible amount, which are left out."""
    got = _by(read(f"SELECT * FROM {marts}.fct_opportunity"), "opportunity_id")
    world = truth.opportunities(store, keys)
    rejected = _impossible_amounts(store)
    assert {key.split(":")[0] for key in rejected} == {"salesforce", "hubspot"} and rejected.keys() <= world.keys()
    _assert_same_rows(got, {k: row for k, row in world.items() if k not in rejected}, "fct_opportunity")
    assert Counter(row["source_system"] for row in got.values()) == {
        "salesforce": store.count("salesforce", "Opportunity") - sum(k.startswith("salesforce:") for k in rejected),
        "hubspot": store.count("hubspot", "deals") - sum(k.startswith("hubspot:") for k in rejected),
    }
    assert {(row["is_closed"], row["is_won"]) for row in got.values()} == {(True, True), (True, False), (False, False)}
    assert {row["source_system"] for row in got.values() if row["account_key"]} == {"salesforce", "hubspot"}
    planted = _planted(store, "impossible_amount")
    assert planted and planted <= rejected.keys(), "the world's own impossible amounts are among them"


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
    """The schema dbt built the marts in: ``<prefix>marts``, the build schema beside it that publishing
    later makes visible to BI (``macros/generate_schema_name.sql``), or on DuckDB ``marts`` in the
    marts file, which ``_duckdb_reader`` attaches."""
    schemas = read(
        "SELECT DISTINCT table_catalog, table_schema FROM information_schema.tables "
        f"WHERE table_name = 'fct_opportunity' AND table_schema LIKE '{prefix}marts%'"
    )
    assert len(schemas) == 1, f"fct_opportunity in {schemas}"
    catalog, schema = schemas[0]["table_catalog"], schemas[0]["table_schema"]
    return f"{MARTS_FILE}.{schema}" if catalog == MARTS_FILE else schema


def _assert_marts_match_world(read: Read, prefix: str, store: WorldStore) -> None:
    keys = _identity(read, f"{prefix}identity")
    marts = _built_marts_schema(read, prefix)
    _assert_opportunities(read, marts, store, keys)
    _assert_activities(read, marts, store, keys)
    _assert_tickets(read, marts, store, keys)


def _quarantined(read: Read, prefix: str, table: str) -> truth.Rows:
    rows = read(f"SELECT * FROM {prefix}quarantine.rejects WHERE \"table\" = '{table}'")
    return _by(rows, "record_key")


def _assert_quarantine(read: Read, prefix: str, store: WorldStore) -> None:
    """Each impossible amount rejected and each future customer-since flagged, with a reason that
    names the value, and nothing else of these two tables; a flagged account is still resolved."""
    amounts, opportunities = _impossible_amounts(store), _quarantined(read, prefix, OPPORTUNITIES)
    assert opportunities.keys() == amounts.keys()
    for key, amount in amounts.items():
        reject = opportunities[key]
        assert (reject["check"], reject["column"], reject["outcome"]) == ("amount_in_range", "amount", "rejected")
        why = "is negative" if amount < 0 else "is above the ceiling of 10,000,000,000"
        assert reject["reason"] == f"amount {amount:,.2f} {why}"
    future, accounts = _future_customer_since(store), _quarantined(read, prefix, SALESFORCE_ACCOUNTS)
    assert accounts.keys() == future.keys() and _planted(store, "future_date") & future.keys()
    for key, since in future.items():
        flag = accounts[key]
        assert (flag["check"], flag["column"], flag["outcome"]) == ("not_in_future", "customer_since", "flagged")
        assert flag["failure_value"] == since
        assert flag["reason"] == f"customer_since '{since}' is in the future (more than 24 hours ahead of now)"
    resolved = read(f"SELECT source_system || ':' || source_id AS record_key FROM {prefix}identity.account_xref")
    assert future.keys() <= {row["record_key"] for row in resolved}, "a flagged account goes on"


def _rows(cursor: Any) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _duckdb_reader(warehouse: WarehouseResource) -> Read:
    """Queries on the working file, with the marts file (where dbt builds the marts) attached as
    ``MARTS_FILE`` once there is one."""

    def read(sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(warehouse.duckdb_path, read_only=True) as con:
            if Path(warehouse.marts_path).exists():
                con.execute(f"ATTACH ? AS {MARTS_FILE} (READ_ONLY)", [warehouse.marts_path])
            return _rows(con.execute(sql))

    return read


@pytest.fixture(scope="module")
def duckdb_night(
    fact_world_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[WarehouseResource, ExecuteInProcessResult]:
    """One night of the fact world into DuckDB, raw to marts; the tests read it, and copy it to change it."""
    tmp = tmp_path_factory.mktemp("fact_marts")
    warehouse = WarehouseResource(duckdb_path=str(tmp / "warehouse.duckdb"), pipelines_dir=str(tmp / "dlt"))
    return warehouse, _build(fact_world_path, warehouse)


def test_fact_marts_on_duckdb_match_the_world(
    fact_world_path: Path, duckdb_night: tuple[WarehouseResource, ExecuteInProcessResult]
) -> None:
    warehouse, _ = duckdb_night
    _assert_marts_match_world(_duckdb_reader(warehouse), "", WorldStore(fact_world_path))


def test_impossible_amounts_and_future_dates_end_in_quarantine(
    fact_world_path: Path, duckdb_night: tuple[WarehouseResource, ExecuteInProcessResult]
) -> None:
    warehouse, result = duckdb_night
    store = WorldStore(fact_world_path)
    _assert_quarantine(_duckdb_reader(warehouse), "", store)
    runs = {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "quarantine"
    }
    assert runs["quarantine/opportunities"]["records quarantined"].value == len(_impossible_amounts(store))
    assert runs["quarantine/accounts"]["records flagged"].value == len(_future_customer_since(store))
    assert runs["quarantine/accounts"]["records quarantined"].value == 0
    assert "| record_key" in runs["quarantine/opportunities"]["quarantine sample"].value


def test_a_rerun_converges_and_a_fixed_opportunity_comes_back(
    fact_world_path: Path, duckdb_night: tuple[WarehouseResource, ExecuteInProcessResult], tmp_path: Path
) -> None:
    """The quarantine again over the same rows: the same rejects, once. Then the amounts fixed at
    the source: no opportunity rejects left, and fct_opportunity (built on an empty slice of the
    quarantine) holds every opportunity."""
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "warehouse.duckdb"))
    shutil.copy(duckdb_night[0].duckdb_path, warehouse.duckdb_path)
    shutil.copy(duckdb_night[0].marts_path, warehouse.marts_path)
    read = _duckdb_reader(warehouse)
    columns = '"table", record_key, "check", "column", failure_value, reason, outcome'
    before = read(f"SELECT {columns} FROM quarantine.rejects ORDER BY ALL")
    assert materialize([quarantine], resources={"warehouse": warehouse}).success
    assert read(f"SELECT {columns} FROM quarantine.rejects ORDER BY ALL") == before

    amounts = _impossible_amounts(WorldStore(fact_world_path))
    with duckdb.connect(warehouse.duckdb_path) as con:
        for table, system in (("raw_salesforce.opportunity", "salesforce"), ("raw_hubspot.deals", "hubspot")):
            ids = [key.split(":", 1)[1] for key in amounts if key.startswith(f"{system}:")]
            con.execute(f"UPDATE {table} SET amount = 1500 WHERE id IN (SELECT unnest(?))", [ids])
    fct_opportunity = AssetKey(["marts", "fct_opportunity"])
    result = materialize(
        [quarantine, mart_models],
        selection=AssetSelection.assets(*quarantine.keys, fct_opportunity),
        resources={"warehouse": warehouse, "dbt": dbt_resource(warehouse)},
    )
    assert result.success and all(check.passed for check in result.get_asset_check_evaluations())
    assert not _quarantined(read, "", OPPORTUNITIES)
    assert len(_quarantined(read, "", SALESFORCE_ACCOUNTS)) == len(
        [r for r in before if r["table"] == SALESFORCE_ACCOUNTS]
    )
    back = read(f"SELECT opportunity_id, amount FROM {_built_marts_schema(read, '')}.fct_opportunity")
    assert {row["opportunity_id"]: row["amount"] for row in back if row["opportunity_id"] in amounts} == dict.fromkeys(
        amounts, 1500
    )


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
        _assert_quarantine(read, prefix, WorldStore(fact_world_path))
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
            for (schema,) in schemas.fetchall():
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
