"""`make demo`: the nightly job against the sandbox, then a short summary of what it produced."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.server import EmulatorServer
from abe_hub.sandbox.store import WorldStore
from abe_hub.sandbox.summary import truth_counts


def _through_the_apis(store: WorldStore) -> list[tuple[str, str, int]]:
    """Ask each emulated service, through its real client, how much it holds."""
    from hubspot.crm.companies import PublicObjectSearchRequest

    with EmulatorServer(store) as server:
        sf = salesforce_client(server.url)
        hs = hubspot_client(server.url)
        zd = zendesk_session()
        rows = [
            ("Salesforce", obj, sf.query(f"SELECT Id FROM {obj}")["totalSize"])
            for obj in ("Account", "Contact", "Lead", "Opportunity")
        ]
        for obj in ("companies", "contacts", "deals"):
            api = getattr(hs.crm, obj).search_api
            rows.append(
                ("HubSpot", obj, api.do_search(public_object_search_request=PublicObjectSearchRequest(limit=1)).total)
            )
        tickets = 0
        url: str | None = f"{server.url}/api/v2/incremental/tickets/cursor.json?start_time=0"
        while url:
            page = zd.get(url, timeout=30).json()
            tickets += len(page["tickets"])
            url = None if page["end_of_stream"] else page["after_url"]
        rows.append(("Zendesk", "tickets", tickets))
    return rows


def run_demo(world: Path, console: Console) -> None:
    from abe_hub.definitions import defs
    from resources.sandbox import SandboxResource

    started = time.monotonic()
    console.rule("abe-hub demo")
    console.print(f"running the nightly job against the sandbox world at {world} ...")
    job = defs.resolve_job_def("nightly")
    result = job.execute_in_process(
        resources={"sandbox": SandboxResource(world_path=str(world))},
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )
    if not result.success:
        raise SystemExit("the nightly job failed: see the log above")
    store = WorldStore(world)
    truth = Table(title="the world (ground truth)")
    truth.add_column("measure")
    truth.add_column("count", justify="right")
    for key, value in truth_counts(store).items():
        truth.add_row(key, f"{value:,}")
    apis = Table(title="what the source APIs serve (read through the real clients)")
    for column in ("system", "object", "records"):
        apis.add_column(column, justify="right" if column == "records" else "left")
    for system, obj, count in _through_the_apis(store):
        apis.add_row(system, obj, f"{count:,}")
    console.print(truth, apis)
    console.print(
        f"done in {time.monotonic() - started:.1f}s. Open the Dagster UI with [bold]make ui[/bold] "
        "(http://127.0.0.1:3000)."
    )
