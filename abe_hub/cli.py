"""`abe-hub`: the command line for people who live in a terminal."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from abe_hub.match_cli import match_app
from abe_hub.sandbox import advance, generate_world, preset
from abe_hub.sandbox.emulator.context import FaultConfig
from abe_hub.sandbox.spec import PRESETS
from abe_hub.sandbox.store import WorldStore
from abe_hub.sandbox.summary import truth_counts, world_counts

DEFAULT_WORLD = Path("data/sandbox/world.db")

app = typer.Typer(
    help="abe-hub: one account-centric warehouse from Salesforce, HubSpot and Zendesk.", no_args_is_help=True
)
sandbox_app = typer.Typer(help="The generated B2B world and its API emulators.", no_args_is_help=True)
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(match_app, name="match")
console = Console()

WorldOption = typer.Option(DEFAULT_WORLD, "--world", help="Path of the world file.")


@sandbox_app.command("generate")
def sandbox_generate(
    world: Path = WorldOption,
    preset_name: str = typer.Option("default", "--preset", help=f"One of: {', '.join(PRESETS)}."),
    seed: int = typer.Option(42, help="Same seed and preset, same world."),
) -> None:
    """Generate a world (replacing any at that path)."""
    spec = preset(preset_name, seed=seed)
    with Progress(
        TextColumn("generating {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} companies"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(preset_name, total=spec.companies)
        store = generate_world(world, spec, progress=lambda done, _total: bar.update(task, completed=done))
    _print_counts(store)


@sandbox_app.command("advance")
def sandbox_advance(
    days: int = typer.Option(1, min=1, help="Days to move forward."),
    world: Path = WorldOption,
    change_share: float | None = typer.Option(None, help="Share of records touched per day (default: the world's)."),
) -> None:
    """Move the world forward in time: creates, edits, deletes and merges records."""
    report = advance(WorldStore(world), days, change_share=change_share)
    console.print(
        f"advanced {report.days} day(s): {sum(report.created.values())} created, "
        f"{sum(report.updated.values())} updated, {sum(report.deleted.values())} deleted, "
        f"{sum(report.merged.values())} merged"
    )


@sandbox_app.command("serve")
def sandbox_serve(
    world: Path = WorldOption,
    port: int = typer.Option(8765, help="Port on 127.0.0.1."),
    rate_limit: float = typer.Option(0.0, help="Share of requests answered with the service's rate-limit error."),
    server_error: float = typer.Option(0.0, help="Share of requests answered with a 5xx."),
    slow: float = typer.Option(0.0, help="Share of requests delayed."),
    drop: float = typer.Option(0.0, help="Share of connections dropped mid-response."),
    fault_seed: int = typer.Option(0, help="Seed of the fault stream."),
) -> None:
    """Serve the Salesforce, HubSpot and Zendesk emulators on 127.0.0.1 until interrupted."""
    from abe_hub.sandbox.server import serve_forever

    faults = FaultConfig(rate_limit=rate_limit, server_error=server_error, slow=slow, drop=drop, seed=fault_seed)
    console.print(f"serving {world} on http://127.0.0.1:{port} (Salesforce /services, HubSpot /crm, Zendesk /api/v2)")
    serve_forever(world, port, faults)


@sandbox_app.command("status")
def sandbox_status(world: Path = WorldOption) -> None:
    """What a world holds."""
    _print_counts(WorldStore(world))


@app.command()
def demo(world: Path = WorldOption) -> None:
    """Generate the default world if needed, run the nightly job against the sandbox, print a summary."""
    from abe_hub.demo import run_demo

    run_demo(world, console)


def _print_counts(store: WorldStore) -> None:
    from rich.table import Table

    truth = Table(title="ground truth")
    for key in ("measure", "count"):
        truth.add_column(key)
    for key, value in truth_counts(store).items():
        truth.add_row(key, f"{value:,}")
    records = Table(title="source records")
    for key in ("system.object", "records"):
        records.add_column(key)
    for key, value in world_counts(store).items():
        records.add_row(key, f"{value:,}")
    console.print(truth, records)
