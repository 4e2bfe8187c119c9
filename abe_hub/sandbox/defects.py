"""Bad input, planted on purpose and written down in ``truth_defect``.

Real CRMs hold malformed emails, impossible amounts, dates decades ahead, parent links to records
that no longer exist (or that loop), invisible unicode and pasted-in essays. Validation is
measured by whether each planted defect ends in quarantine with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from abe_hub.sandbox.build import Build
from abe_hub.sandbox.ids import salesforce_id
from abe_hub.sandbox.truth import Company

SF = "salesforce"


def _records_of(b: Build, system: str, obj: str, company_ids: set[int]) -> list[str]:
    sink = b.sink
    wanted = {
        rid
        for s, o, rid, cid, _pid, _m in sink.truth_records[sink.family_truth_start :]
        if s == system and o == obj and cid in company_ids
    }
    return [row[2] for row in sink.records[sink.family_start :] if row[1] == obj and row[2] in wanted]


def _field(b: Build, system: str, obj: str, rid: str, name: str) -> Any:
    for row in reversed(b.sink.records[b.sink.family_start :]):
        if row[0] == system and row[1] == obj and row[2] == rid:
            return orjson.loads(row[7]).get(name)
    return None


def _plant(b: Build, system: str, obj: str, rid: str, field_name: str, kind: str, value: Any) -> None:
    if b.sink.amend(system, obj, rid, {field_name: value}):
        b.sink.defect(system, obj, rid, field_name, kind)


def _invalid_email(b: Build, ids: set[int], _accounts: dict[int, list[str]]) -> None:
    obj = b.rng.choice(("Lead", "Contact"))
    for rid in _records_of(b, SF, obj, ids)[:1]:
        email = _field(b, SF, obj, rid, "Email") or "someone@example.com"
        _plant(b, SF, obj, rid, "Email", "invalid_email", email.replace("@", b.rng.choice(("@@", " at ", ""))))


def _impossible_amount(b: Build, ids: set[int], _accounts: dict[int, list[str]]) -> None:
    for rid in _records_of(b, SF, "Opportunity", ids)[:1]:
        _plant(b, SF, "Opportunity", rid, "Amount", "impossible_amount", b.rng.choice((-25_000.0, 9.9e13)))


def _future_date(b: Build, ids: set[int], accounts: dict[int, list[str]]) -> None:
    for rid in [a for cid in ids for a in accounts.get(cid, [])][:1]:
        _plant(b, SF, "Account", rid, "Customer_Since__c", "future_date", "2099-12-31")


def _broken_parent(b: Build, ids: set[int], accounts: dict[int, list[str]]) -> None:
    for rid in [a for cid in ids for a in accounts.get(cid, [])][:1]:
        missing = salesforce_id("Account", 3_500_000_000 + b.rng.randint(0, 10**8))
        _plant(b, SF, "Account", rid, "ParentId", "broken_parent", missing)


def _unicode_junk(b: Build, ids: set[int], accounts: dict[int, list[str]]) -> None:
    for rid in [a for cid in ids for a in accounts.get(cid, [])][:1]:
        name = _field(b, SF, "Account", rid, "Name") or ""
        _plant(b, SF, "Account", rid, "Name", "unicode_junk", f"\u200b{name}\u202e 🚀\x00")


def _long_string(b: Build, ids: set[int], _accounts: dict[int, list[str]]) -> None:
    for rid in _records_of(b, SF, "Lead", ids)[:1]:
        _plant(b, SF, "Lead", rid, "Title", "long_string", "Head of Strategic Initiatives and " * 180)


DEFECTS: tuple[Callable[[Build, set[int], dict[int, list[str]]], None], ...] = (
    _invalid_email,
    _impossible_amount,
    _future_date,
    _broken_parent,
    _unicode_junk,
    _long_string,
)


def _parent_cycle(b: Build, family: list[Company], accounts: dict[int, list[str]]) -> None:
    """A group whose top account names one of its own subsidiaries as parent: a loop to detect."""
    top, children = family[0], [c for c in family[1:] if c.parent is family[0] and accounts.get(c.company_id)]
    if accounts.get(top.company_id) and children:
        child_account = accounts[b.rng.choice(children).company_id][0]
        _plant(b, SF, "Account", accounts[top.company_id][0], "ParentId", "parent_cycle", child_account)


def inject_defects(b: Build, family: list[Company], accounts: dict[int, list[str]]) -> None:
    if not b.chance(b.spec.defect_share * len(DEFECTS) * 2):
        return
    ids = {c.company_id for c in family}
    if len(family) > 1 and b.chance(0.3):
        _parent_cycle(b, family, accounts)
        return
    b.rng.choice(DEFECTS)(b, ids, accounts)
