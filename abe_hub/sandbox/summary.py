"""Counts that describe a world: what the demo prints and the sandbox asset reports."""

from __future__ import annotations

from abe_hub.sandbox.store import WorldStore


def world_counts(store: WorldStore) -> dict[str, int]:
    """Live source records per ``system.object``."""
    rows = store.con.execute(
        "SELECT system || '.' || object, count(*) FROM records WHERE deleted = 0 GROUP BY 1 ORDER BY 1"
    )
    return {key: n for key, n in rows}


def truth_counts(store: WorldStore) -> dict[str, int]:
    con = store.con
    return {
        "companies": con.execute("SELECT count(*) FROM truth_company WHERE deleted_ms IS NULL").fetchone()[0],
        "customers": con.execute("SELECT count(*) FROM truth_company WHERE is_customer = 1").fetchone()[0],
        "hierarchies": con.execute("SELECT count(*) FROM truth_company WHERE kind = 'group'").fetchone()[0],
        "people": con.execute("SELECT count(*) FROM truth_person WHERE deleted_ms IS NULL").fetchone()[0],
        "planted_defects": con.execute("SELECT count(*) FROM truth_defect").fetchone()[0],
    }
