"""The Dagster code location loads, and its assets materialize for real."""

from __future__ import annotations

from pathlib import Path

from dagster import Definitions, materialize

from abe_hub.definitions import defs
from assets.sandbox import sandbox_world
from resources.sandbox import SandboxResource


def test_code_location_loads() -> None:
    Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("nightly") is not None


def test_sandbox_world_materializes_with_counts(tmp_path: Path) -> None:
    world = tmp_path / "world.db"
    result = materialize([sandbox_world], resources={"sandbox": SandboxResource(world_path=str(world), preset="tiny")})
    assert result.success and world.exists()
    metadata = result.asset_materializations_for_node("sandbox_world")[0].metadata
    by_object = metadata["records_by_object"].value
    assert (
        by_object["salesforce.Account"] > 0 and by_object["hubspot.contacts"] > 0 and by_object["zendesk.tickets"] > 0
    )
    assert metadata["source_records"].value == sum(by_object.values())
