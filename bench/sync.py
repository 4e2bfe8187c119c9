"""Sync benchmark: full and incremental extraction of all three sources into DuckDB.

    .venv/bin/python bench/sync.py                           # default and large
    .venv/bin/python bench/sync.py --presets default
    .venv/bin/python bench/sync.py --presets large --reuse   # keep an existing large world

For each preset: a full sync (no state), then the world advances one day touching 1% of records,
then an incremental sync. The emulator runs in its own process; records fetched are read from its
request log, so the incremental/full ratio is what the APIs actually served.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import dlt
import requests
from rich.console import Console
from rich.table import Table

from abe_hub.sandbox import WorldStore, advance, generate_world, preset
from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.server import emulator_process
from connectors.hubspot import hubspot_source
from connectors.retries import mount_retries, status_retry
from connectors.salesforce import salesforce_source
from connectors.zendesk import zendesk_source
from resources.warehouse import WarehouseResource

ROOT = Path(__file__).resolve().parents[1]


def _served(url: str) -> int:
    return requests.get(f"{url}/__sandbox__/log", timeout=30).json()["records"]


def _sync(url: str, database: Path, pipelines: Path) -> dict[str, float]:
    """Seconds per source for one night."""

    def pipeline(name: str) -> dlt.Pipeline:
        return dlt.pipeline(
            pipeline_name=f"bench_{name}",
            destination=dlt.destinations.duckdb(str(database)),
            dataset_name=f"raw_{name}",
            pipelines_dir=str(pipelines),
        )

    sf = salesforce_client(url)
    mount_retries(sf.session)
    sources = {
        "salesforce": lambda: salesforce_source(sf),
        "hubspot": lambda: hubspot_source(hubspot_client(url, retry=status_retry())),
        "zendesk": lambda: zendesk_source(zendesk_session(), url),
    }
    seconds = {}
    for name, source in sources.items():
        started = time.perf_counter()
        with WarehouseResource.dlt_settings():
            pipeline(name).run(source(), loader_file_format="parquet")
        seconds[name] = time.perf_counter() - started
    return seconds


def bench(name: str, workdir: Path, reuse: bool) -> list[tuple]:
    world = workdir / f"{name}.db"
    if not (reuse and world.exists()):
        generate_world(world, preset(name)).close()
    database, pipelines = workdir / f"{name}.duckdb", workdir / f"{name}_dlt"
    database.unlink(missing_ok=True)
    shutil.rmtree(pipelines, ignore_errors=True)
    store = WorldStore(world)
    records = store.con.execute("SELECT count(*) FROM records").fetchone()[0]
    with emulator_process(world) as url:
        full = _sync(url, database, pipelines)
        full_fetched = _served(url)
        requests.delete(f"{url}/__sandbox__/log", timeout=30)
        changes = advance(store, 1, change_share=0.01).total
        incremental = _sync(url, database, pipelines)
        incremental_fetched = _served(url)
    rows = []
    for night, seconds, fetched in (
        ("full", full, full_fetched),
        ("incremental (1% change)", incremental, incremental_fetched),
    ):
        total = sum(seconds.values())
        rows.append(
            (
                name,
                night,
                f"{records:,}" if night == "full" else f"{changes:,} changes",
                *(f"{seconds[s]:.1f}" for s in ("salesforce", "hubspot", "zendesk")),
                f"{total:.1f}",
                f"{fetched:,}",
                f"{fetched / total:,.0f}",
            )
        )
    rows.append(
        (name, "fetched incremental / full", "", "", "", "", "", f"{incremental_fetched / full_fetched:.2%}", "")
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", nargs="+", default=["default", "large"])
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--reuse", action="store_true", help="use existing world files instead of generating")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    table = Table(title="sync: all three sources into DuckDB (emulator in its own process)")
    for column in (
        "preset",
        "night",
        "world",
        "salesforce s",
        "hubspot s",
        "zendesk s",
        "total s",
        "records fetched",
        "records/s",
    ):
        table.add_column(column, justify="left" if column in ("preset", "night") else "right")
    for name in args.presets:
        for row in bench(name, args.dir, args.reuse):
            table.add_row(*row)
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
