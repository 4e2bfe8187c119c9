"""The dbt models as Dagster assets: staging views and intermediate tables over the raw layer.

dbt sources are the raw assets dlt writes (``raw/<source>/<object>``), so the graph runs raw ->
staging -> intermediate, and the ``nightly`` job builds the models after the sources are synced.
dbt tests become asset checks on the models they test.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from assets.raw import WAREHOUSE_POOL
from resources.dbt import dbt_project


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Sources as the raw assets that load them; models keyed and grouped by their layer.

    A source table is written by the dlt resource of the same name, except HubSpot association and
    dlt child tables, which name their resource in ``meta.dlt_resource`` (so several sources share
    one asset: hence ``enable_duplicate_source_asset_keys``).
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            meta = dbt_resource_props.get("config", {}).get("meta") or dbt_resource_props.get("meta") or {}
            resource = meta.get("dlt_resource", dbt_resource_props["name"])
            return AssetKey(["raw", dbt_resource_props["source_name"], resource])
        return AssetKey([_layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return _layer(dbt_resource_props)


def _layer(dbt_resource_props: Mapping[str, Any]) -> str:
    """The model's folder under models/ (staging, intermediate, marts)."""
    return dbt_resource_props["fqn"][1]


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    name="warehouse_models",
    dagster_dbt_translator=WarehouseDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True)
    ),
    pool=WAREHOUSE_POOL,
)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
    """``dbt build``: the selected models and their tests, events streamed as they finish.

    Row counts and column metadata are not fetched: that opens a second DuckDB connection while dbt
    still writes, and DuckDB allows one writer.
    """
    yield from dbt.cli(["build"], context=context).stream()
