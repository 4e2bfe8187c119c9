"""The real client libraries, pointed at an emulator: the same objects the connectors use in production.

simple-salesforce always builds ``https://`` URLs from the instance, so for a plain-http loopback
emulator its session gets an adapter that sends those requests over http instead. Nothing else
about the client changes: its URL building, query paging and error handling all run for real.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from hubspot import HubSpot
from requests.adapters import HTTPAdapter

from abe_hub.sandbox.emulator.context import Tokens
from connectors.salesforce import SalesforceClient


class PlainHttpAdapter(HTTPAdapter):
    """Sends ``https://host:port/...`` requests to ``http://host:port/...`` (loopback emulators only)."""

    def send(self, request: requests.PreparedRequest, *args, **kwargs) -> requests.Response:  # type: ignore[override]
        if request.url and request.url.startswith("https://"):
            request.url = "http://" + request.url[len("https://") :]
        return super().send(request, *args, **kwargs)


def loopback_session(base_url: str) -> requests.Session:
    """A requests session that reaches a plain-http emulator through simple-salesforce's https URLs."""
    netloc = urlsplit(base_url).netloc
    session = requests.Session()
    session.mount(f"https://{netloc}", PlainHttpAdapter())
    return session


def salesforce_client(base_url: str, session_id: str = Tokens.salesforce) -> SalesforceClient:
    return SalesforceClient(
        instance_url=base_url,
        session_id=session_id,
        session=loopback_session(base_url),
    )


def hubspot_client(base_url: str, access_token: str = Tokens.hubspot, **kwargs) -> HubSpot:
    return HubSpot(access_token=access_token, host=base_url, **kwargs)


def zendesk_session(email: str = Tokens.zendesk_email, token: str = Tokens.zendesk) -> requests.Session:
    session = requests.Session()
    session.auth = (f"{email}/token", token)
    return session
