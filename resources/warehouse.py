"""Where everything lands: a DuckDB file by default, PostgreSQL for production.

One setting drives every writer and reader: dlt gets its destination from here, and anything that
reads the warehouse uses ``sqlalchemy_url`` (duckdb-engine or psycopg).

BI tools read what the last publication made visible (``abe_hub.publish``), never the tables a run is
writing: on DuckDB the file at ``published_path``, opened read-only, a copy of the file dbt builds the
marts in (``marts_path``); on PostgreSQL the ``marts`` schema, while dbt builds the next marts in
``marts_build_schema``. ``published_sqlalchemy_url`` is what a BI tool connects to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dlt
from dagster import ConfigurableResource
from dlt.common.destination import Destination
from pydantic import Field

MARTS = "marts"
# dlt settings of every raw load (``dlt_settings``). Extract files live for seconds on local disk
# before normalize reads them back: gzip was a fifth of the HubSpot extract on the medium world.
# Tables the connectors hand over as Arrow get dlt's row and load ids like every other table, and
# batches of one table that differ (a variant column in one page only) are merged, not refused.
DLT_SETTINGS = {
    "data_writer.disable_compression": True,
    "data_writer.arrow_concat_promote_options": "default",
    "normalize.parquet_normalizer.add_dlt_id": True,
    "normalize.parquet_normalizer.add_dlt_load_id": True,
}
MARTS_BUILD_SUFFIX = "_build"


class WarehouseResource(ConfigurableResource):
    """``postgres_dsn`` set: PostgreSQL. Otherwise the DuckDB file at ``duckdb_path``."""

    duckdb_path: str = "data/warehouse.duckdb"
    postgres_dsn: str | None = Field(default=None, description="postgresql://user:password@host:5432/database")
    pipelines_dir: str = "data/dlt"
    dataset_prefix: str = Field(
        default="", description="Prefix for the raw_<source> schemas (tests, side-by-side runs)"
    )
    published_path: str = Field(
        default="data/published/warehouse.duckdb",
        description="DuckDB only: the file BI tools open read-only, replaced whole by each publication",
    )

    def destination(self) -> Destination:
        if self.postgres_dsn:
            return dlt.destinations.postgres(self.postgres_dsn)
        Path(self.duckdb_path).parent.mkdir(parents=True, exist_ok=True)
        return dlt.destinations.duckdb(str(Path(self.duckdb_path).resolve()))

    def pipeline(self, source: str) -> dlt.Pipeline:
        """The dlt pipeline of one source: its state (cursors) lives beside the data it loaded."""
        return dlt.pipeline(
            pipeline_name=f"abe_hub_{source}",
            destination=self.destination(),
            dataset_name=f"{self.dataset_prefix}raw_{source}",
            pipelines_dir=self.pipelines_dir,
        )

    @staticmethod
    @contextmanager
    def dlt_settings() -> Iterator[None]:
        """``DLT_SETTINGS`` while a load runs; dlt reads them from its config, not from arguments."""
        with dlt.config.values(DLT_SETTINGS):
            yield

    @property
    def loader_file_format(self) -> str | None:
        """Parquet for DuckDB: dlt's default there (INSERT VALUES statements) took over 8 GiB to load
        300k Salesforce records of the medium world; parquet loads them in 2.3 s under 0.6 GiB.

        INSERT VALUES for PostgreSQL, also for the connectors' Arrow tables (whose default there is
        CSV through COPY): it drops the NUL characters PostgreSQL cannot store in text, where COPY
        fails the whole file on the first one."""
        return "insert_values" if self.postgres_dsn else "parquet"

    @property
    def sqlalchemy_url(self) -> str:
        if self.postgres_dsn:
            return self.postgres_dsn.replace("postgresql://", "postgresql+psycopg://", 1)
        return f"duckdb:///{Path(self.duckdb_path).resolve()}"

    @property
    def marts_path(self) -> str:
        """DuckDB only: the file dbt builds the marts in, beside the working file (``warehouse.marts.duckdb``
        for ``warehouse.duckdb``; the dataset prefix in its name keeps side-by-side runs apart).

        A file of their own, in the storage format BI tools read, so that publishing copies it whole
        instead of writing every mart a second time (``abe_hub.publish.duckdb_file``).
        """
        working = Path(self.duckdb_path)
        return str(working.with_name(f"{working.stem}.{self.dataset_prefix}{MARTS}.duckdb"))

    @property
    def marts_schema(self) -> str:
        """The schema BI reads the marts from: in the published file on DuckDB, in the database on PostgreSQL."""
        return f"{self.dataset_prefix}{MARTS}" if self.postgres_dsn else MARTS

    @property
    def marts_build_suffix(self) -> str:
        """What dbt appends to the marts' schema name (``macros/generate_schema_name.sql``).

        On PostgreSQL BI reads the database itself, so the marts are built beside the schema it reads
        and swapped in when complete. On DuckDB BI reads another file, so dbt builds them in place.
        """
        return MARTS_BUILD_SUFFIX if self.postgres_dsn else ""

    @property
    def marts_build_schema(self) -> str:
        """Where dbt builds the marts: the schema publishing copies from (on DuckDB in ``marts_path``,
        whose name carries the prefix instead)."""
        if not self.postgres_dsn:
            return MARTS
        return f"{self.dataset_prefix}{MARTS}{self.marts_build_suffix}"

    @property
    def published_sqlalchemy_url(self) -> str:
        """What a BI tool (Superset, a notebook) connects to: the published file read-only, or the database."""
        if self.postgres_dsn:
            return self.sqlalchemy_url
        return f"duckdb:///{Path(self.published_path).resolve()}?access_mode=read_only"
