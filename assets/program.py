"""The ``program`` schema: the ABE program's rules (ICP, personas, target list, settings) as tables.

dbt declares these tables as the source ``program`` and reads them like any other input, so the
marts apply whatever the YAML file says without a code change. The file is validated before anything
is written: a broken program fails this step with the setting to fix, and the previous night's tables
stay as they were.
"""

import hashlib
from collections.abc import Iterator

from dagster import AssetExecutionContext, AssetKey, AssetSpec, DataVersion, MaterializeResult, multi_asset

from abe_hub.program import TABLE_DESCRIPTIONS, load_program, program_tables
from assets.raw import WAREHOUSE_POOL
from resources.program import ProgramResource
from resources.tables import replace_table
from resources.warehouse import WarehouseResource

PROGRAM_TABLES = tuple(TABLE_DESCRIPTIONS)


@multi_asset(
    specs=[
        AssetSpec(AssetKey(["program", table]), description=TABLE_DESCRIPTIONS[table], group_name="program")
        for table in PROGRAM_TABLES
    ],
    pool=WAREHOUSE_POOL,
)
def abe_program(
    context: AssetExecutionContext, warehouse: WarehouseResource, program: ProgramResource
) -> Iterator[MaterializeResult]:
    """Load and validate the program YAML, then replace each ``<prefix>program`` table whole."""
    path = program.program_path()
    loaded = load_program(path)
    tables = program_tables(loaded)
    # The file's digest is the data version: downstream models are stale exactly when the program changed.
    version = DataVersion(hashlib.sha256(path.read_bytes()).hexdigest()[:16])
    schema = f"{warehouse.dataset_prefix}program"
    for table, frame in tables.items():
        replace_table(warehouse, schema, table, frame)
        context.log.info(f"{schema}.{table}: {len(frame):,} rows from {path}")
        yield MaterializeResult(
            asset_key=AssetKey(["program", table]),
            metadata={"rows": len(frame), "program": loaded.name, "program_file": str(path)},
            data_version=version,
        )
