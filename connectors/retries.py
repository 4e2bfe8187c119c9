"""Retries shared by the connectors: honour the service's Retry-After, back off on 5xx, and stop at
once on errors that waiting will not fix (a spent daily quota, a bad token).

Status-level retries live in urllib3 (mounted on the client's session) because it already reads
Retry-After; what urllib3 cannot retry, a body cut off mid-read (read after urllib3 handed the response over),
is retried per page with tenacity.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)


def status_retry(total: int = 8, backoff: float = 0.5) -> Retry:
    """urllib3 retry for rate limits and server errors, on every method (HubSpot search is a POST)."""
    return Retry(
        total=total,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,
        respect_retry_after_header=True,
        backoff_factor=backoff,
        raise_on_status=False,
    )


def mount_retries(session: requests.Session, total: int = 8, backoff: float = 0.5) -> requests.Session:
    """Give every adapter of a requests session the status retry (simple-salesforce, Zendesk)."""
    for adapter in session.adapters.values():
        if isinstance(adapter, HTTPAdapter):
            adapter.max_retries = status_retry(total, backoff)
    return session


transient = retry(
    retry=retry_if_exception_type(
        (
            requests.exceptions.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.Timeout,
            ProtocolError,
            ReadTimeoutError,
        )
    ),
    wait=wait_exponential(multiplier=0.2, max=10),
    stop=stop_after_attempt(8),
    reraise=True,
)
