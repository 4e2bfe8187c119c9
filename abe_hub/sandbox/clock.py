"""Timestamps in each service's own text format; the store keeps epoch milliseconds beside them.

Formatting is on the generator's hot path (several timestamps per record, millions of records),
so the date part is cached per day and the time part is plain arithmetic rather than strftime.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_MS = 86_400_000


@lru_cache(maxsize=8192)
def _date(day: int) -> str:
    return (_EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")


def _clock(ms: int) -> str:
    day, rest = divmod(ms, _DAY_MS)
    seconds = rest // 1000
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{_date(day)}T{hours:02d}:{minutes:02d}:{seconds:02d}"


def salesforce_datetime(ms: int) -> str:
    return f"{_clock(ms)}.{ms % 1000:03d}+0000"


def hubspot_datetime(ms: int) -> str:
    return f"{_clock(ms)}.{ms % 1000:03d}Z"


def zendesk_datetime(ms: int) -> str:
    return f"{_clock(ms)}Z"


def iso_date(ms: int) -> str:
    return _date(ms // _DAY_MS)


def to_second(ms: int) -> int:
    """Salesforce and Zendesk show whole seconds; the stored cursor must agree with what is shown."""
    return ms - ms % 1000
