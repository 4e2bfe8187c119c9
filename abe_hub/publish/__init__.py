"""Publishing the finished marts to BI readers, whole or not at all. Plain Python, no Dagster.

BI tools must never see a half-built warehouse and must never block the nightly run (nor be blocked
by it). Both backends get there the same way: the run builds into a working copy that readers never
touch, and publishing makes a snapshot of it visible to readers in one atomic step.

- ``duckdb_file``: dbt builds the marts in a DuckDB file of their own, which is copied beside the
  published one and renamed over it. Readers open the published file read-only, so they never hold
  the writer's lock.
- ``postgres_schema``: dbt builds the marts into a build schema; they are copied into a new schema
  that replaces the readers' ``marts`` schema by two renames in one transaction.
"""

from abe_hub.publish.duckdb_file import publish_duckdb_file
from abe_hub.publish.postgres_schema import publish_postgres_schema
from abe_hub.publish.publication import NothingToPublishError, Publication

__all__ = ["NothingToPublishError", "Publication", "publish_duckdb_file", "publish_postgres_schema"]
