"""The raw layer: one dlt asset per source object, keyed ``raw/<source>/<object>``.

Every asset writes the warehouse, so all of them share the ``warehouse`` pool (limit 1 for DuckDB,
which allows one writer). The dlt sources are built without clients at definition time (their
resources are lazy); the real, authenticated clients are made inside the run.
"""

import tempfile
from collections.abc import Iterator

import requests
from dagster import AssetExecutionContext, AssetKey, AssetSpec, define_asset_job
from dagster_dlt import DagsterDltResource, DagsterDltTranslator, dlt_assets
from dagster_dlt.translator import DltResourceTranslatorData

from connectors.hubspot import hubspot_source
from connectors.salesforce import salesforce_source
from connectors.zendesk import zendesk_source
from resources.sandbox import SandboxResource
from resources.sources import HubSpotResource, SalesforceResource, ZendeskResource
from resources.warehouse import WarehouseResource

WAREHOUSE_POOL = "warehouse"
# The pipelines the decorators read their specs from (destination, dataset, resources) live in a
# folder of this process's own. A dlt pipeline without state wipes and remakes its working folder
# when made: made in data/dlt at import, it raced parallel imports (pytest-xdist's workers on a fresh
# clone) and could wipe the folder of a first night still loading whenever the code was reloaded.
_DEFINITIONS_DIR = tempfile.TemporaryDirectory(prefix="abe_hub_dlt_definitions_")
_DEFINITIONS_WAREHOUSE = WarehouseResource(pipelines_dir=_DEFINITIONS_DIR.name)


class RawTranslator(DagsterDltTranslator):
    def get_asset_spec(self, data: DltResourceTranslatorData) -> AssetSpec:
        spec = super().get_asset_spec(data)
        source = data.resource.source_name
        return spec.replace_attributes(
            key=AssetKey(["raw", source, data.resource.name]), deps=[], group_name=f"raw_{source}"
        )


@dlt_assets(
    dlt_source=salesforce_source(None),
    dlt_pipeline=_DEFINITIONS_WAREHOUSE.pipeline("salesforce"),
    name="salesforce_raw",
    dagster_dlt_translator=RawTranslator(),
    pool=WAREHOUSE_POOL,
)
def salesforce_raw(
    context: AssetExecutionContext,
    dlt: DagsterDltResource,
    salesforce: SalesforceResource,
    sandbox: SandboxResource,
    warehouse: WarehouseResource,
) -> Iterator:
    """Salesforce objects, incremental on SystemModstamp, deletes flagged."""
    with warehouse.dlt_settings(), salesforce.connect(sandbox) as client:
        yield from dlt.run(
            context=context,
            dlt_source=salesforce_source(client),
            dlt_pipeline=warehouse.pipeline("salesforce"),
            loader_file_format=warehouse.loader_file_format,
        )


@dlt_assets(
    dlt_source=hubspot_source(None),
    dlt_pipeline=_DEFINITIONS_WAREHOUSE.pipeline("hubspot"),
    name="hubspot_raw",
    dagster_dlt_translator=RawTranslator(),
    pool=WAREHOUSE_POOL,
)
def hubspot_raw(
    context: AssetExecutionContext,
    dlt: DagsterDltResource,
    hubspot: HubSpotResource,
    sandbox: SandboxResource,
    warehouse: WarehouseResource,
) -> Iterator:
    """HubSpot CRM objects, incremental through search, archived records flagged, v4 associations."""
    with warehouse.dlt_settings(), hubspot.connect(sandbox) as client:
        yield from dlt.run(
            context=context,
            dlt_source=hubspot_source(client),
            dlt_pipeline=warehouse.pipeline("hubspot"),
            loader_file_format=warehouse.loader_file_format,
        )


@dlt_assets(
    dlt_source=zendesk_source(requests.Session(), ""),
    dlt_pipeline=_DEFINITIONS_WAREHOUSE.pipeline("zendesk"),
    name="zendesk_raw",
    dagster_dlt_translator=RawTranslator(),
    pool=WAREHOUSE_POOL,
)
def zendesk_raw(
    context: AssetExecutionContext,
    dlt: DagsterDltResource,
    zendesk: ZendeskResource,
    sandbox: SandboxResource,
    warehouse: WarehouseResource,
) -> Iterator:
    """Zendesk tickets, users, organizations and satisfaction ratings from the incremental exports."""
    with warehouse.dlt_settings(), zendesk.connect(sandbox) as (session, url):
        yield from dlt.run(
            context=context,
            dlt_source=zendesk_source(session, url),
            dlt_pipeline=warehouse.pipeline("zendesk"),
            loader_file_format=warehouse.loader_file_format,
        )


sync_sources = define_asset_job(
    "sync_sources",
    selection=[salesforce_raw, hubspot_raw, zendesk_raw],
    description="Incremental extract of every source into the raw layer.",
)
