"""Generate a world: the truth, each system's view of it, and the defects validation must catch.

Families (a company with its subsidiaries and business units) are generated one at a time from
their own seeded stream and flushed in batches, so memory stays flat whatever the size and the
same spec always yields the same world.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from abe_hub.sandbox import hubspot_records as hs
from abe_hub.sandbox import salesforce_records as sf
from abe_hub.sandbox import zendesk_records as zd
from abe_hub.sandbox.build import Build, Pools
from abe_hub.sandbox.defects import inject_defects
from abe_hub.sandbox.ids import Sequences
from abe_hub.sandbox.schemas import all_fields
from abe_hub.sandbox.sink import Sink
from abe_hub.sandbox.spec import DAY_MS, WorldSpec
from abe_hub.sandbox.store import WorldStore, insert_fields
from abe_hub.sandbox.truth import Company, Person, draw_family, draw_person, headcount

ICP_INDUSTRIES = frozenset({"software", "financial_services", "manufacturing"})
ICP_COUNTRIES = frozenset({"US", "GB", "DE"})
FLUSH_EVERY = 50_000


@dataclass
class CompanyViews:
    """Which systems know a company, and under which ids."""

    salesforce: list[str] = field(default_factory=list)
    hubspot: str | None = None
    zendesk: int | None = None


def icp_fit(c: Company, rng: random.Random) -> float:
    fit = (
        0.4 * (c.industry in ICP_INDUSTRIES)
        + 0.3 * (200 <= c.employees <= 20_000)
        + 0.2 * (c.country.code in ICP_COUNTRIES)
    )
    return round(min(1.0, fit + rng.uniform(0, 0.1)), 3)


def _decide_customer(b: Build, c: Company, customers: bool) -> None:
    c.icp_fit = icp_fit(c, b.rng)
    c.is_customer = customers and b.chance(b.spec.customer_share * (0.5 + 1.2 * c.icp_fit))
    if c.is_customer:
        c.customer_since_ms = b.between(c.created_ms + 30 * DAY_MS, b.now_ms - 30 * DAY_MS)
        c.health = round(b.rng.betavariate(4, 1.6), 3)


def _people(b: Build, c: Company) -> list[Person]:
    taken: set[str] = set()
    return [
        draw_person(b.rng, c, b.seq, b.between(c.created_ms, b.now_ms - DAY_MS), taken)
        for _ in range(headcount(b.rng, c, b.spec))
    ]


def _salesforce_accounts(b: Build, family: list[Company], in_sf: dict[int, bool]) -> dict[int, CompanyViews]:
    views = {c.company_id: CompanyViews() for c in family}
    for c in family:
        if not in_sf[c.company_id]:
            continue
        parent_views = views[c.parent.company_id] if c.parent else None
        parent_id = parent_views.salesforce[0] if parent_views and parent_views.salesforce and b.chance(0.9) else None
        views[c.company_id].salesforce.append(sf.account(b, c, parent_id))
        if b.chance(b.spec.salesforce_duplicate_share):
            views[c.company_id].salesforce.append(sf.account(b, c, None, duplicate=True))
    return views


def _pipeline(b: Build, c: Company, views: CompanyViews, sf_contacts: list[str], hs_contacts: list[str]) -> None:
    """Deals in Salesforce for accounts it knows, in HubSpot for the rest: won ones made the customers."""
    outcomes: list[tuple[str, int, str]] = []
    if c.is_customer:
        outcomes.append(("won", c.customer_since_ms or b.now_ms, "New Business"))
        if b.chance(0.4):
            outcomes.append(("won", b.between(c.customer_since_ms or b.now_ms, b.now_ms - DAY_MS), "Existing Business"))
        if b.chance(0.3):
            outcomes.append(("open", b.now_ms + b.rng.randint(10, 120) * DAY_MS, "Existing Business"))
        if b.chance(0.15):
            outcomes.append(("lost", b.between(c.created_ms, b.now_ms - DAY_MS), "Existing Business"))
    elif b.chance(0.15 + 0.3 * c.icp_fit):
        if b.chance(0.55):
            outcomes.append(("open", b.now_ms + b.rng.randint(10, 150) * DAY_MS, "New Business"))
        else:
            outcomes.append(("lost", b.between(c.created_ms + 20 * DAY_MS, b.now_ms - DAY_MS), "New Business"))
    for outcome, close_ms, kind in outcomes:
        if views.salesforce:
            sf.opportunity(
                b,
                c,
                b.rng.choice(views.salesforce),
                outcome=outcome,
                close_ms=close_ms,
                kind=kind,
                contact_ids=b.rng.sample(sf_contacts, k=len(sf_contacts)),
            )
        elif views.hubspot:
            hs.deal(b, c, views.hubspot, hs_contacts, outcome=outcome, close_ms=close_ms, kind=kind)


def _touch_time(b: Build, c: Company, created_ms: int) -> int:
    """Good-fit accounts get more attention after the ABE program launched: the uplift the marts measure."""
    if c.icp_fit >= 0.6 and b.chance(0.5):
        return b.between(max(created_ms, b.launch_ms), b.now_ms)
    return b.between(created_ms, b.now_ms)


def _person_views(b: Build, c: Company, views: CompanyViews, people: list[Person]) -> tuple[list[str], list[str]]:
    sf_contacts: list[str] = []
    hs_contacts: list[str] = []
    zd_users: list[int] = []
    for p in people:
        contact_id = lead_id = hs_id = None
        if views.salesforce and b.chance(0.7 if c.is_customer else 0.55):
            contact_id = sf.contact(b, p, b.rng.choice(views.salesforce))
            sf_contacts.append(contact_id)
        elif b.chance(0.5 if views.salesforce else 0.25):
            lead_id = sf.lead(b, p)
        if b.chance(0.65 if views.hubspot else 0.35):
            draw = b.rng.random()
            email = p.work_email if draw < 0.75 else p.personal_email if draw < 0.95 else None
            company_link = views.hubspot if b.chance(0.9) else None
            hs_id = hs.contact(b, p, company_link, email=email)
            hs_contacts.append(hs_id)
            if b.chance(b.spec.hubspot_duplicate_contact_share):
                hs.contact(b, p, None, email=p.personal_email or p.work_email.upper())
            if c.is_customer and b.chance(0.2):
                hs.nps(b, p, hs_id, b.between(max(p.created_ms, c.customer_since_ms or 0), b.now_ms))
        if views.zendesk and b.chance(0.4):
            zd_users.append(zd.end_user(b, p, views.zendesk))
        _activities(b, c, p, views, contact_id, lead_id, hs_id)
        for campaign_id, start in b.rng.sample(b.pools.campaigns, k=min(len(b.pools.campaigns), b.poisson(0.6))):
            if (contact_id or lead_id) and start > p.created_ms:
                sf.campaign_member(b, campaign_id, start, lead_id=lead_id, contact_id=contact_id)
    if views.zendesk:
        if not zd_users:
            zd_users.append(zd.end_user(b, people[0], views.zendesk))
        _tickets(b, c, views.zendesk, zd_users)
    return sf_contacts, hs_contacts


def _activities(
    b: Build, c: Company, p: Person, views: CompanyViews, contact_id: str | None, lead_id: str | None, hs_id: str | None
) -> None:
    intensity = 0.6 + c.icp_fit + (0.5 if c.is_customer else 0)
    for _ in range(b.poisson(b.spec.activities_per_person * intensity / 1.3)):
        at = _touch_time(b, c, p.created_ms)
        if (contact_id or lead_id) and (not hs_id or b.chance(0.55)):
            role = "SDR" if lead_id else ("CSM" if c.is_customer else "AE")
            sf.touch(b, at, contact_id or lead_id, views.salesforce[0] if contact_id else None, role)
        elif hs_id:
            hs.engagement(b, at, hs_id, views.hubspot)


def _tickets(b: Build, c: Company, org_id: int, requesters: list[int]) -> None:
    mean = b.spec.tickets_per_company / max(b.spec.customer_share, 0.01) * (1.6 - c.health) if c.is_customer else 0.5
    start = c.customer_since_ms or c.created_ms
    for _ in range(b.poisson(mean)):
        zd.ticket(b, c, org_id, b.rng.choice(requesters), b.between(start, b.now_ms - 3_600_000))


def build_family(b: Build, family: list[Company], *, customers: bool = True) -> None:
    """Every system's records for one family; ``customers=False`` for companies that just appeared."""
    b.sink.start_family()
    for c in family:
        _decide_customer(b, c, customers)
    in_sf = {c.company_id: b.chance(0.95 if c.is_customer else b.spec.salesforce_share) for c in family}
    in_hs = {c.company_id: b.chance(0.85 if c.is_customer else b.spec.hubspot_share) for c in family}
    for c in family:
        if c.is_customer and not (in_sf[c.company_id] or in_hs[c.company_id]):
            in_sf[c.company_id] = True
    views = _salesforce_accounts(b, family, in_sf)
    for c in family:
        view = views[c.company_id]
        if in_hs[c.company_id]:
            view.hubspot = hs.company(b, c)
            parent = views[c.parent.company_id].hubspot if c.parent else None
            if parent and b.chance(0.85):
                b.sink.associate("companies", parent, "companies", view.hubspot, hs.PARENT_CHILD)
        if b.chance(0.85 if c.is_customer else 0.03):
            view.zendesk = zd.organization(b, c, view.salesforce[0] if view.salesforce else None)
        c.people = _people(b, c)
        sf_contacts, hs_contacts = _person_views(b, c, view, c.people)
        _pipeline(b, c, view, sf_contacts, hs_contacts)
        b.sink.companies.append(c)
        b.sink.people.extend(c.people)
    inject_defects(b, family, {c.company_id: v.salesforce for c, v in ((c, views[c.company_id]) for c in family)})


def _setup(b: Build) -> None:
    per_role = max(4, b.spec.companies // 400)
    sf.users(b, per_role)
    sf.campaigns(b)
    hs.owners(b, per_role * 4)
    zd.agents(b, max(5, b.spec.companies // 500))


def generate_world(path: str | Path, spec: WorldSpec, progress: Callable[[int, int], None] | None = None) -> WorldStore:
    """Write a new world file at ``path`` (replacing any) and return the open store."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = WorldStore(path, create=True)
    seq, sink = Sequences(), Sink()
    con = store.con
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    with store.transaction():
        insert_fields(con, all_fields())
        setup = Build(spec, seq, sink, Pools(), random.Random(f"{spec.seed}:setup"), spec.now_ms)
        _setup(setup)
        sink.flush(con)
    made, family_no = 0, 0
    while made < spec.companies:
        b = dataclasses.replace(setup, rng=random.Random(f"{spec.seed}:{family_no}"))
        family = draw_family(b.rng, family_no, spec, seq)
        build_family(b, family)
        made += len(family)
        family_no += 1
        if sink.pending >= FLUSH_EVERY:
            with store.transaction():
                sink.flush(con)
            if progress:
                progress(min(made, spec.companies), spec.companies)
    with store.transaction():
        sink.flush(con)
        store.set_meta("now_ms", str(spec.now_ms))
        store.set_meta("spec", json.dumps(dataclasses.asdict(spec)))
        store.set_meta("sequences", json.dumps(seq.state))
        store.set_meta("pools", json.dumps(dataclasses.asdict(setup.pools)))
        store.set_meta("families", str(family_no))
    if progress:
        progress(spec.companies, spec.companies)
    store.close()
    store = WorldStore(path)
    store.create_indexes()
    return store
