"""The real world behind the CRMs: companies, their hierarchies and the people who work there.

Everything the source systems show is a (noisy) view of these entities, and identity resolution is
scored against them.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from abe_hub.sandbox.ids import Sequences
from abe_hub.sandbox.spec import DAY_MS, WorldSpec
from abe_hub.sandbox.vocabulary import (
    BUSINESS_UNITS,
    COUNTRIES,
    COUNTRY_BY_CODE,
    DESCRIPTORS,
    FIRST_NAMES,
    FREE_MAIL_DOMAINS,
    INDUSTRY_WEIGHTS,
    LAST_NAMES,
    PERSONAS,
    SYLLABLES,
    Country,
    Persona,
)


@dataclass
class Company:
    company_id: int
    name: str
    brand: str
    legal_form: str | None
    country: Country
    city: str
    industry: str
    employees: int
    annual_revenue: int
    domains: list[str]
    email_domain: str
    parent: Company | None
    ultimate_parent_id: int
    depth: int
    kind: str
    created_ms: int
    is_customer: bool = False
    customer_since_ms: int | None = None
    health: float = 0.7
    icp_fit: float = 0.5
    people: list[Person] = field(default_factory=list)

    @property
    def parent_company_id(self) -> int | None:
        return self.parent.company_id if self.parent else None


@dataclass
class Person:
    person_id: int
    company: Company
    first_name: str
    last_name: str
    title: str
    persona: Persona
    work_email: str
    personal_email: str | None
    phone: str
    country: str
    created_ms: int


def ascii_fold(text: str) -> str:
    """What an email address or a careless import does to a name: drops the diacritics."""
    folded = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


def brand_name(family_no: int) -> str:
    """A unique, pronounceable brand per family, scattered so neighbours do not look alike."""
    n = len(SYLLABLES)
    size, offset, width = n * n, family_no, 2
    while offset >= size:
        offset -= size
        width += 1
        size = n**width
    scattered = (offset * 7919 + 104_729) % size
    parts = []
    for _ in range(width):
        scattered, digit = divmod(scattered, n)
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _country(rng: random.Random) -> Country:
    return rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]


def _slug(text: str) -> str:
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isalnum())


def draw_family(rng: random.Random, family_no: int, spec: WorldSpec, seq: Sequences) -> list[Company]:
    """One top-level company and, for groups, its subsidiaries and business units (parents first)."""
    brand = brand_name(family_no)
    industry = _weighted(rng, INDUSTRY_WEIGHTS)
    home = _country(rng)
    is_group = rng.random() < spec.group_share
    created = rng.randint(spec.start_ms - 3 * 365 * DAY_MS, spec.now_ms - 60 * DAY_MS)
    descriptor = rng.choice(DESCRIPTORS[industry]) if rng.random() < 0.5 else None
    base = f"{brand} {descriptor}" if descriptor else brand
    legal = rng.choice(home.legal_forms)
    tld = "com" if home.code == "US" or rng.random() < 0.45 else home.tld
    if industry == "software" and rng.random() < 0.15:
        tld = rng.choice(("io", "ai"))
    domain = f"{_slug(base)}.{tld}"
    domains = [domain]
    if rng.random() < 0.2:
        domains.append(
            f"{_slug(brand)}-group.com"
            if tld != "com"
            else f"{_slug(brand)}.{home.tld if home.tld != 'com' else 'net'}"
        )
    employees = int(rng.lognormvariate(10.0 if is_group else 4.3, 0.9 if is_group else 1.1)) + 2
    top = Company(
        company_id=seq.truth("company"),
        name=f"{base} {legal}",
        brand=brand,
        legal_form=legal,
        country=home,
        city=rng.choice(home.cities),
        industry=industry,
        employees=employees,
        annual_revenue=employees * rng.randint(80_000, 260_000),
        domains=domains,
        email_domain=domain,
        parent=None,
        ultimate_parent_id=0,
        depth=0,
        kind="group" if is_group else "standalone",
        created_ms=created,
    )
    top.ultimate_parent_id = top.company_id
    family = [top]
    if is_group:
        family.extend(_subsidiaries(rng, top, base, seq))
    return family


def _subsidiaries(rng: random.Random, top: Company, base: str, seq: Sequences) -> list[Company]:
    """Country subsidiaries (own legal entity, often a country domain) and business units (shared domain)."""
    members: list[Company] = []
    # Two units of one family never share a name: "Kaelis Analytics" twice in one country would be
    # two companies no record could tell apart, and the truth would contradict itself.
    units = list(BUSINESS_UNITS)
    others = [c for c in COUNTRIES if c.code != top.country.code]
    for country in rng.sample(others, k=min(len(others), rng.choice((1, 2, 2, 3, 4, 6)))):
        own_domain = rng.random() < 0.65
        domain = f"{_slug(base)}.{country.tld}" if own_domain else top.email_domain
        legal = rng.choice(country.legal_forms)
        employees = max(5, top.employees // rng.randint(5, 30))
        sub = Company(
            company_id=seq.truth("company"),
            name=f"{base} {country.local_name} {legal}",
            brand=top.brand,
            legal_form=legal,
            country=country,
            city=rng.choice(country.cities),
            industry=top.industry,
            employees=employees,
            annual_revenue=employees * rng.randint(80_000, 260_000),
            domains=[domain],
            email_domain=domain,
            parent=top,
            ultimate_parent_id=top.company_id,
            depth=1,
            kind="subsidiary",
            created_ms=top.created_ms + rng.randint(0, 400) * DAY_MS,
        )
        members.append(sub)
        if rng.random() < 0.25:
            members.append(_business_unit(rng, sub, base, seq, units))
    for _ in range(rng.choice((0, 0, 1, 2))):
        members.append(_business_unit(rng, top, base, seq, units))
    return members


def _business_unit(rng: random.Random, parent: Company, base: str, seq: Sequences, units: list[str]) -> Company:
    """A unit named by one of the family's ``units`` not yet taken (taken from it here)."""
    unit = units.pop(rng.randrange(len(units)))
    own_domain = rng.random() < 0.3
    domain = f"{_slug(base)}{unit.lower()}.com" if own_domain else parent.email_domain
    employees = max(5, parent.employees // rng.randint(3, 10))
    return Company(
        company_id=seq.truth("company"),
        name=f"{base} {unit}",
        brand=parent.brand,
        legal_form=None,
        country=parent.country,
        city=parent.city,
        industry=parent.industry,
        employees=employees,
        annual_revenue=employees * rng.randint(80_000, 260_000),
        domains=[domain] if own_domain else [],
        email_domain=domain,
        parent=parent,
        ultimate_parent_id=parent.ultimate_parent_id,
        depth=parent.depth + 1,
        kind="business_unit",
        created_ms=parent.created_ms + rng.randint(0, 200) * DAY_MS,
    )


def headcount(rng: random.Random, company: Company, spec: WorldSpec) -> int:
    """People we know at a company: more at bigger ones, at least one."""
    size_factor = min(2.5, max(0.4, len(str(company.employees)) / 2.5))
    mean = spec.people_per_company * size_factor
    return max(1, int(rng.gauss(mean, mean / 3)))


def draw_person(rng: random.Random, company: Company, seq: Sequences, created_ms: int, taken: set[str]) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    persona = rng.choices(PERSONAS, weights=[p.weight for p in PERSONAS])[0]
    f, lname = _slug(first), _slug(last)
    pattern = (company.company_id * 2654435761) % 4
    local = (f"{f}.{lname}", f"{f[0]}{lname}", f"{f}{lname[0]}", f"{f}_{lname}")[pattern]
    candidate, n = local, 1
    while f"{candidate}@{company.email_domain}" in taken:
        n += 1
        candidate = f"{local}{n}"
    work_email = f"{candidate}@{company.email_domain}"
    taken.add(work_email)
    personal = f"{f}.{lname}{rng.randint(1, 999)}@{rng.choice(FREE_MAIL_DOMAINS)}" if rng.random() < 0.35 else None
    country = company.country if rng.random() < 0.9 else _country(rng)
    phone = f"{country.phone_prefix} {rng.randint(100, 999)} {rng.randint(100_000, 9_999_999)}"
    return Person(
        person_id=seq.truth("person"),
        company=company,
        first_name=first,
        last_name=last,
        title=rng.choice(persona.titles),
        persona=persona,
        work_email=work_email,
        personal_email=personal,
        phone=phone,
        country=country.code,
        created_ms=created_ms,
    )


def country_of(code: str) -> Country:
    return COUNTRY_BY_CODE[code]
