"""The resources a Dagster run against the sandbox needs, shared by the tests that materialize assets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagster_dlt import DagsterDltResource

from resources.dbt import dbt_resource
from resources.program import ProgramResource
from resources.sandbox import SandboxResource
from resources.sources import HubSpotResource, SalesforceResource, ZendeskResource
from resources.warehouse import WarehouseResource


def sandbox_resources(world: Path, warehouse: WarehouseResource) -> dict[str, Any]:
    """Sources without credentials (so the sandbox's emulators serve them), this world, this warehouse."""
    return {
        "dlt": DagsterDltResource(),
        "sandbox": SandboxResource(world_path=str(world)),
        "warehouse": warehouse,
        "dbt": dbt_resource(warehouse),
        "salesforce": SalesforceResource(),
        "hubspot": HubSpotResource(),
        "zendesk": ZendeskResource(),
        "program": ProgramResource(),
    }
