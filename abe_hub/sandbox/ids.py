"""Record ids in each service's own format, allocated from persistent sequences.

Salesforce ids are real 18-character ids (key prefix, pod, sequence, case-safe checksum), so a
connector or a resolver that parses them sees what it would see in production.
"""

from __future__ import annotations

import string

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_CHECKSUM = string.ascii_uppercase + "012345"

SALESFORCE_PREFIX = {
    "Account": "001",
    "Contact": "003",
    "Lead": "00Q",
    "Opportunity": "006",
    "OpportunityContactRole": "00K",
    "Campaign": "701",
    "CampaignMember": "00v",
    "Task": "00T",
    "Event": "00U",
    "User": "005",
}
HUBSPOT_BASE = 10_000_000_000
ZENDESK_BASE = 10_000_000


def salesforce_checksum(id15: str) -> str:
    """The 3-character suffix that makes a 15-character id case-insensitively unique."""
    suffix = ""
    for block in (id15[0:5], id15[5:10], id15[10:15]):
        bits = sum(1 << i for i, ch in enumerate(block) if ch.isupper())
        suffix += _CHECKSUM[bits]
    return suffix


def salesforce_id(obj: str, n: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, 62)
        digits = _BASE62[r] + digits
    id15 = SALESFORCE_PREFIX[obj] + "5g" + digits.rjust(10, "0")
    return id15 + salesforce_checksum(id15)


class Sequences:
    """Next number per (system, object); saved in the world's meta table between runs."""

    def __init__(self, state: dict[str, int] | None = None) -> None:
        self.state: dict[str, int] = dict(state or {})

    def next(self, key: str) -> int:
        value = self.state.get(key, 0) + 1
        self.state[key] = value
        return value

    def salesforce(self, obj: str) -> str:
        return salesforce_id(obj, self.next(f"salesforce.{obj}"))

    def hubspot(self, obj: str) -> str:
        return str(HUBSPOT_BASE + self.next(f"hubspot.{obj}"))

    def zendesk(self, obj: str) -> int:
        return ZENDESK_BASE + self.next(f"zendesk.{obj}")

    def truth(self, kind: str) -> int:
        return self.next(f"truth.{kind}")
