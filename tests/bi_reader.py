"""A BI tool in miniature for the publication tests: in a process of its own, as Metabase or Superset
would be, it reads the published marts in a tight loop and prints one JSON line per read (what it saw,
or the error) until the stop file appears.

Each read is one statement over two tables written by the same build, so a mix of two builds, a
half-copied table or an empty warehouse would show as a line whose parts disagree.

    python tests/bi_reader.py duckdb <published file> <schema> <stop file>
    python tests/bi_reader.py postgres <dsn> <schema> <stop file>
"""

import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import psycopg

QUERY = (
    "SELECT a.row_count, a.amount_total, a.first_build, a.last_build, s.build_id, s.row_count, s.amount_total "
    "FROM (SELECT count(*) AS row_count, sum(amount) AS amount_total, min(build_id) AS first_build, "
    "max(build_id) AS last_build FROM {schema}.accounts) AS a CROSS JOIN {schema}.build_summary AS s"
)


def duckdb_reader(path: str, query: str) -> Callable[[], list[tuple]]:
    """A new read-only connection per read, as a pool-less client (Superset, Evidence) makes."""

    def read() -> list[tuple]:
        with duckdb.connect(path, read_only=True) as con:
            return con.execute(query).fetchall()

    return read


def postgres_reader(dsn: str, query: str) -> Callable[[], list[tuple]]:
    """One long-lived autocommit connection, as a pooled client keeps; psycopg prepares the repeated query."""
    con = psycopg.connect(dsn, autocommit=True)
    return lambda: con.execute(query).fetchall()


def main(backend: str, target: str, schema: str, stop_file: str) -> None:
    query = QUERY.format(schema=schema)
    read = duckdb_reader(target, query) if backend == "duckdb" else postgres_reader(target, query)
    stop = Path(stop_file)
    while not stop.exists():
        try:
            line = {"rows": read()}
        except Exception as error:  # every failure is the finding: report it and read on
            line = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(line, default=str), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
