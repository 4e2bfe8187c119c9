"""The published warehouse: what BI tools read, made visible whole once every mart is built.

It depends on every dbt model keyed ``marts/...`` (taken from the dbt assets when the definitions
load, so a new mart is waited for without a change here) and, like every other warehouse writer,
takes its turn in the warehouse pool: on DuckDB it checkpoints the marts file dbt writes, which only
one process may open while a writer has it. Readers are never waited for (``abe_hub.publish``).
"""

from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from abe_hub.publish import Publication, publish_duckdb_file, publish_postgres_schema
from assets.dbt import mart_models, staging_models
from assets.raw import WAREHOUSE_POOL
from resources.warehouse import MARTS, WarehouseResource

MART_KEYS = sorted(
    (key for key in (*staging_models.keys, *mart_models.keys) if key.path[0] == MARTS), key=lambda k: k.path
)


def publish(warehouse: WarehouseResource) -> Publication:
    """The working marts made visible to BI readers in one atomic step, on the warehouse's backend."""
    if warehouse.postgres_dsn:
        return publish_postgres_schema(warehouse.postgres_dsn, warehouse.marts_build_schema, warehouse.marts_schema)
    return publish_duckdb_file(Path(warehouse.marts_path), Path(warehouse.published_path), warehouse.marts_schema)


@asset(
    key=AssetKey(["published", "warehouse"]),
    deps=MART_KEYS,
    group_name="published",
    pool=WAREHOUSE_POOL,
    compute_kind="python",
)
def published_warehouse(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    """The marts as BI tools see them: on DuckDB a read-only copy of the marts file, replaced whole by
    a rename; on PostgreSQL the ``marts`` schema swapped for a copy of the build schema in one transaction."""
    publication = publish(warehouse)
    context.log.info(
        f"published {len(publication.tables)} tables, {publication.rows:,} rows to {publication.location} "
        f"in {publication.seconds:.1f}s"
    )
    metadata: dict[str, object] = {
        "location": publication.location,
        "tables": MetadataValue.json(publication.tables),
        "table count": len(publication.tables),
        "rows": publication.rows,
        "duration (s)": round(publication.seconds, 3),
    }
    if publication.size_bytes is not None:
        metadata["bytes"] = publication.size_bytes
    if publication.awaiting_drop:
        # Earlier builds a reader was still on: dropped by a later publication, never waited for.
        metadata["previous builds awaiting drop"] = MetadataValue.json(publication.awaiting_drop)
    return MaterializeResult(metadata=metadata)
