"""The HubSpot dlt source against the emulator: exact full loads past the search cap, incremental
nights sized by the change, archived records flagged with all their properties, associations that
follow their records, and the same warehouse under faults."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import dlt
import duckdb
import pytest

from abe_hub.sandbox import WorldStore, advance
from abe_hub.sandbox.admin import add_custom_field, change_field_type
from abe_hub.sandbox.clients import hubspot_client
from abe_hub.sandbox.clock import hubspot_datetime
from abe_hub.sandbox.emulator.context import FaultConfig, Limits
from abe_hub.sandbox.server import EmulatorServer
from connectors.hubspot import OBJECTS, _chunks, hubspot_source
from connectors.retries import status_retry
from fidelity import assert_like_the_world, query_of


def _run(server: EmulatorServer, pipeline: dlt.Pipeline, **kwargs: object) -> None:
    pipeline.run(hubspot_source(hubspot_client(server.url, retry=status_retry(backoff=0)), **kwargs))


def _pipeline(tmp_path: Path, database: Path) -> dlt.Pipeline:
    return dlt.pipeline(
        pipeline_name=f"hs_{uuid.uuid4().hex[:8]}",
        destination=dlt.destinations.duckdb(str(database)),
        dataset_name="raw_hubspot",
        pipelines_dir=str(tmp_path / "dlt"),
    )


def _warehouse(con: duckdb.DuckDBPyConnection, obj: str) -> dict[str, bool]:
    rows = con.execute(f"SELECT id, archived FROM raw_hubspot.{obj}").fetchall()
    assert len(rows) == len({r[0] for r in rows}), f"duplicate ids in raw_hubspot.{obj}"
    return dict(rows)


def _store(store: WorldStore, obj: str) -> dict[str, bool]:
    return {r.id: r.deleted for r in store.iter_records("hubspot", obj, include_deleted=True)}


def _links(con: duckdb.DuckDBPyConnection, table: str) -> set[tuple[str, str, int]]:
    return set(
        con.execute(f"SELECT from_id, to_id, type_id FROM raw_hubspot.{table} WHERE to_id IS NOT NULL").fetchall()
    )


@pytest.fixture
def synced(
    mutable_world: WorldStore, tmp_path: Path
) -> Iterator[tuple[WorldStore, EmulatorServer, dlt.Pipeline, Path]]:
    database = tmp_path / "warehouse.duckdb"
    pipeline = _pipeline(tmp_path, database)
    with EmulatorServer(mutable_world, limits=Limits(hubspot_search_cap=1_000)) as server:
        _run(server, pipeline, search_cap=1_000)
        yield mutable_world, server, pipeline, database


def test_full_sync_is_exact_past_the_search_cap(synced) -> None:
    store, server, _pipeline_, database = synced
    assert store.count("hubspot", "contacts") > 1_000, "the fixture must need several search windows"
    with duckdb.connect(str(database), read_only=True) as con:
        for obj in OBJECTS:
            assert _warehouse(con, obj) == _store(store, obj), obj
        assert_like_the_world(query_of(con), store, "hubspot", OBJECTS, "raw_hubspot")
        expected = set(
            store.con.execute(
                "SELECT from_id, to_id, type_id FROM associations "
                "WHERE from_object = 'contacts' AND to_object = 'companies'"
            ).fetchall()
        )
        assert _links(con, "contacts_companies_links") == expected


def test_incremental_night_fetches_the_change_and_flags_archived(synced) -> None:
    store, server, pipeline, database = synced
    full = server.ctx.records_served("hubspot")
    since = store.now_ms
    advance(store, 1, change_share=0.01)
    server.ctx.reset_log()
    _run(server, pipeline, search_cap=1_000)
    assert server.ctx.records_served("hubspot") < 0.05 * full
    with duckdb.connect(str(database), read_only=True) as con:
        for obj in OBJECTS:
            assert _warehouse(con, obj) == _store(store, obj), obj
        assert_like_the_world(query_of(con), store, "hubspot", OBJECTS, "raw_hubspot", since_ms=since)
        expected = set(
            store.con.execute(
                "SELECT from_id, to_id, type_id FROM associations "
                "WHERE from_object = 'contacts' AND to_object = 'companies'"
            ).fetchall()
        )
        assert _links(con, "contacts_companies_links") == expected, "associations follow new and changed contacts"
        archived = [r for r in store.iter_records("hubspot", "contacts", include_deleted=True) if r.deleted]
        assert archived
        for record in archived[:10]:
            (email,) = con.execute("SELECT email FROM raw_hubspot.contacts WHERE id = ?", [record.id]).fetchone()
            assert email == record.body["email"], "archived records keep their properties"


def test_a_record_that_loses_all_its_links_loses_them_in_the_warehouse(synced) -> None:
    store, server, pipeline, database = synced
    with duckdb.connect(str(database), read_only=True) as con:
        (contact,) = con.execute(
            "SELECT from_id FROM raw_hubspot.contacts_companies_links WHERE to_id IS NOT NULL LIMIT 1"
        ).fetchone()
    # An admin unlinks the contact from every company: HubSpot re-stamps the contact.
    stamp = store.now_ms
    with store.transaction() as con:
        con.execute(
            "DELETE FROM associations WHERE system = 'hubspot' AND from_object = 'contacts' AND from_id = ?",
            (contact,),
        )
        con.execute(
            "UPDATE records SET modified_ms = ?, body = json_set(body, '$.hs_lastmodifieddate', ?) "
            "WHERE system = 'hubspot' AND object = 'contacts' AND id = ?",
            (stamp, hubspot_datetime(stamp), contact),
        )
    _run(server, pipeline, search_cap=1_000)
    with duckdb.connect(str(database), read_only=True) as con:
        assert not [link for link in _links(con, "contacts_companies_links") if link[0] == contact]


def test_property_lists_are_split_below_the_url_budget() -> None:
    names = [f"custom_property_number_{i}" for i in range(400)]
    chunks = _chunks(names, budget=2_000)
    assert [n for chunk in chunks for n in chunk] == names and len(chunks) > 1
    assert all(sum(len(n) + len("&properties=") for n in chunk) <= 2_000 for chunk in chunks)


def test_faults_do_not_change_the_warehouse(tiny_world_path: Path, tmp_path: Path) -> None:
    tables = {}
    for name, faults in (
        ("clean", FaultConfig()),
        ("faulty", FaultConfig(rate_limit=0.15, server_error=0.05, drop=0.03, retry_after_seconds=0, seed=4)),
    ):
        database = tmp_path / f"{name}.duckdb"
        with EmulatorServer(tiny_world_path, faults=faults) as server:
            _run(server, _pipeline(tmp_path, database))
            if name == "faulty":
                assert {e.fault for e in server.ctx.log} >= {"rate_limit", "server_error", "drop"}
        with duckdb.connect(str(database), read_only=True) as con:
            tables[name] = {
                obj: con.execute(
                    f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM raw_hubspot.{obj} ORDER BY id"
                ).fetchall()
                for obj in OBJECTS
            }
            tables[name]["links"] = _links(con, "contacts_companies_links")
    assert tables["faulty"] == tables["clean"]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    sql = "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw_hubspot' AND table_name = ?"
    return {c for (c,) in con.execute(sql, [table]).fetchall()}


def test_schema_changes_between_nights(synced) -> None:
    store, server, pipeline, database = synced
    add_custom_field(store, "hubspot", "companies", "churn_risk", "number", lambda values: "0.25")
    change_field_type(
        store, "hubspot", "contacts", "newsletter_opt_in", "string", lambda opt_in: "weekly" if opt_in else "never"
    )
    _run(server, pipeline, search_cap=1_000)  # every contact now shares one modification instant
    with duckdb.connect(str(database), read_only=True) as con:
        for obj in ("companies", "contacts"):
            assert _warehouse(con, obj) == _store(store, obj), obj
        assert "churn_risk" in _columns(con, "companies")
        risky = con.execute("SELECT count(*) FROM raw_hubspot.companies WHERE churn_risk = 0.25").fetchone()[0]
        assert risky == store.count("hubspot", "companies")
        variant = next(c for c in _columns(con, "contacts") if c.startswith("newsletter_opt_in__v_"))
        retyped = con.execute(
            f"SELECT count(*) FROM raw_hubspot.contacts WHERE {variant} IN ('weekly', 'never')"
        ).fetchone()[0]
        assert retyped == store.count("hubspot", "contacts")
