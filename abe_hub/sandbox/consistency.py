"""Invariants a world must keep, after generation and after every advanced day.

Identity resolution is scored against the truth tables, so a truth that drifts from the records
would make every score meaningless. Each check is a SQL query that returns offending rows.
"""

from __future__ import annotations

from abe_hub.sandbox.store import WorldStore

ENTITY_OBJECTS = (
    ("salesforce", "Account"),
    ("salesforce", "Contact"),
    ("salesforce", "Lead"),
    ("salesforce", "Opportunity"),
    ("hubspot", "companies"),
    ("hubspot", "contacts"),
    ("hubspot", "deals"),
    ("zendesk", "organizations"),
    ("zendesk", "tickets"),
)

CHECKS: dict[str, str] = {
    "source record without truth": """
        SELECT r.system, r.object, r.id FROM records r
        LEFT JOIN truth_record t ON t.system = r.system AND t.object = r.object AND t.source_id = r.id
        WHERE (r.system, r.object) IN ({entities}) AND t.source_id IS NULL""",
    "truth for a record that does not exist": """
        SELECT t.system, t.object, t.source_id FROM truth_record t
        LEFT JOIN records r ON r.system = t.system AND r.object = t.object AND r.id = t.source_id
        WHERE r.id IS NULL""",
    "truth pointing at an unknown company": """
        SELECT t.system, t.object, t.source_id FROM truth_record t
        LEFT JOIN truth_company c ON c.company_id = t.company_id WHERE c.company_id IS NULL""",
    "truth pointing at an unknown person": """
        SELECT t.system, t.object, t.source_id FROM truth_record t
        LEFT JOIN truth_person p ON p.person_id = t.person_id WHERE t.person_id IS NOT NULL AND p.person_id IS NULL""",
    "person at an unknown company": """
        SELECT p.person_id FROM truth_person p LEFT JOIN truth_company c ON c.company_id = p.company_id
        WHERE c.company_id IS NULL""",
    "company whose parent is unknown": """
        SELECT c.company_id FROM truth_company c
        LEFT JOIN truth_company parent ON parent.company_id = c.parent_company_id
        WHERE c.parent_company_id IS NOT NULL AND parent.company_id IS NULL""",
    "company whose depth or ultimate parent disagrees with its parent": """
        SELECT c.company_id FROM truth_company c JOIN truth_company parent ON parent.company_id = c.parent_company_id
        WHERE c.depth != parent.depth + 1 OR c.ultimate_parent_id != parent.ultimate_parent_id""",
    "top-level company that is not its own ultimate parent": """
        SELECT company_id FROM truth_company WHERE parent_company_id IS NULL
        AND (ultimate_parent_id != company_id OR depth != 0)""",
    "merged record whose survivor is another company or person": """
        SELECT t.system, t.object, t.source_id FROM truth_record t
        LEFT JOIN truth_record s ON s.system = t.system AND s.object = t.object AND s.source_id = t.merged_into
        WHERE t.merged_into IS NOT NULL AND (s.source_id IS NULL OR s.company_id != t.company_id
              OR coalesce(s.person_id, -1) != coalesce(t.person_id, -1))""",
    "merged record still live": """
        SELECT t.system, t.object, t.source_id FROM truth_record t
        JOIN records r ON r.system = t.system AND r.object = t.object AND r.id = t.source_id
        WHERE t.merged_into IS NOT NULL AND r.deleted = 0""",
    "record changed after the world clock or before it was created": """
        SELECT system, object, id FROM records
        WHERE modified_ms > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'now_ms')
           OR modified_ms < created_ms
           OR coalesce(deleted_ms, 0) > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'now_ms')""",
    "deleted flag without a deletion time": """
        SELECT system, object, id FROM records WHERE deleted = 1 AND deleted_ms IS NULL""",
    "defect on a record that does not exist": """
        SELECT d.system, d.object, d.source_id FROM truth_defect d
        LEFT JOIN records r ON r.system = d.system AND r.object = d.object AND r.id = d.source_id WHERE r.id IS NULL""",
}


def check_world(store: WorldStore, sample: int = 5) -> dict[str, list[tuple]]:
    """Every broken invariant with up to ``sample`` offending rows; empty when the world is sound."""
    entities = ", ".join(f"('{s}', '{o}')" for s, o in ENTITY_OBJECTS)
    problems: dict[str, list[tuple]] = {}
    for name, sql in CHECKS.items():
        rows = store.con.execute(sql.format(entities=entities) + f" LIMIT {sample}").fetchall()
        if rows:
            problems[name] = rows
    return problems
