"""Reading and replacing whole warehouse tables from DataFrames, on DuckDB and on PostgreSQL.

The identity assets write their tables whole each night (they are small next to the raw layer and
their keys are carried over explicitly), so a table is replaced in one transaction: a reader sees the
old table or the new one, never a half-written one. DuckDB takes the frame through Arrow in one
statement; PostgreSQL through COPY, which is what keeps a million-row table a matter of seconds.
"""

from __future__ import annotations

import io
from contextlib import closing

import duckdb
import pandas as pd
import psycopg
from psycopg import sql

from resources.warehouse import WarehouseResource


def read_sql(warehouse: WarehouseResource, query: str) -> pd.DataFrame:
    """A query's result as a DataFrame."""
    if warehouse.postgres_dsn:
        with psycopg.connect(warehouse.postgres_dsn) as con, con.cursor() as cursor:
            cursor.execute(query)
            return pd.DataFrame(cursor.fetchall(), columns=[c.name for c in cursor.description])
    with closing(duckdb.connect(warehouse.duckdb_path, read_only=True)) as con:
        return con.execute(query).df()


def table_exists(warehouse: WarehouseResource, schema: str, table: str) -> bool:
    found = read_sql(
        warehouse,
        "SELECT count(*) AS n FROM information_schema.tables "
        f"WHERE table_schema = '{schema}' AND table_name = '{table}'",
    )
    return bool(found["n"].iloc[0])


def replace_table(warehouse: WarehouseResource, schema: str, table: str, frame: pd.DataFrame) -> None:
    """Replace ``schema.table`` with ``frame`` (columns typed from the frame) in one transaction."""
    if warehouse.postgres_dsn:
        _replace_postgres(warehouse.postgres_dsn, schema, table, frame)
        return
    with closing(duckdb.connect(warehouse.duckdb_path)) as con:
        con.execute("BEGIN")
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        con.register("incoming", frame)
        con.execute(f'CREATE OR REPLACE TABLE "{schema}"."{table}" AS SELECT * FROM incoming')
        con.execute("COMMIT")


_POSTGRES_TYPES = {"i": "bigint", "u": "bigint", "f": "double precision", "b": "boolean", "M": "timestamptz"}


def _replace_postgres(dsn: str, schema: str, table: str, frame: pd.DataFrame) -> None:
    columns = [
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(_POSTGRES_TYPES.get(frame[c].dtype.kind, "text")))
        for c in frame.columns
    ]
    target = sql.Identifier(schema, table)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False)
    with psycopg.connect(dsn) as con, con.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
        cursor.execute(sql.SQL("CREATE TABLE {} ({})").format(target, sql.SQL(", ").join(columns)))
        copy = sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv)").format(target)
        with cursor.copy(copy) as stream:
            stream.write(buffer.getvalue())
