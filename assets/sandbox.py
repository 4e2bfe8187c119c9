"""The sandbox world as an asset, so the UI shows where the demo's source data comes from."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from abe_hub.sandbox.summary import world_counts
from resources.sandbox import SandboxResource


@asset(group_name="sandbox", compute_kind="python")
def sandbox_world(context: AssetExecutionContext, sandbox: SandboxResource) -> MaterializeResult:
    """A deterministic B2B world (companies, hierarchies, people, deals, activities, tickets) with its
    ground truth, served to the connectors by loopback emulators of Salesforce, HubSpot and Zendesk."""
    store = sandbox.open()
    counts = world_counts(store)
    context.log.info("sandbox world at %s: %s source records", sandbox.world_path, sum(counts.values()))
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(sandbox.world_path),
            "source_records": sum(counts.values()),
            "records_by_object": MetadataValue.json(counts),
        }
    )
