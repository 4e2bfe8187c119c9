"""The published PostgreSQL schema: a snapshot of the build schema, swapped in by two renames.

dbt builds the marts into a build schema that readers never query. Publishing copies it into a new
schema and, in the same transaction, renames the readers' schema away and the new one into its place.
Renaming a schema waits for no reader: a query running on the old tables finishes on them, and every
statement that starts after the commit resolves ``marts.<table>`` to the new tables, all of one build.

The old schema is dropped afterwards, in its own transaction with a short ``lock_timeout``: a reader
still on an old table holds a lock the drop needs, and rather than wait (the nightly run must not be
blocked by a dashboard) the drop gives up and the old schema is left for the next publication to
drop. Grants on the readers' schema and tables are copied to their replacements, so a read-only BI
role keeps its access across publications.

One limit of PostgreSQL holds here: a reader inside a REPEATABLE READ or SERIALIZABLE transaction
that spans a publication sees the new tables empty (DDL is not MVCC-safe). BI tools run each query in
autocommit, which READ COMMITTED serves right.
"""

import time
import uuid

import psycopg
from psycopg import sql

from abe_hub.publish.publication import NothingToPublishError, Publication

LOCK_TIMEOUT = "2s"
_MAX_IDENTIFIER_BYTES = 63  # PostgreSQL cuts longer names silently
# Tables, views, materialized views, partitioned and foreign tables: anything a reader can select from.
_RELATIONS = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY c.relname"
)


def publish_postgres_schema(
    dsn: str, build_schema: str, live_schema: str, lock_timeout: str = LOCK_TIMEOUT
) -> Publication:
    """Replace ``live_schema`` with a copy of every table and view of ``build_schema``, in one transaction.

    Views become tables, so the published schema does not depend on the build schema dbt rebuilds.
    """
    started = time.monotonic()
    next_schema = f"{live_schema}_next"
    previous_prefix = f"{live_schema}_previous_"
    previous = f"{previous_prefix}{uuid.uuid4().hex[:8]}"
    for name in (next_schema, previous):
        if len(name.encode()) > _MAX_IDENTIFIER_BYTES:
            raise ValueError(f"schema name {name!r} is longer than PostgreSQL's {_MAX_IDENTIFIER_BYTES} bytes")
    with psycopg.connect(dsn, autocommit=True) as con:
        _drop_previous(con, previous_prefix, lock_timeout)
        with con.transaction():
            _set_lock_timeout(con, lock_timeout)
            tables = _copy_schema(con, build_schema, next_schema)
            if con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [live_schema]).fetchone():
                _grant_like(con, live_schema, next_schema)
                con.execute(_rename(live_schema, previous))
            con.execute(_rename(next_schema, live_schema))
        awaiting = _drop_previous(con, previous_prefix, lock_timeout)
    return Publication(location=live_schema, tables=tables, seconds=time.monotonic() - started, awaiting_drop=awaiting)


def _set_lock_timeout(con: psycopg.Connection, lock_timeout: str) -> None:
    con.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])


def _rename(schema: str, to: str) -> sql.Composed:
    return sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(sql.Identifier(schema), sql.Identifier(to))


def _copy_schema(con: psycopg.Connection, build_schema: str, next_schema: str) -> dict[str, int]:
    """Rows per table copied; column types, NOT NULL and CHECK constraints, indexes and comments kept."""
    names = [name for (name,) in con.execute(_RELATIONS, [build_schema]).fetchall()]
    if not names:
        raise NothingToPublishError(f"no tables in schema {build_schema!r}: build the marts first")
    con.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(next_schema)))
    tables = {}
    for name in names:
        source, target = sql.Identifier(build_schema, name), sql.Identifier(next_schema, name)
        con.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING COMMENTS INCLUDING CONSTRAINTS INCLUDING INDEXES)").format(
                target, source
            )
        )
        tables[name] = con.execute(sql.SQL("INSERT INTO {} SELECT * FROM {}").format(target, source)).rowcount
        (comment,) = con.execute("SELECT obj_description(%s::regclass, 'pg_class')", [source.as_string(con)]).fetchone()
        if comment is not None:
            con.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(target, sql.Literal(comment)))
    return tables


def _grant_like(con: psycopg.Connection, live_schema: str, next_schema: str) -> None:
    """Give the new schema, and each new table, the grants its namesake in ``live_schema`` has."""
    grants = con.execute(
        "SELECT NULL::name, a.privilege_type, a.grantee, a.is_grantable FROM pg_namespace n, aclexplode(n.nspacl) a "
        "WHERE n.nspname = %(live)s AND a.grantee <> n.nspowner "
        "UNION ALL "
        "SELECT c.relname, a.privilege_type, a.grantee, a.is_grantable "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
        "WHERE n.nspname = %(live)s AND a.grantee <> c.relowner AND EXISTS ("
        "  SELECT 1 FROM pg_class k JOIN pg_namespace m ON m.oid = k.relnamespace "
        "  WHERE m.nspname = %(next)s AND k.relname = c.relname)",
        {"live": live_schema, "next": next_schema},
    ).fetchall()
    for table, privilege, grantee, grantable in grants:
        target = (
            sql.SQL("SCHEMA {}").format(sql.Identifier(next_schema))
            if table is None
            else sql.SQL("TABLE {}").format(sql.Identifier(next_schema, table))
        )
        con.execute(
            sql.SQL("GRANT {} ON {} TO {}{}").format(
                sql.SQL(privilege),
                target,
                _role(con, grantee),
                sql.SQL(" WITH GRANT OPTION" if grantable else ""),
            )
        )


def _role(con: psycopg.Connection, oid: int) -> sql.Composable:
    if oid == 0:
        return sql.SQL("PUBLIC")
    (name,) = con.execute("SELECT pg_get_userbyid(%s)", [oid]).fetchone()
    return sql.Identifier(name)


def _drop_previous(con: psycopg.Connection, previous_prefix: str, lock_timeout: str) -> list[str]:
    """Drop the replaced schemas no reader holds any more; the names of those still held."""
    held = []
    previous = con.execute(
        "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname", [previous_prefix]
    ).fetchall()
    for (name,) in previous:
        try:
            with con.transaction():
                _set_lock_timeout(con, lock_timeout)
                con.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
        except psycopg.errors.LockNotAvailable:
            held.append(name)
    return held
