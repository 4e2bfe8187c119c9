"""Credentials and endpoints of the source systems, as Dagster resources.

Secrets come from the environment (``EnvVar`` in ``definitions.py``) and are only ever handed to
the client libraries. A source left without a base URL is served by the sandbox instead: the
asset starts the emulator for the length of its run, so a fresh clone and the UI work with no
credentials at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from dagster import ConfigurableResource
from hubspot import HubSpot

from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.emulator.context import Tokens
from abe_hub.sandbox.server import EmulatorServer, emulator_process
from connectors.retries import mount_retries, status_retry
from connectors.salesforce import SalesforceClient
from resources.sandbox import SandboxResource


@contextmanager
def _endpoint(base_url: str | None, sandbox: SandboxResource) -> Iterator[tuple[str, bool]]:
    """(base URL, is it the sandbox): the configured service, or an emulator started for this run."""
    if base_url:
        yield base_url, False
        return
    store = sandbox.open()
    if sandbox.separate_process:
        store.close()
        with emulator_process(sandbox.world_path) as url:
            yield url, True
        return
    with EmulatorServer(store) as server:
        yield server.url, True


class SalesforceResource(ConfigurableResource):
    instance_url: str | None = None
    session_id: str | None = None

    @contextmanager
    def connect(self, sandbox: SandboxResource) -> Iterator[SalesforceClient]:
        with _endpoint(self.instance_url, sandbox) as (url, is_sandbox):
            if is_sandbox:
                client = salesforce_client(url)
            elif url.startswith("http://"):
                client = salesforce_client(url, session_id=self.session_id or "")
            else:
                client = SalesforceClient(instance_url=url, session_id=self.session_id or "")
            mount_retries(client.session)
            yield client


class HubSpotResource(ConfigurableResource):
    base_url: str | None = None
    access_token: str | None = None

    @contextmanager
    def connect(self, sandbox: SandboxResource) -> Iterator[HubSpot]:
        with _endpoint(self.base_url, sandbox) as (url, is_sandbox):
            token = Tokens.hubspot if is_sandbox else self.access_token or ""
            yield hubspot_client(url, access_token=token, retry=status_retry())


class ZendeskResource(ConfigurableResource):
    base_url: str | None = None
    email: str | None = None
    api_token: str | None = None

    @contextmanager
    def connect(self, sandbox: SandboxResource) -> Iterator[tuple[requests.Session, str]]:
        with _endpoint(self.base_url, sandbox) as (url, is_sandbox):
            session = zendesk_session() if is_sandbox else zendesk_session(self.email or "", self.api_token or "")
            yield session, url
