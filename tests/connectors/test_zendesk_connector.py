"""The Zendesk dlt source against the emulator: exact full loads, nights that resume from the saved
cursor and fetch only the change (deleted tickets included), and the same warehouse under faults."""

from __future__ import annotations

import uuid
from pathlib import Path

import dlt
import duckdb

from abe_hub.sandbox import WorldStore, advance
from abe_hub.sandbox.admin import add_custom_field, change_field_type
from abe_hub.sandbox.clients import zendesk_session
from abe_hub.sandbox.emulator.context import FaultConfig
from abe_hub.sandbox.server import EmulatorServer
from connectors.zendesk import zendesk_source
from fidelity import assert_like_the_world, query_of

OBJECTS = ("tickets", "users", "organizations", "satisfaction_ratings")


def _pipeline(tmp_path: Path, database: Path) -> dlt.Pipeline:
    return dlt.pipeline(
        pipeline_name=f"zd_{uuid.uuid4().hex[:8]}",
        destination=dlt.destinations.duckdb(str(database)),
        dataset_name="raw_zendesk",
        pipelines_dir=str(tmp_path / "dlt"),
    )


def _warehouse(database: Path) -> dict[str, dict[int, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {}
        for obj in OBJECTS:
            rows = con.execute(f"SELECT id, updated_at FROM raw_zendesk.{obj}").fetchall()
            assert len(rows) == len({r[0] for r in rows}), f"duplicate ids in raw_zendesk.{obj}"
            tables[obj] = {i: u.strftime("%Y-%m-%dT%H:%M:%SZ") for i, u in rows}
        return tables


def _store(store: WorldStore) -> dict[str, dict[int, str]]:
    return {
        obj: {int(r.id): r.body["updated_at"] for r in store.iter_records("zendesk", obj, include_deleted=True)}
        for obj in OBJECTS
    }


def _assert_fields(store: WorldStore, database: Path, since_ms: int | None = None) -> None:
    with duckdb.connect(str(database), read_only=True) as con:
        assert_like_the_world(query_of(con), store, "zendesk", OBJECTS, "raw_zendesk", since_ms=since_ms)


def test_full_then_incremental_night(mutable_world: WorldStore, tmp_path: Path) -> None:
    store, database = mutable_world, tmp_path / "warehouse.duckdb"
    pipeline = _pipeline(tmp_path, database)
    with EmulatorServer(store) as server:
        pipeline.run(zendesk_source(zendesk_session(), server.url))
        full = server.ctx.records_served("zendesk")
        assert _warehouse(database) == _store(store)
        _assert_fields(store, database)
        since = store.now_ms
        advance(store, 1, change_share=0.01)
        server.ctx.reset_log()
        pipeline.run(zendesk_source(zendesk_session(), server.url))
        assert server.ctx.records_served("zendesk") < 0.05 * full
        assert _warehouse(database) == _store(store)
        _assert_fields(store, database, since)
        advance(store, 10, change_share=0.03)
        pipeline.run(zendesk_source(zendesk_session(), server.url))
    assert _warehouse(database) == _store(store)
    with duckdb.connect(str(database), read_only=True) as con:
        deleted = con.execute("SELECT count(*) FROM raw_zendesk.tickets WHERE status = 'deleted'").fetchone()[0]
    assert deleted == sum(1 for r in store.iter_records("zendesk", "tickets", include_deleted=True) if r.deleted) > 0


def test_faults_do_not_change_the_warehouse(default_world_path: Path, tmp_path: Path) -> None:
    results = {}
    for name, faults in (
        ("clean", FaultConfig()),
        ("faulty", FaultConfig(rate_limit=0.2, server_error=0.1, drop=0.05, retry_after_seconds=0, seed=2)),
    ):
        database = tmp_path / f"{name}.duckdb"
        with EmulatorServer(default_world_path, faults=faults) as server:
            _pipeline(tmp_path, database).run(zendesk_source(zendesk_session(), server.url, page_size=40))
            if name == "faulty":
                assert {e.fault for e in server.ctx.log} >= {"rate_limit", "server_error"}
        results[name] = _warehouse(database)
    assert results["faulty"] == results["clean"]


def test_custom_field_added_then_retyped(mutable_world: WorldStore, tmp_path: Path) -> None:
    store, database = mutable_world, tmp_path / "warehouse.duckdb"
    pipeline = _pipeline(tmp_path, database)

    def loaded(sql: str) -> int:
        with duckdb.connect(str(database), read_only=True) as con:
            return con.execute(f"SELECT count(*) FROM raw_zendesk.organizations WHERE {sql}").fetchone()[0]

    def in_world(seats: object) -> int:
        records = store.iter_records("zendesk", "organizations", include_deleted=True)
        return sum(1 for r in records if r.body.get("organization_fields", {}).get("seats") == seats)

    with EmulatorServer(store) as server:
        pipeline.run(zendesk_source(zendesk_session(), server.url))
        add_custom_field(store, "zendesk", "organizations", "seats", "integer", lambda values: 25)
        pipeline.run(zendesk_source(zendesk_session(), server.url))
        assert loaded("organization_fields__seats = 25") == in_world(25) == store.count("zendesk", "organizations")
        change_field_type(store, "zendesk", "organizations", "seats", "text", lambda seats: f"{seats} seats")
        pipeline.run(zendesk_source(zendesk_session(), server.url))  # Zendesk: changes of the last minute wait
        assert loaded("organization_fields__seats = 25") == in_world("25 seats")
        advance(store, 1, change_share=0.01)
        pipeline.run(zendesk_source(zendesk_session(), server.url))
    assert loaded("organization_fields__seats__v_text = '25 seats'") == in_world("25 seats") > 0
