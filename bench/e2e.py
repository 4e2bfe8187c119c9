"""End-to-end benchmark: the whole `nightly` job against the sandbox, a full night then an incremental one.

    .venv/bin/python bench/e2e.py                           # default and large
    .venv/bin/python bench/e2e.py --presets default
    .venv/bin/python bench/e2e.py --presets large --reuse   # keep an existing world file

Each night runs in a process of its own, so its peak memory is its own: the resident memory of
that process and of everything it starts (dbt, the identity worker) sampled together
(`peak_memory.py`), leaving out the sandbox's emulator, which stands in for the SaaS APIs. The full night starts from
an empty warehouse; then the world advances one day touching 1% of its records, and the
incremental night runs on the same warehouse. Step times come from Dagster's own step events.
Every step's time for both nights is left in `steps.json` in the work directory.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from peak_memory import PeakMemory
from rich.console import Console
from rich.table import Table

from abe_hub.sandbox import WorldStore, advance, generate_world, preset

ROOT = Path(__file__).resolve().parents[1]
Night = tuple[float, float, dict[str, float]]


def _night(world: Path, workdir: Path) -> Night:
    from dagster import DagsterEventType

    from abe_hub.definitions import defs
    from resources.dbt import dbt_resource
    from resources.sandbox import SandboxResource
    from resources.warehouse import WarehouseResource

    warehouse = WarehouseResource(
        duckdb_path=str(workdir / "warehouse.duckdb"),
        pipelines_dir=str(workdir / "dlt"),
        published_path=str(workdir / "published.duckdb"),
    )
    with PeakMemory(leave_out="sandbox serve") as memory:
        started = time.perf_counter()
        result = defs.resolve_job_def("nightly").execute_in_process(
            resources={
                "sandbox": SandboxResource(world_path=str(world), separate_process=True),
                "warehouse": warehouse,
                "dbt": dbt_resource(warehouse),
            },
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
        )
        seconds = time.perf_counter() - started
    if not result.success:
        raise SystemExit("the nightly job failed")
    steps = {
        event.step_key: event.event_specific_data.duration_ms / 1000
        for event in result.all_events
        if event.event_type == DagsterEventType.STEP_SUCCESS and event.step_key
    }
    return seconds, memory.mib, steps


def _in_child(world: Path, workdir: Path) -> Night:
    """One night in a fresh process; a night that fails there is raised here instead of leaving us waiting."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as child:
        return child.submit(_night, world, workdir).result()


def bench(name: str, directory: Path, reuse: bool) -> list[tuple[str, ...]]:
    world, workdir = directory / f"{name}_e2e_world.db", directory / f"{name}_e2e"
    if not (reuse and world.exists()):
        generate_world(world, preset(name)).close()
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    records = WorldStore(world).con.execute("SELECT count(*) FROM records WHERE deleted = 0").fetchone()[0]
    full = _in_child(world, workdir)
    changes = advance(WorldStore(world), 1, change_share=0.01).total
    incremental = _in_child(world, workdir)
    (workdir / "steps.json").write_text(json.dumps({"full": full[2], "incremental": incremental[2]}, indent=1))
    rows = []
    for night, (seconds, peak, steps), size in (
        ("full", full, f"{records:,} records"),
        ("incremental (1% change)", incremental, f"{changes:,} changes"),
    ):
        slowest = ", ".join(f"{step} {s:.0f}s" for step, s in sorted(steps.items(), key=lambda kv: -kv[1])[:4])
        rows.append((name, night, size, f"{seconds:.1f}", f"{peak:,.0f}", slowest))
    rows.append((name, "incremental / full", "", f"{incremental[0] / full[0]:.1%}", "", ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", nargs="+", default=["default", "large"])
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--reuse", action="store_true", help="use an existing world file instead of generating")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    table = Table(title="nightly job end to end: sandbox -> raw -> staging -> identity -> marts -> published")
    for column in ("preset", "night", "world", "seconds", "peak MiB", "slowest steps"):
        table.add_column(column, justify="right" if column in ("seconds", "peak MiB") else "left")
    for name in args.presets:
        for row in bench(name, args.dir, args.reuse):
            table.add_row(*row)
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
