"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

from dagster import Definitions, define_asset_job

from assets.sandbox import sandbox_world
from resources.sandbox import SandboxResource

nightly = define_asset_job("nightly", selection="*", description="Everything, from source systems to marts.")

defs = Definitions(
    assets=[sandbox_world],
    jobs=[nightly],
    resources={"sandbox": SandboxResource()},
)
