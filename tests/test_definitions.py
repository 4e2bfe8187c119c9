"""The Dagster code location loads, and its assets materialize for real."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dagster import AssetKey, Definitions, materialize

from abe_hub.definitions import defs
from assets.sandbox import sandbox_world
from resources.sandbox import SandboxResource
from resources.warehouse import WarehouseResource


def test_code_location_loads() -> None:
    Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("nightly") is not None


def test_loading_the_code_leaves_the_dlt_pipelines_folder_alone(tmp_path: Path) -> None:
    """Two processes loading the code at once (pytest-xdist's workers, the UI beside a run) must not
    make, wipe or race over the pipelines' working folders that the nightly's loads use."""
    subprocess.run([sys.executable, "-c", "import abe_hub.definitions"], cwd=tmp_path, check=True)
    assert not (tmp_path / WarehouseResource().pipelines_dir).exists()


def test_nightly_builds_marts_after_identity_after_staging() -> None:
    """The marts read the tables the identity and quarantine assets write (not stand-ins named like
    them), and the nightly job runs the dbt steps on either side of them: staging, then identity and
    the quarantine of the marts' other inputs, then marts."""
    graph = defs.resolve_asset_graph()
    identity_tables = {AssetKey(["identity", "account_xref"]), AssetKey(["identity", "person_xref"])}
    assert identity_tables <= graph.get(AssetKey(["marts", "fct_activity"])).parent_keys
    assert all(graph.get(key).is_materializable for key in identity_tables)
    rejects = AssetKey(["quarantine", "opportunities"])
    assert rejects in graph.get(AssetKey(["marts", "fct_opportunity"])).parent_keys
    assert graph.get(rejects).is_materializable and graph.get(rejects).group_name == "quarantine"
    steps = defs.resolve_job_def("nightly").graph.dependency_structure
    upstream = {
        step: {output.node_name for output in steps.all_upstream_outputs_from_node(step)}
        for step in ("staging_models", "identity", "quarantine", "mart_models")
    }
    assert "staging_models" in upstream["identity"] and "staging_models" in upstream["quarantine"]
    assert {"staging_models", "identity", "quarantine"} <= upstream["mart_models"]
    assert not {"identity", "quarantine", "mart_models"} & upstream["staging_models"]


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
