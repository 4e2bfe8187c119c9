"""The published DuckDB file: a read-only snapshot of the marts, replaced whole by a rename.

DuckDB allows one writer per file, and a reader of the working file would hold a lock the nightly run
needs (or fail while the run holds it). So readers get a file of their own. Each publication copies
the working marts into a new file in the published file's directory, checkpoints and closes it, and
renames it over the published file: on POSIX the rename is atomic, so a reader opening the path gets
the previous build or the new one, never a half-written file, and a reader that already has the old
file open keeps reading it (its inode lives on until it closes). Nothing here waits for a reader.

The file is written in an older storage format (``STORAGE_VERSION``), because BI tools embed their
own DuckDB (the Metabase driver, Evidence, a notebook) and may be a major version behind the one that
builds the warehouse: a DuckDB 1.x reader cannot open a file in the 2.x format.
"""

import os
import time
import uuid
from contextlib import closing
from pathlib import Path

import duckdb

from abe_hub.publish.publication import NothingToPublishError, Publication

# Readable by DuckDB 1.0 and later.
STORAGE_VERSION = "v1.0.0"
_PUBLISHED = "abe_hub_published"


def publish_duckdb_file(
    working: Path, schema: str, published: Path, published_schema: str = "marts", storage_version: str = STORAGE_VERSION
) -> Publication:
    """Copy every table and view of ``schema`` in ``working`` to ``published_schema`` in a new file that
    atomically replaces ``published``; views become tables, so the file stands alone.

    The working file is opened read-only and only inside this call: run it where the warehouse's
    writers take turns (Dagster's warehouse pool), since DuckDB refuses a reader while a writer holds it.
    """
    started = time.monotonic()
    published.parent.mkdir(parents=True, exist_ok=True)
    # Publications take turns, so a building file found now is a killed run's: it would only fill the disk.
    for stale in published.parent.glob(f".{published.name}.*.building*"):
        stale.unlink()
    # Same directory, so the rename never crosses a file system; a dot name, so nobody mistakes it.
    building = published.with_name(f".{published.name}.{uuid.uuid4().hex[:12]}.building")
    try:
        tables = _copy_schema(working, schema, building, published_schema, storage_version)
        os.replace(building, published)
    finally:
        building.unlink(missing_ok=True)
        building.with_name(f"{building.name}.wal").unlink(missing_ok=True)
    _sync_directory(published.parent)
    return Publication(
        location=str(published),
        tables=tables,
        seconds=time.monotonic() - started,
        size_bytes=published.stat().st_size,
    )


def _copy_schema(
    working: Path, schema: str, building: Path, published_schema: str, storage_version: str
) -> dict[str, int]:
    """Rows per table copied into ``building``, which is checkpointed and closed when this returns."""
    working_path = str(working.resolve())
    # An in-memory connection holding both files: neither file's catalog name can clash with it.
    with closing(duckdb.connect()) as con:
        con.execute("ATTACH ? (READ_ONLY)", [working_path])
        # Attached under its own default name, the one the working file's views (dbt's) refer to.
        ((catalog,),) = con.execute(
            "SELECT database_name FROM duckdb_databases() WHERE path = ?", [working_path]
        ).fetchall()
        names = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? "
                "ORDER BY table_name",
                [catalog, schema],
            ).fetchall()
        ]
        if not names:
            raise NothingToPublishError(f"no tables in schema {schema!r} of {working}: build the marts first")
        con.execute(f"ATTACH ? AS {_PUBLISHED} (STORAGE_VERSION '{storage_version}')", [str(building)])
        con.execute(f"CREATE SCHEMA {_PUBLISHED}.{_quoted(published_schema)}")
        tables = {}
        for name in names:
            target = f"{_PUBLISHED}.{_quoted(published_schema)}.{_quoted(name)}"
            source = f"{_quoted(catalog)}.{_quoted(schema)}.{_quoted(name)}"
            ((tables[name],),) = con.execute(f"CREATE TABLE {target} AS SELECT * FROM {source}").fetchall()
        con.execute(f"CHECKPOINT {_PUBLISHED}")
        con.execute(f"DETACH {_PUBLISHED}")
    return tables


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable: a crash right after publishing must not bring the old file back."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
