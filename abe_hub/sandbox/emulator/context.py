"""What every emulator route shares: the world, the tokens, the faults to inject and the request log."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from abe_hub.sandbox.store import WorldStore

SALESFORCE, HUBSPOT, ZENDESK = "salesforce", "hubspot", "zendesk"


@dataclass(frozen=True)
class Tokens:
    """The credentials the emulators accept. Sandbox-only values: they open nothing real."""

    salesforce: str = "sandbox-salesforce-session"
    hubspot: str = "sandbox-hubspot-token"
    zendesk_email: str = "sandbox@example.com"
    zendesk: str = "sandbox-zendesk-token"


@dataclass(frozen=True)
class FaultConfig:
    """Per-run fault injection. Rates are probabilities per request, drawn from a seeded stream.

    ``rate_limit`` gives each service's own rate-limit answer (HubSpot / Zendesk 429 with
    Retry-After, Salesforce 503 SERVER_UNAVAILABLE, as Salesforce has no 429 on REST);
    ``quota`` gives Salesforce's daily-quota 403 REQUEST_LIMIT_EXCEEDED (the others get a daily 429);
    ``server_error`` a 500/502/503; ``slow`` delays the answer by ``slow_seconds``; ``drop`` sends a
    truncated body and closes the connection.
    """

    rate_limit: float = 0.0
    quota: float = 0.0
    server_error: float = 0.0
    slow: float = 0.0
    drop: float = 0.0
    slow_seconds: float = 1.0
    retry_after_seconds: int = 1
    seed: int = 0

    @property
    def any(self) -> bool:
        return any((self.rate_limit, self.quota, self.server_error, self.slow, self.drop))


@dataclass(frozen=True)
class Limits:
    """Page sizes and quotas, as the real services set them."""

    salesforce_batch_size: int = 2000
    salesforce_daily_requests: int = 1_000_000
    hubspot_max_page: int = 100
    hubspot_search_cap: int = 10_000
    zendesk_export_page: int = 1000


@dataclass
class RequestLogEntry:
    system: str
    method: str
    path: str
    status: int = 0
    object: str | None = None
    records: int = 0
    fault: str | None = None


@dataclass
class EmulatorContext:
    """State shared by the routes of one emulator app."""

    store: WorldStore
    tokens: Tokens = field(default_factory=Tokens)
    faults: FaultConfig = field(default_factory=FaultConfig)
    limits: Limits = field(default_factory=Limits)
    log: list[RequestLogEntry] = field(default_factory=list)
    cursors: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cursor_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    salesforce_requests: int = 0
    search_totals: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def new_cursor(self, state: Any) -> str:
        """Remember server-side paging state (a Salesforce query locator) and name it."""
        with self._lock:
            key = f"{next(self._cursor_ids):09d}"
            self.cursors[key] = state
        return key

    def search_total(self, key: tuple[Any, ...], count: Callable[[], int]) -> int:
        """A search's ``total``, counted once per query and world version.

        HubSpot reports the full match count on every page; counting it again for each page of a
        1M-record window made the emulator, not the client, the cost of a large sync. The key must
        carry the world's version so a change in the world is counted afresh.
        """
        with self._lock:
            if key not in self.search_totals:
                if len(self.search_totals) > 1024:
                    self.search_totals.clear()
                self.search_totals[key] = count()
            return self.search_totals[key]

    def records_served(self, system: str | None = None, obj: str | None = None) -> int:
        """How many records the emulator has handed out: what an incremental sync should keep small."""
        return sum(
            e.records
            for e in list(self.log)
            if (system is None or e.system == system) and (obj is None or e.object == obj)
        )

    def reset_log(self) -> None:
        self.log.clear()


def system_of(path: str) -> str | None:
    if path.startswith("/services/"):
        return SALESFORCE
    if path.startswith(("/crm/", "/properties/", "/owners/")):
        return HUBSPOT
    if path.startswith("/api/v2/"):
        return ZENDESK
    return None
