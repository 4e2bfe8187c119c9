"""Sandbox benchmark: world generation time and peak memory per preset, and emulator throughput
(records per second served through the real client libraries).

    .venv/bin/python bench/sandbox.py                      # default and large
    .venv/bin/python bench/sandbox.py --presets default    # quick

Each generation runs in its own process so its peak RSS is its own. The emulator runs in a separate
process (`abe-hub sandbox serve`), as in production the API is not in the client's process.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.server import emulator_process
from abe_hub.sandbox.store import WorldStore

ROOT = Path(__file__).resolve().parents[1]


def generate(preset: str, path: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of generating one preset in a fresh process."""
    code = (
        "import sys, time\n"
        "from abe_hub.sandbox import generate_world, preset\n"
        "t = time.perf_counter(); generate_world(sys.argv[1], preset(sys.argv[2])).close()\n"
        "print(time.perf_counter() - t)\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([sys.executable, "-c", code, str(path), preset], check=True, capture_output=True, text=True)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return float(out.stdout.strip().splitlines()[-1]), max(peak_kib, before) / 1024


def throughput(world: Path, cap: int) -> list[tuple[str, int, float]]:
    """Records/s read through each real client, up to ``cap`` records per endpoint."""
    with emulator_process(world) as url:
        results = []
        sf = salesforce_client(url)
        for obj, fields in (
            ("Contact", "Id, Name, Email, SystemModstamp"),
            ("Task", "Id, Subject, WhoId, ActivityDate, SystemModstamp"),
        ):
            t, n = time.perf_counter(), 0
            for _record in sf.query_all_iter(f"SELECT {fields} FROM {obj} ORDER BY SystemModstamp, Id"):
                n += 1
                if n >= cap:
                    break
            results.append((f"salesforce query {obj} (simple-salesforce)", n, n / (time.perf_counter() - t)))
        hs = hubspot_client(url)
        t, n, after = time.perf_counter(), 0, None
        while n < cap:
            page = hs.crm.contacts.basic_api.get_page(
                limit=100, after=after, properties=["email", "firstname", "lastname"]
            )
            n += len(page.results)
            if not page.paging:
                break
            after = page.paging.next.after
        results.append(("hubspot list contacts (hubspot-api-client)", n, n / (time.perf_counter() - t)))
        zd = zendesk_session()
        t, n = time.perf_counter(), 0
        next_url: str | None = f"{url}/api/v2/incremental/tickets/cursor.json?start_time=0"
        while next_url and n < cap:
            page = zd.get(next_url, timeout=60).json()
            n += len(page["tickets"])
            next_url = None if page["end_of_stream"] else page["after_url"]
        results.append(("zendesk ticket cursor export (requests)", n, n / (time.perf_counter() - t)))
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", nargs="+", default=["default", "large"])
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--cap", type=int, default=50_000, help="records read per endpoint for throughput")
    parser.add_argument("--reuse", action="store_true", help="serve existing world files instead of generating")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    console = Console(width=170)
    gen = Table(title="world generation (one process per preset)")
    for col in (
        "preset",
        "companies",
        "people",
        "source records",
        "activities",
        "tickets",
        "seconds",
        "peak RSS MiB",
        "file MiB",
    ):
        gen.add_column(col, justify="right")
    served = Table(title="emulator throughput through the real clients (server in its own process)")
    for col in ("preset", "endpoint", "records", "records/s"):
        served.add_column(col, justify="right")
    for name in args.presets:
        path = args.dir / f"{name}.db"
        seconds, peak = (float("nan"), float("nan")) if args.reuse and path.exists() else generate(name, path)
        con = WorldStore(path).con
        companies = con.execute("SELECT count(*) FROM truth_company").fetchone()[0]
        people = con.execute("SELECT count(*) FROM truth_person").fetchone()[0]
        records = con.execute("SELECT count(*) FROM records").fetchone()[0]
        activities = con.execute(
            "SELECT count(*) FROM records "
            "WHERE object IN ('Task', 'Event', 'emails', 'meetings', 'calls', 'notes', 'CampaignMember')"
        ).fetchone()[0]
        tickets = con.execute("SELECT count(*) FROM records WHERE object = 'tickets'").fetchone()[0]
        gen.add_row(
            name,
            f"{companies:,}",
            f"{people:,}",
            f"{records:,}",
            f"{activities:,}",
            f"{tickets:,}",
            f"{seconds:.1f}",
            f"{peak:.0f}",
            f"{path.stat().st_size / 2**20:.0f}",
        )
        for endpoint, n, rate in throughput(path, args.cap):
            served.add_row(name, endpoint, f"{n:,}", f"{rate:,.0f}")
    console.print(gen, served)


if __name__ == "__main__":
    main()
