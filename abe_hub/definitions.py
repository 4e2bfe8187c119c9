"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here.

Credentials are read from the environment through ``EnvVar`` (never placed in config values, so the
UI and run metadata never show them). A source whose variables are absent runs against the sandbox.
"""

from __future__ import annotations

import os

from dagster import Definitions, EnvVar, define_asset_job
from dagster_dlt import DagsterDltResource

from assets.dbt import mart_models, staging_models
from assets.identity import identity
from assets.program import abe_program
from assets.publish import published_warehouse
from assets.raw import hubspot_raw, salesforce_raw, sync_sources, zendesk_raw
from assets.sandbox import sandbox_world
from assets.schedules import nightly_schedule
from assets.validation import VALIDATION_CHECKS, quarantine
from resources.dbt import dbt_resource
from resources.program import ProgramResource
from resources.sandbox import SandboxResource
from resources.sources import HubSpotResource, SalesforceResource, ZendeskResource
from resources.warehouse import WarehouseResource


def _env(name: str) -> EnvVar | None:
    return EnvVar(name) if os.environ.get(name) else None


nightly = define_asset_job("nightly", selection="*", description="Everything, from source systems to marts.")
# dbt writes where dlt does: its profile is derived from this one resource.
warehouse = WarehouseResource(postgres_dsn=_env("ABE_HUB_POSTGRES_DSN"))

defs = Definitions(
    assets=[
        sandbox_world,
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
    asset_checks=VALIDATION_CHECKS,
    jobs=[nightly, sync_sources],
    schedules=[nightly_schedule],
    resources={
        "sandbox": SandboxResource(),
        "dlt": DagsterDltResource(),
        "warehouse": warehouse,
        "dbt": dbt_resource(warehouse),
        "program": ProgramResource(),
        "salesforce": SalesforceResource(
            instance_url=_env("SALESFORCE_INSTANCE_URL"), session_id=_env("SALESFORCE_SESSION_ID")
        ),
        "hubspot": HubSpotResource(base_url=_env("HUBSPOT_BASE_URL"), access_token=_env("HUBSPOT_ACCESS_TOKEN")),
        "zendesk": ZendeskResource(
            base_url=_env("ZENDESK_BASE_URL"), email=_env("ZENDESK_EMAIL"), api_token=_env("ZENDESK_API_TOKEN")
        ),
    },
)
