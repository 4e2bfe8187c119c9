"""The dbt models as Dagster assets, in two steps on either side of identity resolution.

dbt sources are the assets that write them: the raw tables dlt loads (``raw/<source>/<object>``) and
the identity tables (``identity/<table>``). The graph runs raw -> staging -> intermediate ->
identity -> marts: the marts wait for identity, which waits for the intermediate models, so dbt runs
in two steps. ``staging_models`` builds everything but the marts, ``mart_models`` the marts. (Dagster
can split one dbt definition around another step at run time by itself, but then each half passes
dbt an explicit list of its models, and the split is visible nowhere in the code.)

Both are ``dbt build`` (dbt tests become asset checks on the models they test) and share the
warehouse pool with every other writer. dbt runs a test when any model it reads is selected, so a
test joining a mart to an earlier model would also run in the first step, before the mart is
rebuilt: mart tests compare marts with sources and other marts only.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from assets.raw import WAREHOUSE_POOL
from resources.dbt import dbt_project

# The models under models/marts (dbt's fqn selector: a folder name selects the models inside it).
MARTS = "fqn:marts"


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Sources as the assets that write them; models keyed and grouped by their layer.

    A source table names its producing asset in ``meta.dagster_asset_key`` (identity and other
    tables written by Python assets). Otherwise it is a raw table written by the dlt resource of the
    same name, except HubSpot association and dlt child tables, which name their resource in
    ``meta.dlt_resource`` (so several sources share one asset: hence
    ``enable_duplicate_source_asset_keys``).
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            meta = dbt_resource_props.get("config", {}).get("meta") or dbt_resource_props.get("meta") or {}
            if "dagster_asset_key" in meta:
                return AssetKey(meta["dagster_asset_key"])
            resource = meta.get("dlt_resource", dbt_resource_props["name"])
            return AssetKey(["raw", dbt_resource_props["source_name"], resource])
        return AssetKey([_layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return _layer(dbt_resource_props)


def _layer(dbt_resource_props: Mapping[str, Any]) -> str:
    """The model's folder under models/ (staging, intermediate, marts)."""
    return dbt_resource_props["fqn"][1]


TRANSLATOR = WarehouseDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


def _build(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
    """``dbt build``: the selected models and their tests, events streamed as they finish.

    Row counts and column metadata are not fetched: that opens a second DuckDB connection while dbt
    still writes, and DuckDB allows one writer.
    """
    yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    name="staging_models",
    exclude=MARTS,
    dagster_dbt_translator=TRANSLATOR,
    pool=WAREHOUSE_POOL,
)
def staging_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
    """Staging views and intermediate models over the raw layer: what identity resolution reads."""
    yield from _build(context, dbt)


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    name="mart_models",
    select=MARTS,
    dagster_dbt_translator=TRANSLATOR,
    pool=WAREHOUSE_POOL,
)
def mart_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
    """The marts BI reads, on golden accounts and people: after identity resolution."""
    yield from _build(context, dbt)
