"""Publishing to BI: a reader querying the published warehouse in a loop while builds are published
sees only whole builds and never an error, on DuckDB (a read-only file replaced by a rename) and on
PostgreSQL (a schema swapped in one transaction); the nightly schedule runs the job that publishes.

The builds here are small tables written where dbt writes the marts, with a build id in every row and
a summary table per build, so that a reader can tell a whole build from a mix; the publish asset is
materialized by Dagster for real. One test publishes the real dbt marts after a real night.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psycopg
import pytest
import sqlalchemy
from dagster import (
    AssetKey,
    AssetMaterialization,
    AssetSelection,
    Definitions,
    ExecuteInProcessResult,
    build_schedule_context,
    materialize,
)
from psycopg import sql

from abe_hub.definitions import defs
from assets.dbt import mart_models, staging_models
from assets.identity import identity
from assets.program import abe_program
from assets.publish import published_warehouse
from assets.raw import hubspot_raw, salesforce_raw, zendesk_raw
from assets.schedules import nightly_schedule
from assets.validation import quarantine
from night_resources import sandbox_resources
from resources.dbt import DBT_PROJECT_DIR
from resources.tables import read_sql
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
READER = Path(__file__).parent / "bi_reader.py"
PUBLISHED = AssetKey(["published", "warehouse"])
BUILDS = 6
Seen = tuple[int, int, int]  # build id, rows, amount total


def _expected(build: int) -> Seen:
    """Each build has its own row count and amounts, so any two builds read differently."""
    rows = 20_000 + 1_337 * build
    return build, rows, (build + 1) * rows * (rows - 1) // 2


# One build of two marts, in SQL both DuckDB and PostgreSQL run: accounts, and a summary of them.
_ACCOUNTS = (
    "CREATE TABLE {schema}.accounts AS SELECT CAST({build} AS integer) AS build_id, CAST(i AS bigint) AS account_id, "
    "CAST(i * {factor} AS bigint) AS amount, CAST(i / 100.0 AS decimal(18, 2)) AS arr, "
    "CAST('2026-01-01' AS date) + CAST(i % 365 AS integer) AS first_seen, 'account ' || CAST(i AS text) AS name "
    "FROM {series}"
)
_SUMMARY = (
    "CREATE TABLE {schema}.build_summary AS SELECT min(build_id) AS build_id, count(*) AS row_count, "
    "sum(amount) AS amount_total FROM {schema}.accounts"
)


def _write_duckdb_build(warehouse: WarehouseResource, build: int) -> None:
    """What dbt leaves in the marts file: the marts replaced one table at a time, in the storage format
    profiles.yml gives the file when it attaches it."""
    _, rows, _ = _expected(build)
    schema = f'marts_file."{warehouse.marts_build_schema}"'
    with closing(duckdb.connect()) as con:
        con.execute("ATTACH ? AS marts_file (STORAGE_VERSION 'v1.0.0')", [warehouse.marts_path])
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for table in ("accounts", "build_summary"):
            con.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
        con.execute(_ACCOUNTS.format(schema=schema, build=build, factor=build + 1, series=f"range({rows}) AS t(i)"))
        con.execute(_SUMMARY.format(schema=schema))


def _write_postgres_build(warehouse: WarehouseResource, build: int) -> None:
    """What dbt leaves in the build schema on PostgreSQL."""
    _, rows, _ = _expected(build)
    schema = sql.Identifier(warehouse.marts_build_schema).as_string()
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for table in ("accounts", "build_summary"):
            con.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
        series = f"generate_series(0, {rows - 1}) AS t(i)"
        con.execute(_ACCOUNTS.format(schema=schema, build=build, factor=build + 1, series=series))
        con.execute(_SUMMARY.format(schema=schema))


def _materialization(result: ExecuteInProcessResult) -> AssetMaterialization:
    (event,) = [event for event in result.get_asset_materialization_events() if event.asset_key == PUBLISHED]
    return event.step_materialization_data.materialization


def _publish(warehouse: WarehouseResource) -> dict:
    result = materialize([published_warehouse], resources={"warehouse": warehouse})
    assert result.success
    return {key: value.value for key, value in _materialization(result).metadata.items()}


class Reader:
    """The BI reader process (tests/bi_reader.py) and every line it printed."""

    def __init__(self, backend: str, target: str, schema: str, stop_file: Path) -> None:
        self.stop_file = stop_file
        self.lines: list[dict] = []
        self.process = subprocess.Popen(
            [sys.executable, str(READER), backend, target, schema, str(stop_file)], stdout=subprocess.PIPE, text=True
        )
        self._collector = threading.Thread(target=self._collect, daemon=True)
        self._collector.start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(json.loads(line))

    def assert_no_errors(self) -> None:
        errors = [line["error"] for line in self.lines if "error" in line]
        assert not errors, f"the reader hit {len(errors)} errors, the first: {errors[:3]}"

    def seen(self) -> list[Seen]:
        """What each read saw, checked to be one whole build: both tables of the same build, all rows."""
        self.assert_no_errors()
        seen = []
        for line in self.lines:
            ((rows, total, first_build, last_build, build, summary_rows, summary_total),) = line["rows"]
            assert first_build == last_build == build, f"a read mixed builds: {line}"
            assert (rows, int(total)) == (summary_rows, int(summary_total)), f"a read saw part of a build: {line}"
            seen.append((build, rows, int(total)))
        return seen

    def wait_for(self, build: int, timeout: float = 60) -> None:
        """Until the reader's latest reads include ``build``: it has seen the publication."""
        deadline = time.monotonic() + timeout
        while not any("rows" in line and line["rows"][0][4] == build for line in self.lines[-50:]):
            assert self.process.poll() is None, "the reader died"
            self.assert_no_errors()
            assert time.monotonic() < deadline, f"the reader never saw build {build}"
            time.sleep(0.05)

    def stop(self) -> None:
        self.stop_file.touch()
        self.process.wait(timeout=30)
        self._collector.join(timeout=30)


@contextmanager
def _reading(backend: str, target: str, schema: str, stop_file: Path) -> Iterator[Reader]:
    reader = Reader(backend, target, schema, stop_file)
    try:
        yield reader
    finally:
        reader.stop()


def _assert_only_whole_builds(seen: list[Seen]) -> None:
    """Every read is a published build, builds only move forward, and the reader saw every one."""
    builds = [build for build, _, _ in seen]
    assert all(read == _expected(read[0]) for read in seen), "a read disagrees with the build it names"
    assert builds == sorted(builds), "a reader went back to an older build"
    assert set(builds) == set(range(BUILDS)), f"the reader saw builds {sorted(set(builds))} only"


def test_duckdb_readers_see_only_whole_builds(tmp_path: Path) -> None:
    warehouse = WarehouseResource(
        duckdb_path=str(tmp_path / "warehouse.duckdb"),
        published_path=str(tmp_path / "published" / "warehouse.duckdb"),
        dataset_prefix=f"t{uuid.uuid4().hex[:6]}_",
    )
    _write_duckdb_build(warehouse, 0)
    first = _publish(warehouse)
    assert first["tables"] == {"accounts": _expected(0)[1], "build_summary": 1}
    assert first["table count"] == 2 and first["rows"] == _expected(0)[1] + 1 and first["duration (s)"] > 0
    assert first["bytes"] == Path(warehouse.published_path).stat().st_size > 0

    with _reading("duckdb", warehouse.published_path, "marts", tmp_path / "stop") as reader:
        reader.wait_for(0)
        for build in range(1, BUILDS):
            _write_duckdb_build(warehouse, build)
            if build == 2:
                # A reader holding the file open does not hold the publication up, and keeps its build.
                with duckdb.connect(warehouse.published_path, read_only=True) as held:
                    _publish(warehouse)
                    assert held.execute("SELECT DISTINCT build_id FROM marts.accounts").fetchall() == [(1,)]
            else:
                _publish(warehouse)
            reader.wait_for(build)
    _assert_only_whole_builds(reader.seen())

    published = Path(warehouse.published_path)
    assert [path.name for path in published.parent.iterdir()] == [published.name], "a building file was left"
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE NOT internal").fetchall() == [
            ("v1.0.0+",)
        ], "readable by BI tools that embed DuckDB 1.x"
        types = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'marts' AND table_name = 'accounts' ORDER BY ordinal_position"
        ).fetchall()
    assert types == [
        ("build_id", "INTEGER"),
        ("account_id", "BIGINT"),
        ("amount", "BIGINT"),
        ("arr", "DECIMAL(18,2)"),
        ("first_seen", "DATE"),
        ("name", "VARCHAR"),
    ]
    # The Superset URI of the README: duckdb-engine, read-only.
    engine = sqlalchemy.create_engine(warehouse.published_sqlalchemy_url)
    with engine.connect() as con:
        assert con.execute(sqlalchemy.text("SELECT max(build_id) FROM marts.accounts")).scalar() == BUILDS - 1
        with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
            con.execute(sqlalchemy.text("CREATE TABLE marts.scribble AS SELECT 1"))
    engine.dispose()


def test_nothing_to_publish_keeps_the_published_file(tmp_path: Path) -> None:
    """A marts file without marts, or none at all, fails the publication and leaves readers the build
    they had; what a killed publication left behind is cleared."""
    warehouse = WarehouseResource(
        duckdb_path=str(tmp_path / "warehouse.duckdb"), published_path=str(tmp_path / "published" / "w.duckdb")
    )
    _write_duckdb_build(warehouse, 0)
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / ".w.duckdb.0f1e2d3c4b5a.building").write_bytes(b"half a file")
    _publish(warehouse)
    with closing(duckdb.connect(warehouse.marts_path)) as con:
        con.execute("DROP SCHEMA marts CASCADE")
    result = materialize([published_warehouse], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    Path(warehouse.marts_path).unlink()
    result = materialize([published_warehouse], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    with duckdb.connect(warehouse.published_path, read_only=True) as con:
        assert con.execute("SELECT build_id, row_count FROM marts.build_summary").fetchall() == [_expected(0)[:2]]
    assert len(list(Path(warehouse.published_path).parent.iterdir())) == 1


def test_a_view_in_the_marts_file_is_not_published(tmp_path: Path) -> None:
    """A view would stand for a query against another file, which readers of the copy do not have."""
    warehouse = WarehouseResource(
        duckdb_path=str(tmp_path / "warehouse.duckdb"), published_path=str(tmp_path / "published" / "w.duckdb")
    )
    _write_duckdb_build(warehouse, 0)
    with closing(duckdb.connect(warehouse.marts_path)) as con:
        con.execute("CREATE VIEW marts.large_accounts AS SELECT * FROM marts.accounts WHERE amount > 100")
    result = materialize([published_warehouse], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    assert "large_accounts" in str(result.get_step_failure_events()[0].step_failure_data.error)
    assert not Path(warehouse.published_path).exists()


def test_a_marts_file_in_a_newer_storage_format_is_not_published(tmp_path: Path) -> None:
    """A file keeps the format it was created in: one made in DuckDB's current format (by hand, or
    before profiles.yml asked for v1.0.0) would publish a file BI tools on DuckDB 1.x cannot open."""
    warehouse = WarehouseResource(
        duckdb_path=str(tmp_path / "warehouse.duckdb"), published_path=str(tmp_path / "published" / "w.duckdb")
    )
    _write_duckdb_build(warehouse, 0)
    _publish(warehouse)
    Path(warehouse.marts_path).unlink()
    with closing(duckdb.connect(warehouse.marts_path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.accounts AS SELECT 7 AS build_id")
    result = materialize([published_warehouse], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    error = str(result.get_step_failure_events()[0].step_failure_data.error)
    assert "storage format v2" in error and warehouse.marts_path in error
    with duckdb.connect(warehouse.published_path, read_only=True) as con:
        assert con.execute("SELECT DISTINCT build_id FROM marts.accounts").fetchall() == [(0,)]


@pytest.fixture
def postgres_prefix() -> Iterator[str]:
    """A dataset prefix of the test's own, and every schema and role named with it dropped afterwards."""
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    yield prefix
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
        schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
        for (schema,) in schemas.fetchall():
            con.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        roles = con.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", [prefix])
        for (role,) in roles.fetchall():
            con.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(sql.Identifier(role)))


def _schemas(prefix: str) -> set[str]:
    with psycopg.connect(POSTGRES_DSN) as con:
        found = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
        return {name.removeprefix(prefix) for (name,) in found.fetchall()}


@pytest.mark.postgres
def test_postgres_readers_see_only_whole_builds(postgres_prefix: str, tmp_path: Path) -> None:
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, dataset_prefix=postgres_prefix)
    marts = sql.Identifier(warehouse.marts_schema).as_string()
    assert warehouse.marts_build_schema == f"{postgres_prefix}marts_build"
    _write_postgres_build(warehouse, 0)
    assert _publish(warehouse)["tables"] == {"accounts": _expected(0)[1], "build_summary": 1}
    # BI connects as a read-only role granted the published schema once: the grants follow the swaps.
    role = f"{postgres_prefix}bi"
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
        con.execute(f"CREATE ROLE {role} LOGIN")
        con.execute(f"GRANT USAGE ON SCHEMA {marts} TO {role}")
        con.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {marts} TO {role}")
    bi_dsn = f"postgresql://{role}@127.0.0.1:5432/test"

    with _reading("postgres", bi_dsn, marts, tmp_path / "stop") as reader:
        reader.wait_for(0)
        for build in range(1, BUILDS):
            _write_postgres_build(warehouse, build)
            if build == 2:
                # A reader mid-transaction on the old tables: the swap does not wait for it, the drop of
                # the old schema gives up after the lock timeout and is left to the next publication.
                with psycopg.connect(bi_dsn) as held:
                    held.execute(f"SELECT count(*) FROM {marts}.accounts").fetchall()
                    started = time.monotonic()
                    metadata = _publish(warehouse)
                    assert time.monotonic() - started < 15
                    assert len(metadata["previous builds awaiting drop"]) == 1
            else:
                metadata = _publish(warehouse)
                assert "previous builds awaiting drop" not in metadata
            reader.wait_for(build)
    _assert_only_whole_builds(reader.seen())
    assert _schemas(postgres_prefix) == {"marts", "marts_build"}, "no previous or next schema left behind"
    with psycopg.connect(bi_dsn) as con, pytest.raises(psycopg.errors.InsufficientPrivilege):
        con.execute(f"CREATE TABLE {marts}.scribble AS SELECT 1")


def _has_marts_models() -> bool:
    return any((DBT_PROJECT_DIR / "models" / "marts").glob("*.sql"))


@pytest.mark.slow
@pytest.mark.skipif(not _has_marts_models(), reason="no dbt marts models in the working tree")
@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_night_publishes_every_real_mart(
    backend: str, tiny_world_path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Sources, dbt, identity and the dbt marts, then the publication: every mart reaches BI whole."""
    if backend == "postgres":
        prefix = request.getfixturevalue("postgres_prefix")
        warehouse = WarehouseResource(
            postgres_dsn=POSTGRES_DSN, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=prefix
        )
    else:
        warehouse = WarehouseResource(
            duckdb_path=str(tmp_path / "warehouse.duckdb"),
            published_path=str(tmp_path / "published" / "warehouse.duckdb"),
            pipelines_dir=str(tmp_path / "dlt"),
            dataset_prefix=f"t{uuid.uuid4().hex[:6]}_",
        )
    result = materialize(
        [
            abe_program,
            salesforce_raw,
            hubspot_raw,
            zendesk_raw,
            staging_models,
            identity,
            quarantine,
            mart_models,
            published_warehouse,
        ],
        selection=AssetSelection.assets(published_warehouse).upstream().required_multi_asset_neighbors(),
        resources=sandbox_resources(tiny_world_path, warehouse),
    )
    assert result.success
    published = _materialization(result).metadata["tables"].value
    built = _built_marts(warehouse)
    assert published == built, "every table dbt built in the marts schema is published, whole"
    assert {"fct_opportunity", "fct_activity", "fct_ticket"} <= set(published) and sum(published.values()) > 0
    if backend == "postgres":
        assert {table: _count(warehouse, warehouse.marts_schema, table) for table in published} == published
    else:
        with duckdb.connect(warehouse.published_path, read_only=True) as con:
            assert {
                table: con.execute(f'SELECT count(*) FROM marts."{table}"').fetchone()[0] for table in published
            } == published


def _built_marts(warehouse: WarehouseResource) -> dict[str, int]:
    """Rows per table dbt built in the marts' build schema (on DuckDB in the marts file)."""
    build = warehouse.marts_build_schema
    if warehouse.postgres_dsn:
        tables = read_sql(warehouse, f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{build}'")
        return {table: _count(warehouse, build, table) for table in tables["table_name"]}
    with duckdb.connect(warehouse.marts_path, read_only=True) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [build])
        return {
            table: con.execute(f'SELECT count(*) FROM "{build}"."{table}"').fetchone()[0]
            for (table,) in tables.fetchall()
        }


def _count(warehouse: WarehouseResource, schema: str, table: str) -> int:
    return int(read_sql(warehouse, f'SELECT count(*) AS n FROM "{schema}"."{table}"')["n"].iloc[0])


def test_the_nightly_schedule_runs_the_nightly_job_that_publishes() -> None:
    """Added to the code location, the schedule names its nightly job, which now ends with the publication."""
    location = Definitions(
        assets=[*(asset for asset in defs.assets if asset is not published_warehouse), published_warehouse],
        jobs=defs.jobs,
        schedules=[nightly_schedule],
        resources=defs.resources,
    )
    Definitions.validate_loadable(location)
    schedule = location.resolve_schedule_def("nightly_schedule")
    assert schedule.job_name == "nightly"
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 2 * * *", "UTC")
    nightly = location.resolve_job_def("nightly")
    assert PUBLISHED in nightly.asset_layer.selected_asset_keys
    upstream = {
        output.node_name
        for output in nightly.graph.dependency_structure.all_upstream_outputs_from_node("published__warehouse")
    }
    assert "mart_models" in upstream
    tick = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    with build_schedule_context(scheduled_execution_time=tick) as context:
        run_requests = schedule.evaluate_tick(context).run_requests
    assert run_requests is not None and len(run_requests) == 1
