"""Rows on their way into the world file, flushed in batches so a large world streams to disk."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import orjson

from abe_hub.sandbox.store import encode, insert_associations, record_row, upsert_records
from abe_hub.sandbox.truth import Company, Person


@dataclass
class Sink:
    records: list[tuple[Any, ...]] = field(default_factory=list)
    associations: list[tuple[Any, ...]] = field(default_factory=list)
    truth_records: list[tuple[Any, ...]] = field(default_factory=list)
    defects: list[tuple[Any, ...]] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    family_start: int = 0
    family_truth_start: int = 0

    def start_family(self) -> None:
        """Remember where the current family's rows begin, so defects only search those."""
        self.family_start, self.family_truth_start = len(self.records), len(self.truth_records)

    def put(
        self,
        system: str,
        obj: str,
        rid: str | int,
        created_ms: int,
        modified_ms: int,
        body: dict[str, Any],
        *,
        deleted_ms: int | None = None,
    ) -> None:
        self.records.append(record_row(system, obj, str(rid), created_ms, modified_ms, body, deleted_ms=deleted_ms))
        key = f"{system}.{obj}"
        self.counts[key] = self.counts.get(key, 0) + 1

    def associate(
        self, from_obj: str, from_id: str, to_obj: str, to_id: str, type_ids: tuple[int, int, int, int]
    ) -> None:
        """Both directions of a HubSpot association: (forward primary, forward, back primary, back)."""
        fwd_primary, fwd, back_primary, back = type_ids
        for type_id, label in ((fwd_primary, "Primary"), (fwd, None)):
            if type_id:
                self.associations.append(
                    ("hubspot", from_obj, from_id, to_obj, to_id, type_id, "HUBSPOT_DEFINED", label)
                )
        for type_id, label in ((back_primary, "Primary"), (back, None)):
            if type_id:
                self.associations.append(
                    ("hubspot", to_obj, to_id, from_obj, from_id, type_id, "HUBSPOT_DEFINED", label)
                )

    def truth(
        self, system: str, obj: str, rid: str | int, company_id: int | None, person_id: int | None = None
    ) -> None:
        self.truth_records.append((system, obj, str(rid), company_id, person_id, None))

    def defect(self, system: str, obj: str, rid: str | int, field_name: str, kind: str) -> None:
        self.defects.append((system, obj, str(rid), field_name, kind))

    def flush(self, con: sqlite3.Connection) -> None:
        upsert_records(con, self.records)
        insert_associations(con, self.associations)
        con.executemany(
            "INSERT OR REPLACE INTO truth_record(system, object, source_id, company_id, person_id, merged_into) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            self.truth_records,
        )
        con.executemany(
            "INSERT OR REPLACE INTO truth_defect(system, object, source_id, field, kind) VALUES (?, ?, ?, ?, ?)",
            self.defects,
        )
        con.executemany(
            f"INSERT OR REPLACE INTO truth_company VALUES ({', '.join('?' * 20)}, NULL)",
            [
                (
                    c.company_id,
                    c.name,
                    c.brand,
                    c.legal_form,
                    c.country.code,
                    c.city,
                    c.industry,
                    c.employees,
                    c.annual_revenue,
                    c.domains[0] if c.domains else c.email_domain,
                    c.email_domain,
                    c.parent_company_id,
                    c.ultimate_parent_id,
                    c.depth,
                    c.kind,
                    int(c.is_customer),
                    c.customer_since_ms,
                    c.health,
                    c.icp_fit,
                    c.created_ms,
                )
                for c in self.companies
            ],
        )
        con.executemany(
            "INSERT OR IGNORE INTO truth_company_domain(company_id, domain) VALUES (?, ?)",
            [(c.company_id, d) for c in self.companies for d in (c.domains or [c.email_domain])],
        )
        con.executemany(
            "INSERT OR REPLACE INTO truth_person VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [
                (
                    p.person_id,
                    p.company.company_id,
                    p.first_name,
                    p.last_name,
                    p.title,
                    p.persona.department,
                    p.persona.seniority,
                    p.persona.name,
                    p.work_email,
                    p.personal_email,
                    p.phone,
                    p.country,
                    p.created_ms,
                )
                for p in self.people
            ],
        )
        self.family_start = self.family_truth_start = 0
        for bucket in (self.records, self.associations, self.truth_records, self.defects, self.companies, self.people):
            bucket.clear()

    @property
    def pending(self) -> int:
        return len(self.records)

    def amend(self, system: str, obj: str, rid: str, changes: dict[str, Any]) -> bool:
        """Change fields of a record still waiting in the sink (defects are planted this way)."""
        for i in range(len(self.records) - 1, self.family_start - 1, -1):
            row = self.records[i]
            if row[0] == system and row[1] == obj and row[2] == rid:
                body = orjson.loads(row[7])
                body.update(changes)
                self.records[i] = (*row[:7], encode(body))
                return True
        return False
