"""Timestamps in each service's own text format; the store keeps epoch milliseconds beside them."""

from __future__ import annotations

from datetime import UTC, datetime


def _dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def salesforce_datetime(ms: int) -> str:
    return _dt(ms).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}+0000"


def hubspot_datetime(ms: int) -> str:
    return _dt(ms).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def zendesk_datetime(ms: int) -> str:
    return _dt(ms).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(ms: int) -> str:
    return _dt(ms).strftime("%Y-%m-%d")


def to_second(ms: int) -> int:
    """Salesforce and Zendesk show whole seconds; the stored cursor must agree with what is shown."""
    return ms - ms % 1000
