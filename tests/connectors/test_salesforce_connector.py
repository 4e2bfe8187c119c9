"""The Salesforce dlt source against the emulator: exact full loads, change-sized incremental
loads with deletes flagged, a clear stop on a spent quota, and the same warehouse under faults."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import dlt
import duckdb
import psycopg
import pytest
from dlt.pipeline.exceptions import PipelineStepFailed

from abe_hub.sandbox import WorldStore, advance
from abe_hub.sandbox.clients import salesforce_client
from abe_hub.sandbox.emulator.context import FaultConfig, Limits
from abe_hub.sandbox.server import EmulatorServer
from connectors.retries import mount_retries
from connectors.salesforce import OBJECTS, SalesforceQuotaExceeded, salesforce_source
from fidelity import assert_like_the_world, query_of
from resources.warehouse import WarehouseResource

POSTGRES_DSN = os.environ.get("ABE_TEST_POSTGRES_DSN", "postgresql://postgres:trust@127.0.0.1:5432/test")


def _pipeline(tmp_path: Path, destination: object, dataset: str = "raw_salesforce") -> dlt.Pipeline:
    return dlt.pipeline(
        pipeline_name=f"sf_{uuid.uuid4().hex[:8]}",
        destination=destination,
        dataset_name=dataset,
        pipelines_dir=str(tmp_path / "dlt"),
    )


def _client(server: EmulatorServer):
    sf = salesforce_client(server.url)
    mount_retries(sf.session, backoff=0)
    return sf


def _warehouse_ids(con: duckdb.DuckDBPyConnection, obj: str) -> dict[str, bool]:
    rows = con.execute(f"SELECT id, is_deleted FROM raw_salesforce.{obj.lower()}").fetchall()
    assert len(rows) == len({r[0] for r in rows}), f"duplicate ids in raw_salesforce.{obj.lower()}"
    return dict(rows)


def _store_ids(store: WorldStore, obj: str) -> dict[str, bool]:
    return {r.id: r.deleted for r in store.iter_records("salesforce", obj, include_deleted=True)}


@pytest.fixture
def synced(
    mutable_world: WorldStore, tmp_path: Path
) -> Iterator[tuple[WorldStore, EmulatorServer, dlt.Pipeline, Path]]:
    database = tmp_path / "warehouse.duckdb"
    pipeline = _pipeline(tmp_path, dlt.destinations.duckdb(str(database)))
    with EmulatorServer(mutable_world) as server:
        pipeline.run(salesforce_source(_client(server)))
        yield mutable_world, server, pipeline, database


def test_full_sync_lands_every_record_exactly_once(synced) -> None:
    store, server, _pipeline_, database = synced
    with duckdb.connect(str(database), read_only=True) as con:
        for obj in OBJECTS:
            assert _warehouse_ids(con, obj) == _store_ids(store, obj), obj
        assert_like_the_world(query_of(con), store, "salesforce", OBJECTS, "raw_salesforce")


def test_incremental_sync_fetches_the_change_not_the_world(synced) -> None:
    store, server, pipeline, database = synced
    full = server.ctx.records_served("salesforce")
    since = store.now_ms
    advance(store, 1, change_share=0.01)
    server.ctx.reset_log()
    pipeline.run(salesforce_source(_client(server)))
    fetched = server.ctx.records_served("salesforce")
    changed = store.con.execute(
        "SELECT count(*) FROM records WHERE system = 'salesforce' AND modified_ms > ?", (since,)
    ).fetchone()[0]
    assert changed <= fetched < 0.05 * full
    with duckdb.connect(str(database), read_only=True) as con:
        for obj in OBJECTS:
            assert _warehouse_ids(con, obj) == _store_ids(store, obj), obj
        assert_like_the_world(query_of(con), store, "salesforce", OBJECTS, "raw_salesforce", since_ms=since)
        deleted = con.execute("SELECT count(*) FROM raw_salesforce.lead WHERE is_deleted").fetchone()[0]
    assert deleted == sum(_store_ids(store, "Lead").values()) > 0


def test_spent_daily_quota_stops_with_a_clear_error(default_world_path: Path, tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, dlt.destinations.duckdb(str(tmp_path / "w.duckdb")))
    with (
        EmulatorServer(default_world_path, limits=Limits(salesforce_daily_requests=6)) as server,
        pytest.raises(PipelineStepFailed) as failure,
    ):
        pipeline.run(salesforce_source(_client(server)))
    cause = failure.value.__cause__
    while cause is not None and not isinstance(cause, SalesforceQuotaExceeded):
        cause = cause.__cause__ or cause.__context__
    assert isinstance(cause, SalesforceQuotaExceeded) and "REQUEST_LIMIT_EXCEEDED" in str(cause)


def test_faults_do_not_change_the_warehouse(default_world_path: Path, tmp_path: Path) -> None:
    tables = {}
    for name, faults in (
        ("clean", FaultConfig()),
        ("faulty", FaultConfig(rate_limit=0.1, server_error=0.05, drop=0.03, retry_after_seconds=0, seed=9)),
    ):
        database = tmp_path / f"{name}.duckdb"
        with EmulatorServer(default_world_path, faults=faults) as server:
            _pipeline(tmp_path, dlt.destinations.duckdb(str(database))).run(salesforce_source(_client(server)))
            if name == "faulty":
                assert {e.fault for e in server.ctx.log} >= {"rate_limit", "server_error", "drop"}
        with duckdb.connect(str(database), read_only=True) as con:
            tables[name] = {
                obj: con.execute(
                    f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM raw_salesforce.{obj.lower()} ORDER BY id"
                ).fetchall()
                for obj in OBJECTS
            }
    assert tables["faulty"] == tables["clean"]


@pytest.mark.postgres
def test_full_sync_into_postgres(default_world_path: Path, tmp_path: Path) -> None:
    dataset = f"raw_salesforce_{uuid.uuid4().hex[:8]}"
    pipeline = _pipeline(tmp_path, dlt.destinations.postgres(POSTGRES_DSN), dataset)
    store = WorldStore(default_world_path)
    try:
        with EmulatorServer(store) as server:
            pipeline.run(
                salesforce_source(_client(server), objects=("Account", "Lead")),
                loader_file_format=WarehouseResource(postgres_dsn=POSTGRES_DSN).loader_file_format,
            )
        with psycopg.connect(POSTGRES_DSN) as con:
            for obj in ("Account", "Lead"):
                rows = con.execute(f"SELECT id, is_deleted FROM {dataset}.{obj.lower()}").fetchall()
                assert dict(rows) == _store_ids(store, obj) and len(rows) == len(dict(rows))
            assert_like_the_world(
                query_of(con, "%s"), store, "salesforce", ("Account", "Lead"), dataset, nul_stripped=True
            )
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            for schema in (dataset, f"{dataset}_staging"):
                con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_schema_changes_between_nights(synced) -> None:
    from abe_hub.sandbox.admin import add_custom_field, change_field_type

    store, server, pipeline, database = synced
    add_custom_field(store, "salesforce", "Account", "Churn_Risk__c", "double", lambda body: 0.25)
    change_field_type(
        store, "salesforce", "Lead", "Lead_Score__c", "string", lambda score: "hot" if (score or 0) > 50 else "cold"
    )
    pipeline.run(salesforce_source(_client(server)))
    with duckdb.connect(str(database), read_only=True) as con:
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw_salesforce'"
            ).fetchall()
        }
        assert "churn_risk__c" in columns
        assert con.execute("SELECT count(*) FROM raw_salesforce.account WHERE churn_risk__c = 0.25").fetchone()[
            0
        ] == store.count("salesforce", "Account")
        variant = next(c for c in columns if c.startswith("lead_score__c__v_"))
        assert con.execute(f"SELECT count(*) FROM raw_salesforce.lead WHERE {variant} IN ('hot', 'cold')").fetchone()[
            0
        ] == store.count("salesforce", "Lead")


def test_a_sync_does_not_log_a_warning_per_arrow_item(tiny_world_path: Path, tmp_path: Path) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    dlt_logger = logging.getLogger("dlt")
    dlt_logger.addHandler(handler)
    try:
        with EmulatorServer(tiny_world_path) as server:
            _pipeline(tmp_path, dlt.destinations.duckdb(str(tmp_path / "w.duckdb"))).run(
                salesforce_source(_client(server))
            )
    finally:
        dlt_logger.removeHandler(handler)
    assert not [r for r in records if r.levelno >= logging.WARNING and "arrow schema" in r.getMessage()]
