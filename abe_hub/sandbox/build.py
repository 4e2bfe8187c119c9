"""Shared state while records are being made: randomness, id sequences, owners and the sink."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from abe_hub.sandbox.ids import Sequences
from abe_hub.sandbox.sink import Sink
from abe_hub.sandbox.spec import DAY_MS, WorldSpec


@dataclass
class Pools:
    """People on the vendor's side that records point at: CRM users, HubSpot owners, support agents."""

    salesforce_users: dict[str, list[str]] = field(default_factory=dict)
    hubspot_owners: list[str] = field(default_factory=list)
    zendesk_agents: list[int] = field(default_factory=list)
    campaigns: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Build:
    spec: WorldSpec
    seq: Sequences
    sink: Sink
    pools: Pools
    rng: random.Random
    now_ms: int
    floor_ms: int = 0

    def stamp(self, created_ms: int, modified_ms: int) -> tuple[int, int]:
        """Keep a record's times inside the window being generated (history, or one advanced day)."""
        created = min(max(created_ms, self.floor_ms), self.now_ms)
        return created, min(max(modified_ms, created), self.now_ms)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, lo_ms: int, hi_ms: int) -> int:
        """A moment in [lo, hi], or hi when the window is empty."""
        return hi_ms if hi_ms <= lo_ms else self.rng.randint(lo_ms, hi_ms)

    def edited(self, created_ms: int, share: float = 0.3) -> int:
        """When a record was last touched: untouched since creation, or edited once since."""
        return self.between(created_ms, self.now_ms) if self.chance(share) else created_ms

    def poisson(self, mean: float) -> int:
        if mean <= 0:
            return 0
        if mean > 30:
            return max(0, int(self.rng.gauss(mean, math.sqrt(mean)) + 0.5))
        limit, k, p = math.exp(-mean), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def owner(self, role: str) -> str:
        return self.rng.choice(self.pools.salesforce_users[role])

    @property
    def launch_ms(self) -> int:
        return self.spec.now_ms - self.spec.program_launch_days_ago * DAY_MS
