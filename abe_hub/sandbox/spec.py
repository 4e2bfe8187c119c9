"""How big and how messy a generated world is. Same spec, same seed: the same world, byte for byte."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime

DAY_MS = 86_400_000


@dataclass(frozen=True)
class WorldSpec:
    """Parameters of a world. Volumes are means; the generator draws around them.

    ``companies`` counts every legal entity and business unit, subsidiaries included. Shares say
    how much of the world each system sees; the rest of the knobs are the messiness rates that
    identity resolution and validation are measured against.
    """

    seed: int = 42
    companies: int = 600
    people_per_company: float = 5.0
    activities_per_person: float = 5.0
    tickets_per_company: float = 1.0
    now: str = "2026-11-01T00:00:00Z"
    history_days: int = 730
    program_launch_days_ago: int = 180
    group_share: float = 0.12
    customer_share: float = 0.2
    salesforce_share: float = 0.7
    hubspot_share: float = 0.75
    salesforce_duplicate_share: float = 0.04
    hubspot_duplicate_contact_share: float = 0.01
    defect_share: float = 0.01
    daily_change_share: float = 0.003

    @property
    def now_ms(self) -> int:
        return int(datetime.fromisoformat(self.now.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000)

    @property
    def start_ms(self) -> int:
        return self.now_ms - self.history_days * DAY_MS

    def with_(self, **changes: object) -> WorldSpec:
        return dataclasses.replace(self, **changes)


PRESETS: dict[str, WorldSpec] = {
    "tiny": WorldSpec(companies=120, activities_per_person=3.0),
    "default": WorldSpec(),
    "medium": WorldSpec(companies=20_000, defect_share=0.003),
    "large": WorldSpec(companies=200_000, defect_share=0.002),
}


def preset(name: str, **overrides: object) -> WorldSpec:
    try:
        spec = PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown world preset {name!r}; choose one of {', '.join(PRESETS)}") from None
    return spec.with_(**overrides) if overrides else spec
