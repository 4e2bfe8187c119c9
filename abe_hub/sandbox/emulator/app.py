"""One loopback ASGI app serving the Salesforce, HubSpot and Zendesk emulators side by side.

The three APIs have disjoint path prefixes (``/services/``, ``/crm/``, ``/api/v2/``), so one port
serves them all; only base URLs and tokens differ from the real services.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections import Counter
from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from abe_hub.sandbox.emulator.context import (
    HUBSPOT,
    SALESFORCE,
    ZENDESK,
    EmulatorContext,
    FaultConfig,
    Limits,
    Tokens,
)
from abe_hub.sandbox.emulator.middleware import EmulatorMiddleware
from abe_hub.sandbox.emulator.responses import JSON
from abe_hub.sandbox.store import WorldStore

SYSTEMS = (SALESFORCE, HUBSPOT, ZENDESK)
_ROUTE_MODULES = {
    SALESFORCE: "abe_hub.sandbox.emulator.salesforce_rest",
    HUBSPOT: "abe_hub.sandbox.emulator.hubspot_crm",
    ZENDESK: "abe_hub.sandbox.emulator.zendesk_support",
}


def _control_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """``/__sandbox__/``: set faults and read the request log from another process (bench, CLI)."""

    async def faults(request: Request) -> JSON:
        if request.method == "POST":
            ctx.faults = FaultConfig(**await request.json())
        return JSON(dataclasses.asdict(ctx.faults))

    async def log(request: Request) -> JSON:
        if request.method == "DELETE":
            ctx.reset_log()
        entries = list(ctx.log)
        return JSON(
            {
                "requests": len(entries),
                "records": sum(e.records for e in entries),
                "by_status": {str(status): n for status, n in Counter(e.status for e in entries).items()},
                "by_fault": dict(Counter(e.fault for e in entries if e.fault)),
                "records_by_object": _records_by_object(entries),
            }
        )

    async def health(_: Request) -> JSON:
        return JSON({"status": "ok", "now_ms": ctx.store.now_ms})

    return [
        Route("/__sandbox__/faults", faults, methods=["GET", "POST"]),
        Route("/__sandbox__/log", log, methods=["GET", "DELETE"]),
        Route("/__sandbox__/health", health),
    ]


def _records_by_object(entries: Iterable) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for e in entries:
        if e.object:
            totals[f"{e.system}.{e.object}"] += e.records
    return totals


def create_app(
    store: WorldStore,
    *,
    tokens: Tokens | None = None,
    faults: FaultConfig | None = None,
    limits: Limits | None = None,
    systems: Iterable[str] = SYSTEMS,
) -> Starlette:
    """Build the emulator app; ``app.state.ctx`` is the shared context (request log, faults)."""
    ctx = EmulatorContext(
        store=store, tokens=tokens or Tokens(), faults=faults or FaultConfig(), limits=limits or Limits()
    )
    routes: list[BaseRoute] = _control_routes(ctx)
    for system in systems:
        routes.extend(importlib.import_module(_ROUTE_MODULES[system]).routes(ctx))
    app = Starlette(routes=routes)
    app.state.ctx = ctx
    app.add_middleware(EmulatorMiddleware, ctx=ctx)
    return app
