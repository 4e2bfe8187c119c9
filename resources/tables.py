"""Reading and replacing whole warehouse tables from DataFrames, on DuckDB and on PostgreSQL.

The identity assets write their tables whole each night (they are small next to the raw layer and
their keys are carried over explicitly), so a table is replaced in one transaction: a reader sees the
old table or the new one, never a half-written one. DuckDB takes the frame through Arrow in one
statement; PostgreSQL through COPY, which is what keeps a million-row table a matter of seconds.

A table that several writers share, each owning a slice of its rows (the quarantine: one slice per
validated table), has its slice replaced instead, in one transaction too, so a rerun converges.
"""

from __future__ import annotations

import io
from contextlib import closing
from pathlib import Path

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


def _duckdb_writer(warehouse: WarehouseResource) -> duckdb.DuckDBPyConnection:
    """A read-write connection, the file's folder made first: on a fresh machine a Python asset may be
    the night's first writer, before dlt has created anything."""
    Path(warehouse.duckdb_path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(warehouse.duckdb_path)


def replace_table(warehouse: WarehouseResource, schema: str, table: str, frame: pd.DataFrame) -> None:
    """Replace ``schema.table`` with ``frame`` (columns typed from the frame) in one transaction."""
    if warehouse.postgres_dsn:
        _replace_postgres(warehouse.postgres_dsn, schema, table, frame)
        return
    with closing(_duckdb_writer(warehouse)) as con:
        con.execute("BEGIN")
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        con.register("incoming", frame)
        con.execute(f'CREATE OR REPLACE TABLE "{schema}"."{table}" AS SELECT * FROM incoming')
        con.execute("COMMIT")


def replace_rows(
    warehouse: WarehouseResource, schema: str, table: str, frame: pd.DataFrame, column: str, value: str
) -> None:
    """Replace the rows of ``schema.table`` whose ``column`` is ``value`` with ``frame``, in one transaction.

    The table is created, typed from the frame, when it does not exist; rows of other values stay.
    """
    if warehouse.postgres_dsn:
        _replace_rows_postgres(warehouse.postgres_dsn, schema, table, frame, column, value)
        return
    target = f'"{schema}"."{table}"'
    with closing(_duckdb_writer(warehouse)) as con:
        con.execute("BEGIN")
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        con.register("incoming", frame)
        con.execute(f"CREATE TABLE IF NOT EXISTS {target} AS SELECT * FROM incoming LIMIT 0")
        con.execute(f'DELETE FROM {target} WHERE "{column}" = ?', [value])
        con.execute(f"INSERT INTO {target} BY NAME SELECT * FROM incoming")
        con.execute("COMMIT")


_POSTGRES_TYPES = {"i": "bigint", "u": "bigint", "f": "double precision", "b": "boolean", "M": "timestamptz"}


def _postgres_columns(frame: pd.DataFrame) -> sql.Composable:
    return sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(_POSTGRES_TYPES.get(frame[c].dtype.kind, "text")))
        for c in frame.columns
    )


def _copy_postgres(cursor: psycopg.Cursor, target: sql.Identifier, frame: pd.DataFrame) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False)
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    copy = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(target, columns)
    with cursor.copy(copy) as stream:
        stream.write(buffer.getvalue())


def _replace_postgres(dsn: str, schema: str, table: str, frame: pd.DataFrame) -> None:
    target = sql.Identifier(schema, table)
    with psycopg.connect(dsn) as con, con.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
        cursor.execute(sql.SQL("CREATE TABLE {} ({})").format(target, _postgres_columns(frame)))
        _copy_postgres(cursor, target, frame)


def _replace_rows_postgres(dsn: str, schema: str, table: str, frame: pd.DataFrame, column: str, value: str) -> None:
    target = sql.Identifier(schema, table)
    with psycopg.connect(dsn) as con, con.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        cursor.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(target, _postgres_columns(frame)))
        cursor.execute(sql.SQL("DELETE FROM {} WHERE {} = %s").format(target, sql.Identifier(column)), [value])
        _copy_postgres(cursor, target, frame)
