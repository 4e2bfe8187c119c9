"""The published DuckDB file: a read-only snapshot of the marts, replaced whole by a rename.

DuckDB allows one writer per file, and a reader of the working file would hold a lock the nightly run
needs (or fail while the run holds it). So readers get a file of their own. dbt builds the marts in a
file that holds nothing else (``WarehouseResource.marts_path``, attached in ``profiles.yml``); each
publication checkpoints it, copies it whole into a new file in the published file's directory, and
renames that over the published file: on POSIX the rename is atomic, so a reader opening the path gets
the previous build or the new one, never a half-written file, and a reader that already has the old
file open keeps reading it (its inode lives on until it closes). Nothing here waits for a reader.

A copy of the file, not of its tables: writing every mart again into a new file took 10-12 s of each
night on the large sandbox world, the copy a fraction of a second. dbt writes the marts file in an
older storage format (``storage_version: v1.0.0`` in ``profiles.yml``), because BI tools embed their own
DuckDB (the Metabase driver, Evidence, a notebook) and may be a major version behind the one that
builds the warehouse: a DuckDB 1.x reader cannot open a file in the 2.x format.
"""

import os
import shutil
import time
import uuid
from contextlib import closing
from pathlib import Path

import duckdb

from abe_hub.publish.publication import NothingToPublishError, Publication

READABLE_FROM = (1, 0, 0)
"""The oldest DuckDB the published file must open in: the storage version ``profiles.yml`` asks for."""


def publish_duckdb_file(built: Path, published: Path, schema: str = "marts") -> Publication:
    """Make the marts file ``built`` the file at ``published``, atomically, for readers of ``schema``.

    ``built`` is opened only inside this call: run it where the warehouse's writers take turns
    (Dagster's warehouse pool), since DuckDB refuses a reader while a writer holds it.
    """
    started = time.monotonic()
    tables = _checkpointed_tables(built, schema)
    published.parent.mkdir(parents=True, exist_ok=True)
    # Publications take turns, so a building file found now is a killed run's: it would only fill the disk.
    for stale in published.parent.glob(f".{published.name}.*.building*"):
        stale.unlink()
    # Same directory, so the rename never crosses a file system; a dot name, so nobody mistakes it.
    building = published.with_name(f".{published.name}.{uuid.uuid4().hex[:12]}.building")
    try:
        shutil.copyfile(built, building)
        _sync_file(building)
        os.replace(building, published)
    finally:
        building.unlink(missing_ok=True)
    _sync_file(published.parent)
    return Publication(
        location=str(published),
        tables=tables,
        seconds=time.monotonic() - started,
        size_bytes=published.stat().st_size,
    )


def _checkpointed_tables(built: Path, schema: str) -> dict[str, int]:
    """Rows per table of ``schema`` in ``built``, whose write-ahead log is folded in when this returns:
    the file alone is then the whole build. A view there would stand for a query against another
    file, which readers of the copy do not have: it is refused, as is a schema without tables."""
    if not built.exists():
        raise NothingToPublishError(f"no marts file at {built}: build the marts first")
    with closing(duckdb.connect(str(built))) as con:
        _refuse_a_newer_format(con, built)
        found = con.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
            [schema],
        ).fetchall()
        views = [name for name, kind in found if kind != "BASE TABLE"]
        if views:
            raise ValueError(f"views in schema {schema!r} of {built} would not stand alone when published: {views}")
        if not found:
            raise NothingToPublishError(f"no tables in schema {schema!r} of {built}: build the marts first")
        tables = {name: con.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()[0] for name, _ in found}
        con.execute("CHECKPOINT")
    return tables


def _refuse_a_newer_format(con: duckdb.DuckDBPyConnection, built: Path) -> None:
    """The storage format is set when a file is created, so a marts file made before ``profiles.yml``
    asked for the old format (or by hand) stays in the new one, and only readers would find out."""
    (tag,) = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE NOT internal").fetchone()
    version = tuple(int(part) for part in str(tag).strip("v+").split("."))
    if version > READABLE_FROM:
        oldest = "v" + ".".join(map(str, READABLE_FROM))
        raise ValueError(
            f"{built} is in storage format {tag}, which DuckDB before {tag.strip('+')} cannot open; BI tools"
            f" need {oldest}: delete the file and build the marts again (dbt creates it in {oldest})"
        )


def _sync_file(path: Path) -> None:
    """Make a file's bytes, or a directory's entries (the rename itself), durable: a crash right after
    publishing must not bring the old file back, nor leave the new one half on disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
