"""Time moves on: each advanced day creates, edits, deletes and merges records, as a real CRM does.

Every change stamps the record with a time inside the new day, so the APIs' incremental paths
(SystemModstamp, hs_lastmodifieddate, Zendesk cursors, deleted / archived listings) see exactly
the day's changes. The ground truth follows: new companies and people, merges, new customers.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from abe_hub.sandbox import hubspot_records as hs
from abe_hub.sandbox import salesforce_records as sf
from abe_hub.sandbox import zendesk_records as zd
from abe_hub.sandbox.build import Build, Pools
from abe_hub.sandbox.clock import hubspot_datetime, iso_date, salesforce_datetime, to_second, zendesk_datetime
from abe_hub.sandbox.generate import build_family
from abe_hub.sandbox.ids import HUBSPOT_BASE, ZENDESK_BASE, Sequences, salesforce_id
from abe_hub.sandbox.sink import Sink
from abe_hub.sandbox.spec import DAY_MS, WorldSpec
from abe_hub.sandbox.store import WorldStore, encode
from abe_hub.sandbox.truth import Company, country_of, draw_family, draw_person

SF, HS, ZD = "salesforce", "hubspot", "zendesk"
OPEN_SF_STAGES = [stage for stage, _ in sf.OPEN_STAGES]


@dataclass
class AdvanceReport:
    """What changed, per ``system.object``: the figures an incremental sync must reproduce."""

    days: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())


def _source_id(system: str, obj: str, n: int) -> str:
    if system == SF:
        return salesforce_id(obj, n)
    return str((HUBSPOT_BASE if system == HS else ZENDESK_BASE) + n)


class Day:
    """One advanced day: a Build for new records plus in-place edits of existing ones."""

    def __init__(
        self, store: WorldStore, con: sqlite3.Connection, b: Build, share: float, report: AdvanceReport
    ) -> None:
        self.store, self.con, self.b, self.share, self.report = store, con, b, share, report

    # -- reading ------------------------------------------------------------------------------
    def body(self, system: str, obj: str, rid: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT body FROM records WHERE system = ? AND object = ? AND id = ? AND deleted = 0", (system, obj, rid)
        ).fetchone()
        return orjson.loads(row[0]) if row else None

    def pick(self, system: str, obj: str) -> tuple[str, dict[str, Any]] | None:
        """A random live record, found by drawing from its id sequence: O(1) whatever the world size."""
        made = self.b.seq.state.get(f"{system}.{obj}", 0)
        for _ in range(4):
            if not made:
                return None
            rid = _source_id(system, obj, self.b.rng.randint(1, made))
            body = self.body(system, obj, rid)
            if body is not None:
                return rid, body
        return None

    def at(self) -> int:
        return self.b.between(self.b.floor_ms, self.b.now_ms)

    def company(self, company_id: int) -> Company | None:
        row = self.con.execute(
            "SELECT company_id, name, brand, legal_form, country, city, industry, employees, annual_revenue, "
            "email_domain, ultimate_parent_id, depth, kind, is_customer, customer_since_ms, health, icp_fit, "
            "created_ms "
            "FROM truth_company WHERE company_id = ? AND deleted_ms IS NULL",
            (company_id,),
        ).fetchone()
        if row is None:
            return None
        domains = [
            d
            for (d,) in self.con.execute("SELECT domain FROM truth_company_domain WHERE company_id = ?", (company_id,))
        ]
        (
            cid,
            name,
            brand,
            legal,
            country,
            city,
            industry,
            employees,
            revenue,
            email_domain,
            ultimate,
            depth,
            kind,
            customer,
            since,
            health,
            fit,
            created,
        ) = row
        return Company(
            company_id=cid,
            name=name,
            brand=brand,
            legal_form=legal,
            country=country_of(country),
            city=city,
            industry=industry,
            employees=employees,
            annual_revenue=revenue,
            domains=domains,
            email_domain=email_domain,
            parent=None,
            ultimate_parent_id=ultimate,
            depth=depth,
            kind=kind,
            created_ms=created,
            is_customer=bool(customer),
            customer_since_ms=since,
            health=health,
            icp_fit=fit,
        )

    def live_views(self, company_id: int, system: str, obj: str) -> list[str]:
        return [
            rid
            for (rid,) in self.con.execute(
                "SELECT t.source_id FROM truth_record t JOIN records r ON r.system = t.system AND r.object = t.object "
                "AND r.id = t.source_id WHERE t.company_id = ? AND t.system = ? AND t.object = ? AND r.deleted = 0 "
                "ORDER BY t.source_id",
                (company_id, system, obj),
            )
        ]

    def company_of(self, system: str, obj: str, rid: str) -> int | None:
        row = self.con.execute(
            "SELECT company_id FROM truth_record WHERE system = ? AND object = ? AND source_id = ?", (system, obj, rid)
        ).fetchone()
        return row[0] if row else None

    # -- writing ------------------------------------------------------------------------------
    def modify(self, system: str, obj: str, rid: str, changes: dict[str, Any], *, delete: bool = False) -> None:
        """Apply an edit (or a delete) the way the service records it, bumping its change stamp."""
        row = self.con.execute(
            "SELECT modified_ms, body FROM records WHERE system = ? AND object = ? AND id = ? AND deleted = 0",
            (system, obj, rid),
        ).fetchone()
        if row is None:
            return
        modified, body = row[0], orjson.loads(row[1])
        body.update(changes)
        at = self.at()
        if system == SF:
            at = to_second(at)
            body.update(
                LastModifiedDate=salesforce_datetime(at), SystemModstamp=salesforce_datetime(at), IsDeleted=delete
            )
            modified = at
        elif system == HS and not delete:
            body["hs_lastmodifieddate"] = hubspot_datetime(at)
            modified = at
        elif system == ZD:
            at = to_second(at)
            body["updated_at"] = zendesk_datetime(at)
            if delete:
                body.update(
                    {
                        "tickets": {"status": "deleted"},
                        "users": {"active": False},
                        "organizations": {"deleted_at": zendesk_datetime(at)},
                    }.get(obj, {})
                )
            modified = at
        self.con.execute(
            "UPDATE records SET modified_ms = ?, deleted = ?, deleted_ms = ?, body = ? "
            "WHERE system = ? AND object = ? AND id = ?",
            (modified, int(delete), at if delete else None, encode(body), system, obj, rid),
        )
        (self.report.deleted if delete else self.report.updated)[f"{system}.{obj}"] += 1

    def count(self, system: str, obj: str) -> int:
        return self.b.seq.state.get(f"{system}.{obj}", 0)


def _edit_changes(d: Day, system: str, obj: str, body: dict[str, Any]) -> dict[str, Any] | None:
    rng = d.b.rng
    key = f"{system}.{obj}"
    if key == "salesforce.Account":
        return rng.choice(
            (
                {"NumberOfEmployees": max(1, int((body["NumberOfEmployees"] or 10) * rng.uniform(0.9, 1.25)))},
                {"Account_Tier__c": rng.choice(("Tier 1", "Tier 2", "Tier 3"))},
            )
        )
    if key == "salesforce.Contact":
        return rng.choice(
            (
                {"Phone": f"+1 555 {rng.randint(1_000_000, 9_999_999)}"},
                {"Preferred_Language__c": rng.choice(("English", "German", "French", "Spanish"))},
            )
        )
    if key == "salesforce.Lead" and not body.get("IsConverted"):
        return rng.choice(
            (
                {"Status": rng.choice(("Working - Contacted", "Nurturing", "Unqualified"))},
                {"Lead_Score__c": float(rng.randint(0, 100))},
            )
        )
    if key == "hubspot.companies":
        return (
            {"numberofemployees": str(rng.randint(5, 20_000))}
            if rng.random() < 0.5
            else {"abm_tier": rng.choice(("tier_1", "tier_2", "tier_3"))}
        )
    if key == "hubspot.contacts":
        views = int(body.get("hs_analytics_num_page_views") or 0) + rng.randint(1, 5)
        return {
            "hs_analytics_num_page_views": str(views),
            "hs_analytics_last_visit_timestamp": hubspot_datetime(d.at()),
        }
    if key == "zendesk.users":
        return {"phone": f"+44 20 {rng.randint(1_000_000, 9_999_999)}"}
    if key == "zendesk.organizations":
        return {"notes": rng.choice(("Renewal due", "Champion left", "Expanding to new region"))}
    return None


EDITABLE = (
    ("salesforce", "Account"),
    ("salesforce", "Contact"),
    ("salesforce", "Lead"),
    ("hubspot", "companies"),
    ("hubspot", "contacts"),
    ("zendesk", "users"),
    ("zendesk", "organizations"),
)
DELETABLE = (
    (SF, "Lead", 1.0),
    (SF, "Contact", 0.5),
    (SF, "Task", 0.2),
    (HS, "contacts", 1.0),
    (HS, "companies", 0.1),
    (ZD, "tickets", 0.5),
    (ZD, "users", 0.3),
)


def _edits(d: Day) -> None:
    for system, obj in EDITABLE:
        for _ in range(d.b.poisson(d.count(system, obj) * d.share)):
            picked = d.pick(system, obj)
            changes = picked and _edit_changes(d, system, obj, picked[1])
            if picked and changes:
                d.modify(system, obj, picked[0], changes)


def _deletes(d: Day) -> None:
    for system, obj, weight in DELETABLE:
        for _ in range(d.b.poisson(d.count(system, obj) * d.share * weight / 6)):
            picked = d.pick(system, obj)
            if picked:
                d.modify(system, obj, picked[0], {}, delete=True)


def _progress_deals(d: Day) -> None:
    """Open opportunities move a stage, or close; a first win makes a customer (truth follows)."""
    rng = d.b.rng
    for _ in range(d.b.poisson(d.count(SF, "Opportunity") * d.share * 3)):
        picked = d.pick(SF, "Opportunity")
        if not picked or picked[1]["IsClosed"]:
            continue
        rid, body = picked
        stage_no = OPEN_SF_STAGES.index(body["StageName"]) if body["StageName"] in OPEN_SF_STAGES else 0
        if stage_no < len(OPEN_SF_STAGES) - 1 and rng.random() < 0.7:
            stage = OPEN_SF_STAGES[stage_no + 1]
            d.modify(SF, "Opportunity", rid, {"StageName": stage, "Probability": float(dict(sf.OPEN_STAGES)[stage])})
            continue
        won = rng.random() < 0.45
        at = d.at()
        d.modify(
            SF,
            "Opportunity",
            rid,
            {
                "StageName": "Closed Won" if won else "Closed Lost",
                "IsClosed": True,
                "IsWon": won,
                "Probability": 100.0 if won else 0.0,
                "CloseDate": iso_date(at),
                "ForecastCategoryName": "Closed" if won else "Omitted",
            },
        )
        company_id = d.company_of(SF, "Opportunity", rid)
        if won and company_id:
            d.con.execute(
                "UPDATE truth_company SET is_customer = 1, customer_since_ms = coalesce(customer_since_ms, ?) "
                "WHERE company_id = ?",
                (at, company_id),
            )
            if body.get("AccountId"):
                d.modify(SF, "Account", body["AccountId"], {"Type": "Customer"})
    for _ in range(d.b.poisson(d.count(ZD, "tickets") * d.share * 4)):
        picked = d.pick(ZD, "tickets")
        if picked and picked[1]["status"] in ("new", "open", "pending", "hold", "solved"):
            nxt = {"new": "open", "open": "pending", "pending": "solved", "hold": "open", "solved": "closed"}
            d.modify(ZD, "tickets", picked[0], {"status": nxt[picked[1]["status"]]})


def _merges(d: Day) -> None:
    """Duplicate Salesforce accounts and HubSpot contacts get merged: the loser is deleted and recorded."""
    rng = d.b.rng
    pairs = d.con.execute(
        "SELECT t.company_id, min(t.source_id), max(t.source_id) FROM truth_record t JOIN records r "
        "ON r.system = t.system AND r.object = t.object AND r.id = t.source_id "
        "WHERE t.system = 'salesforce' AND t.object = 'Account' AND r.deleted = 0 "
        "GROUP BY t.company_id HAVING count(*) = 2"
    ).fetchall()
    for company_id, survivor, loser in pairs:
        if rng.random() >= 0.1:
            continue
        for obj in ("Contact", "Opportunity"):
            for rid in d.live_views(company_id, SF, obj):
                body = d.body(SF, obj, rid)
                if body and body["AccountId"] == loser:
                    d.modify(SF, obj, rid, {"AccountId": survivor})
        d.modify(SF, "Account", loser, {"MasterRecordId": survivor}, delete=True)
        d.con.execute(
            "UPDATE truth_record SET merged_into = ? WHERE system = 'salesforce' AND object = 'Account' "
            "AND source_id = ?",
            (survivor, loser),
        )
        d.report.merged["salesforce.Account"] += 1
    duplicates = d.con.execute(
        "SELECT t.person_id, min(t.source_id), max(t.source_id) FROM truth_record t JOIN records r "
        "ON r.system = t.system AND r.object = t.object AND r.id = t.source_id "
        "WHERE t.system = 'hubspot' AND t.object = 'contacts' AND r.deleted = 0 "
        "GROUP BY t.person_id HAVING count(*) = 2"
    ).fetchall()
    for _person_id, survivor, loser in duplicates:
        if rng.random() >= 0.1:
            continue
        d.modify(HS, "contacts", survivor, {"hs_merged_object_ids": loser})
        d.modify(HS, "contacts", loser, {}, delete=True)
        d.con.execute(
            "UPDATE truth_record SET merged_into = ? WHERE system = 'hubspot' AND object = 'contacts' "
            "AND source_id = ?",
            (survivor, loser),
        )
        d.report.merged["hubspot.contacts"] += 1


def _conversions(d: Day) -> None:
    """Leads at companies with an account get converted: a Contact appears, the Lead stays, converted."""
    for _ in range(d.b.poisson(d.count(SF, "Lead") * d.share / 2)):
        picked = d.pick(SF, "Lead")
        if not picked or picked[1]["IsConverted"]:
            continue
        rid, body = picked
        truth = d.con.execute(
            "SELECT company_id, person_id FROM truth_record WHERE system = 'salesforce' "
            "AND object = 'Lead' AND source_id = ?",
            (rid,),
        ).fetchone()
        accounts = d.live_views(truth[0], SF, "Account") if truth else []
        if not accounts:
            continue
        contact_id = sf.put(
            d.b,
            "Contact",
            d.at(),
            d.at(),
            {
                "AccountId": accounts[0],
                "FirstName": body["FirstName"],
                "LastName": body["LastName"],
                "Name": body["Name"],
                "Email": body["Email"],
                "Phone": body["Phone"],
                "Title": body["Title"],
                "LeadSource": body["LeadSource"],
                "OwnerId": body["OwnerId"],
                "MailingCountry": body["Country"],
            },
        )
        d.b.sink.truth(SF, "Contact", contact_id, truth[0], truth[1])
        d.modify(
            SF,
            "Lead",
            rid,
            {
                "IsConverted": True,
                "Status": "Converted",
                "ConvertedAccountId": accounts[0],
                "ConvertedContactId": contact_id,
                "ConvertedDate": iso_date(d.b.now_ms),
            },
        )


def _new_people(d: Day) -> None:
    people = d.b.seq.state.get("truth.person", 0)
    for _ in range(d.b.poisson(people * d.share / 3)):
        company = d.company(d.b.rng.randint(1, d.b.seq.state["truth.company"]))
        if company is None:
            continue
        person = draw_person(d.b.rng, company, d.b.seq, d.at(), set())
        accounts = d.live_views(company.company_id, SF, "Account")
        if accounts and d.b.chance(0.4):
            sf.contact(d.b, person, accounts[0])
        else:
            sf.lead(d.b, person)
        if d.b.chance(0.5):
            hs_companies = d.live_views(company.company_id, HS, "companies")
            hs.contact(d.b, person, hs_companies[0] if hs_companies else None, email=person.work_email)
        d.b.sink.people.append(person)


def _new_activity(d: Day) -> None:
    total = sum(
        d.count(*key)
        for key in ((SF, "Task"), (SF, "Event"), (HS, "emails"), (HS, "calls"), (HS, "meetings"), (HS, "notes"))
    )
    for _ in range(d.b.poisson(total / d.b.spec.history_days)):
        if d.b.chance(0.55):
            picked = d.pick(SF, "Contact")
            if picked:
                sf.touch(d.b, d.at(), picked[0], picked[1]["AccountId"], "AE")
        else:
            picked = d.pick(HS, "contacts")
            if picked:
                row = d.con.execute(
                    "SELECT to_id FROM associations WHERE system = 'hubspot' AND from_object = 'contacts' "
                    "AND from_id = ? AND to_object = 'companies' AND type_id = 1",
                    (picked[0],),
                ).fetchone()
                hs.engagement(d.b, d.at(), picked[0], row[0] if row else None)
    for _ in range(d.b.poisson(d.count(ZD, "tickets") / d.b.spec.history_days)):
        picked = d.pick(ZD, "users")
        if not picked or not picked[1].get("organization_id"):
            continue
        company_id = d.company_of(ZD, "organizations", str(picked[1]["organization_id"]))
        company = d.company(company_id) if company_id else None
        if company:
            zd.ticket(d.b, company, picked[1]["organization_id"], int(picked[0]), d.at())


def _new_companies(d: Day, families: int) -> int:
    for _ in range(d.b.poisson(d.b.spec.companies * d.share / 8)):
        rng = random.Random(f"{d.b.spec.seed}:{families}")
        family = draw_family(rng, families, d.b.spec, d.b.seq)
        for company in family:
            company.created_ms = d.at()
        build_family(dataclasses.replace(d.b, rng=rng), family, customers=False)
        families += 1
    return families


def advance(store: WorldStore, days: int = 1, *, change_share: float | None = None) -> AdvanceReport:
    """Move the world ``days`` forward; returns what changed. Deterministic for a given world."""
    if days < 1:
        raise ValueError(f"advance needs at least one day, got {days}")
    spec = WorldSpec(**json.loads(store.get_meta("spec") or "{}"))
    seq = Sequences(json.loads(store.get_meta("sequences") or "{}"))
    pools = Pools(**json.loads(store.get_meta("pools") or "{}"))
    pools.campaigns = [tuple(c) for c in pools.campaigns]
    families = int(store.get_meta("families") or 0)
    share = spec.daily_change_share if change_share is None else change_share
    report = AdvanceReport(days=days)
    for _ in range(days):
        start = store.now_ms
        end = start + DAY_MS
        sink = Sink()
        b = Build(spec, seq, sink, pools, random.Random(f"{spec.seed}:day:{end}"), end, floor_ms=start + 1000)
        with store.transaction() as con:
            day = Day(store, con, b, share, report)
            _edits(day)
            _deletes(day)
            _progress_deals(day)
            _merges(day)
            _conversions(day)
            _new_people(day)
            _new_activity(day)
            families = _new_companies(day, families)
            for key, n in sink.counts.items():
                report.created[key] += n
            sink.flush(con)
            store.set_meta("now_ms", str(end), con)
            store.set_meta("sequences", json.dumps(seq.state), con)
            store.set_meta("families", str(families), con)
    return report
