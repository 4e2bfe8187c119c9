"""The sandbox world's storage: one SQLite file holding every source record and the ground truth.

The emulators page through millions of records by modification time, the way a SaaS backend does,
so the store is an indexed row store (SQLite) rather than a columnar one: a keyset page costs an
index seek, whatever the size of the world. Source records are JSON documents, as the APIs serve
them, so custom fields can be added or retyped without a schema migration, exactly as an admin
does it in Salesforce or HubSpot.

Tables
------
records(system, object, id, created_ms, modified_ms, deleted, deleted_ms, body)
    One row per source record (index ``records_by_modified`` carries ``deleted`` so that counting
    and skipping deleted rows never reads a body). ``body`` is the record as its API shows it (Salesforce fields,
    HubSpot properties, a Zendesk object). ``modified_ms`` is SystemModstamp / hs_lastmodifieddate /
    updated_at. Deleted records stay, flagged, so ``queryAll``, ``archived=true`` and the deleted
    endpoints can serve them.
associations(system, from_object, from_id, to_object, to_id, type_id, category, label)
    HubSpot v4 associations, stored in both directions.
fields(system, object, name, type, label, custom, options)
    What ``describe`` and the properties endpoints report.
meta(key, value)
    The world clock (``now_ms``), the spec it was made from, id sequences.
truth_company, truth_company_domain, truth_person, truth_record, truth_defect
    Ground truth: the real company / person behind every source record.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    system TEXT NOT NULL,
    object TEXT NOT NULL,
    id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    deleted_ms INTEGER,
    body TEXT NOT NULL,
    PRIMARY KEY (system, object, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS associations (
    system TEXT NOT NULL,
    from_object TEXT NOT NULL,
    from_id TEXT NOT NULL,
    to_object TEXT NOT NULL,
    to_id TEXT NOT NULL,
    type_id INTEGER NOT NULL,
    category TEXT NOT NULL,
    label TEXT,
    PRIMARY KEY (system, from_object, from_id, to_object, to_id, type_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fields (
    system TEXT NOT NULL,
    object TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    label TEXT NOT NULL,
    custom INTEGER NOT NULL DEFAULT 0,
    options TEXT,
    PRIMARY KEY (system, object, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS truth_company (
    company_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    brand TEXT NOT NULL,
    legal_form TEXT,
    country TEXT NOT NULL,
    city TEXT,
    industry TEXT NOT NULL,
    employees INTEGER NOT NULL,
    annual_revenue INTEGER NOT NULL,
    primary_domain TEXT NOT NULL,
    email_domain TEXT NOT NULL,
    parent_company_id INTEGER,
    ultimate_parent_id INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    kind TEXT NOT NULL,
    is_customer INTEGER NOT NULL,
    customer_since_ms INTEGER,
    health REAL NOT NULL,
    icp_fit REAL NOT NULL,
    created_ms INTEGER NOT NULL,
    deleted_ms INTEGER
);
CREATE TABLE IF NOT EXISTS truth_company_domain (
    company_id INTEGER NOT NULL,
    domain TEXT NOT NULL,
    PRIMARY KEY (company_id, domain)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS truth_person (
    person_id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    title TEXT NOT NULL,
    department TEXT NOT NULL,
    seniority TEXT NOT NULL,
    persona TEXT NOT NULL,
    work_email TEXT NOT NULL,
    personal_email TEXT,
    phone TEXT,
    country TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    deleted_ms INTEGER
);
CREATE TABLE IF NOT EXISTS truth_record (
    system TEXT NOT NULL,
    object TEXT NOT NULL,
    source_id TEXT NOT NULL,
    company_id INTEGER,
    person_id INTEGER,
    merged_into TEXT,
    PRIMARY KEY (system, object, source_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS truth_defect (
    system TEXT NOT NULL,
    object TEXT NOT NULL,
    source_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (system, object, source_id, field)
) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS records_by_modified ON records (system, object, modified_ms, id, deleted);
CREATE INDEX IF NOT EXISTS records_by_deleted ON records (system, object, deleted_ms)
    WHERE deleted_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS truth_person_company ON truth_person (company_id);
CREATE INDEX IF NOT EXISTS truth_record_company ON truth_record (company_id, system, object);
CREATE INDEX IF NOT EXISTS truth_record_person ON truth_record (person_id, system, object);
CREATE INDEX IF NOT EXISTS truth_company_parent ON truth_company (parent_company_id);
"""


@dataclass(frozen=True)
class Record:
    """A source record as stored: the API document plus the bookkeeping the emulators page on."""

    system: str
    object: str
    id: str
    created_ms: int
    modified_ms: int
    deleted: bool
    deleted_ms: int | None
    body: dict[str, Any]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Record:
        system, obj, rid, created, modified, deleted, deleted_ms, body = row
        return cls(system, obj, rid, created, modified, bool(deleted), deleted_ms, orjson.loads(body))


@dataclass(frozen=True)
class Field:
    """One field of a source object, as describe / properties report it."""

    system: str
    object: str
    name: str
    type: str
    label: str
    custom: bool = False
    options: tuple[str, ...] = ()


RECORD_COLUMNS = "system, object, id, created_ms, modified_ms, deleted, deleted_ms, body"


class WorldStore:
    """Thread-safe access to a world file: one SQLite connection per thread.

    Readers (the emulator's worker threads) and the one writer (``advance``) can share a file
    because it runs in WAL mode: a reader sees the last committed state, never a half-applied day.
    """

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(f"no sandbox world at {self.path}: run `abe-hub sandbox generate` first")
        self._local = threading.local()
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con.executescript(SCHEMA)

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA cache_size=-65536")
            self._local.con = con
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def create_indexes(self) -> None:
        self.con.executescript(INDEXES)
        self.con.execute("ANALYZE")

    # -- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str, con: sqlite3.Connection | None = None) -> None:
        (con or self.con).execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @property
    def now_ms(self) -> int:
        """The world clock: every timestamp the emulators show is at or before it."""
        value = self.get_meta("now_ms")
        if value is None:
            raise RuntimeError(f"world {self.path} has no clock: it was not fully generated")
        return int(value)

    # -- records ------------------------------------------------------------------------------
    def get(self, system: str, obj: str, rid: str) -> Record | None:
        row = self.con.execute(
            f"SELECT {RECORD_COLUMNS} FROM records WHERE system = ? AND object = ? AND id = ?",
            (system, obj, rid),
        ).fetchone()
        return Record.from_row(row) if row else None

    def iter_records(self, system: str, obj: str, *, include_deleted: bool = False) -> Iterator[Record]:
        """Every record of one object in (modified_ms, id) order: what a full sync must see."""
        sql = f"SELECT {RECORD_COLUMNS} FROM records WHERE system = ? AND object = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        sql += " ORDER BY modified_ms, id"
        for row in self.con.execute(sql, (system, obj)):
            yield Record.from_row(row)

    def count(self, system: str, obj: str, *, include_deleted: bool = False) -> int:
        sql = "SELECT count(*) FROM records WHERE system = ? AND object = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        return self.con.execute(sql, (system, obj)).fetchone()[0]

    def objects(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.con.execute("SELECT DISTINCT system, object FROM fields ORDER BY 1, 2")]

    # -- fields -------------------------------------------------------------------------------
    def fields(self, system: str, obj: str) -> list[Field]:
        rows = self.con.execute(
            "SELECT system, object, name, type, label, custom, options FROM fields "
            "WHERE system = ? AND object = ? ORDER BY custom, name",
            (system, obj),
        )
        return [
            Field(s, o, n, t, lbl, bool(c), tuple(orjson.loads(opts)) if opts else ())
            for s, o, n, t, lbl, c, opts in rows
        ]


def encode(body: dict[str, Any]) -> str:
    return orjson.dumps(body).decode()


def record_row(
    system: str,
    obj: str,
    rid: str,
    created_ms: int,
    modified_ms: int,
    body: dict[str, Any],
    *,
    deleted_ms: int | None = None,
) -> tuple[Any, ...]:
    """A row for ``records``, in RECORD_COLUMNS order."""
    return (system, obj, rid, created_ms, modified_ms, int(deleted_ms is not None), deleted_ms, encode(body))


def upsert_records(con: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    con.executemany(
        f"INSERT INTO records({RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(system, object, id) DO UPDATE SET modified_ms = excluded.modified_ms, "
        "deleted = excluded.deleted, deleted_ms = excluded.deleted_ms, body = excluded.body",
        rows,
    )


def insert_fields(con: sqlite3.Connection, fields: Iterable[Field]) -> None:
    con.executemany(
        "INSERT INTO fields(system, object, name, type, label, custom, options) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(system, object, name) DO UPDATE SET type = excluded.type, label = excluded.label, "
        "custom = excluded.custom, options = excluded.options",
        (
            (f.system, f.object, f.name, f.type, f.label, int(f.custom), encode(list(f.options)) if f.options else None)
            for f in fields
        ),
    )


def insert_associations(con: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Rows are (system, from_object, from_id, to_object, to_id, type_id, category, label)."""
    con.executemany(
        "INSERT OR IGNORE INTO associations(system, from_object, from_id, to_object, to_id, type_id, category, label) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
