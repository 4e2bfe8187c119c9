"""A sync killed mid-run (SIGKILL, no cleanup) and started again converges to the same warehouse as an
uninterrupted one, with no duplicate rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from abe_hub.sandbox.emulator.context import FaultConfig
from abe_hub.sandbox.server import EmulatorServer

SYNC = """
import sys, dlt
from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from connectors.hubspot import hubspot_source
from connectors.retries import mount_retries, status_retry
from connectors.salesforce import salesforce_source
from connectors.zendesk import zendesk_source
from resources.warehouse import WarehouseResource
url, database, pipelines = sys.argv[1:4]
def pipeline(name):
    return dlt.pipeline(pipeline_name=f"resume_{name}", destination=dlt.destinations.duckdb(database),
                        dataset_name=f"raw_{name}", pipelines_dir=pipelines)
sf = salesforce_client(url)
mount_retries(sf.session, backoff=0)
with WarehouseResource.dlt_settings():
    pipeline("salesforce").run(salesforce_source(sf))
    pipeline("hubspot").run(hubspot_source(hubspot_client(url, retry=status_retry(backoff=0))))
    pipeline("zendesk").run(zendesk_source(zendesk_session(), url))
print("finished")
"""
KILLED_AFTER_RECORDS = 2_000
TABLES = {
    "raw_salesforce": ("account", "contact", "lead", "task"),
    "raw_hubspot": ("contacts", "companies", "emails"),
    "raw_zendesk": ("tickets", "users"),
}


def _sync(url: str, database: Path, pipelines: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SYNC, url, str(database), str(pipelines)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _snapshot(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        snapshot = {}
        for schema, tables in TABLES.items():
            for table in tables:
                rows = con.execute(
                    f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM {schema}.{table} ORDER BY id"
                ).fetchall()
                ids = [r for (r,) in con.execute(f"SELECT id FROM {schema}.{table}").fetchall()]
                assert len(ids) == len(set(ids)), f"duplicates in {schema}.{table}"
                snapshot[f"{schema}.{table}"] = rows
        return snapshot


def test_killed_sync_converges(default_world_path: Path, tmp_path: Path) -> None:
    with EmulatorServer(default_world_path) as server:
        clean = _sync(server.url, tmp_path / "clean.duckdb", tmp_path / "clean_dlt")
        assert "finished" in clean.communicate(timeout=300)[0]
    with EmulatorServer(default_world_path, faults=FaultConfig(slow=0.5, slow_seconds=0.1, seed=1)) as server:
        killed = _sync(server.url, tmp_path / "resumed.duckdb", tmp_path / "resumed_dlt")
        # Killed once it is well into extracting (a loaded machine takes seconds just to import).
        deadline = time.monotonic() + 120
        while server.ctx.records_served() < KILLED_AFTER_RECORDS and time.monotonic() < deadline:
            assert killed.poll() is None, "the first sync must still be running when it is killed"
            time.sleep(0.05)
        assert killed.poll() is None, "the first sync must still be running when it is killed"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert server.ctx.records_served() > 0
        again = _sync(server.url, tmp_path / "resumed.duckdb", tmp_path / "resumed_dlt")
        assert "finished" in again.communicate(timeout=300)[0]
    assert _snapshot(tmp_path / "resumed.duckdb") == _snapshot(tmp_path / "clean.duckdb")
