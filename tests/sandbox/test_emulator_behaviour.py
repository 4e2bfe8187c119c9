"""Each emulator answers errors, limits, bad tokens and injected faults as the real service does,
observed through the real client libraries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import urllib3
from hubspot.crm.companies import ApiException as CompaniesError
from hubspot.crm.contacts import ApiException, PublicObjectSearchRequest
from hubspot.crm.objects import ApiException as ObjectsError
from requests.adapters import HTTPAdapter
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)
from urllib3.util import Retry

from abe_hub.sandbox import advance
from abe_hub.sandbox.clients import hubspot_client, salesforce_client, zendesk_session
from abe_hub.sandbox.emulator.context import FaultConfig, Limits
from abe_hub.sandbox.server import EmulatorServer
from abe_hub.sandbox.store import WorldStore

EXPORT = "/api/v2/incremental/tickets/cursor.json"


@pytest.fixture(scope="module")
def served(tiny_world_path: Path) -> Iterator[EmulatorServer]:
    with EmulatorServer(tiny_world_path) as server:
        yield server


def _faulty(world: Path, **faults: float) -> EmulatorServer:
    return EmulatorServer(world, faults=FaultConfig(slow_seconds=1.0, retry_after_seconds=0, seed=5, **faults))


# -- Salesforce -----------------------------------------------------------------------------------
def test_salesforce_errors_have_salesforce_codes(served: EmulatorServer) -> None:
    sf = salesforce_client(served.url)
    for soql, code in (
        ("SELECT Id FROM", "MALFORMED_QUERY"),
        ("SELECT Nope FROM Account", "INVALID_FIELD"),
        ("SELECT Id FROM Nope", "INVALID_TYPE"),
    ):
        with pytest.raises(SalesforceMalformedRequest) as error:
            sf.query(soql)
        assert error.value.content[0]["errorCode"] == code
    with pytest.raises(SalesforceMalformedRequest) as error:
        sf.query_more("01g999999-2000")
    assert error.value.content[0]["errorCode"] == "INVALID_QUERY_LOCATOR"
    with pytest.raises(SalesforceResourceNotFound):
        sf.restful("sobjects/Nope/describe")


def test_salesforce_batch_size_limit_and_filters(served: EmulatorServer) -> None:
    store, sf = served.store, salesforce_client(served.url)
    first = sf.query("SELECT Id FROM Task", headers={"Sforce-Query-Options": "batchSize=200"})
    assert len(first["records"]) == 200 and not first["done"]
    everything = list(sf.query_all_iter("SELECT Id FROM Task", headers={"Sforce-Query-Options": "batchSize=200"}))
    assert len(everything) == store.count("salesforce", "Task") > 600
    limited = list(
        sf.query_all_iter(
            "SELECT Id FROM Task ORDER BY SystemModstamp LIMIT 450", headers={"Sforce-Query-Options": "batchSize=200"}
        )
    )
    assert len(limited) == 450
    regions = {
        r["Region__c"]
        for r in sf.query_all("SELECT Region__c FROM Account WHERE Region__c IN ('EMEA', 'APAC')")["records"]
    }
    assert regions <= {"EMEA", "APAC"} and regions
    names = sf.query_all("SELECT Name FROM Account WHERE Name LIKE 'K%' OR Name LIKE 'k%'")["records"]
    assert all(r["Name"][0] in "Kk" for r in names)


def test_salesforce_describe_and_global_describe(served: EmulatorServer) -> None:
    sf = salesforce_client(served.url)
    names = {o["name"] for o in sf.describe()["sobjects"]}
    assert {
        "Account",
        "Contact",
        "Lead",
        "Opportunity",
        "OpportunityContactRole",
        "Campaign",
        "CampaignMember",
        "Task",
        "Event",
        "User",
    } <= names
    fields = {f["name"]: f for f in sf.Account.describe()["fields"]}
    assert fields["Region__c"]["custom"] and fields["Region__c"]["picklistValues"]
    assert fields["ParentId"]["referenceTo"] == ["Account"] and fields["OwnerId"]["referenceTo"] == ["User"]


def test_salesforce_deleted_window_rules(served: EmulatorServer) -> None:
    sf = salesforce_client(served.url)
    now = datetime.fromtimestamp(served.store.now_ms / 1000, tz=UTC)
    assert sf.Lead.deleted(now - timedelta(days=2), now)["deletedRecords"] == []
    with pytest.raises(SalesforceMalformedRequest) as error:
        sf.Lead.deleted(now - timedelta(days=40), now)
    assert error.value.content[0]["errorCode"] == "INVALID_REPLICATION_DATE"


def test_salesforce_wrong_session_and_daily_quota(tiny_world_path: Path) -> None:
    with EmulatorServer(tiny_world_path, limits=Limits(salesforce_daily_requests=2)) as server:
        with pytest.raises(SalesforceExpiredSession) as error:
            salesforce_client(server.url, session_id="wrong").query("SELECT Id FROM Account")
        assert error.value.content[0]["errorCode"] == "INVALID_SESSION_ID"
        sf = salesforce_client(server.url)
        sf.query("SELECT Id FROM Account")
        sf.query("SELECT Id FROM Account")
        assert sf.api_usage["api-usage"].used == 2
        with pytest.raises(SalesforceRefusedRequest) as error:
            sf.query("SELECT Id FROM Account")
        assert error.value.content[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("quota", SalesforceRefusedRequest),
        ("rate_limit", SalesforceGeneralError),
        ("server_error", SalesforceGeneralError),
        ("slow", requests.exceptions.ReadTimeout),
        ("drop", requests.exceptions.ChunkedEncodingError),
    ],
)
def test_salesforce_faults_as_the_client_sees_them(tiny_world_path: Path, fault: str, expected: type) -> None:
    with _faulty(tiny_world_path, **{fault: 1.0}) as server, pytest.raises(expected) as error:
        salesforce_client(server.url).query("SELECT Id FROM Account", timeout=0.3)
    if fault == "quota":
        assert error.value.content[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    if fault == "rate_limit":
        assert error.value.status == 503 and error.value.content[0]["errorCode"] == "SERVER_UNAVAILABLE"
    if fault == "server_error":
        assert error.value.status in (500, 502, 503)


# -- HubSpot ------------------------------------------------------------------------------------
def _search(limit: int, after: int) -> PublicObjectSearchRequest:
    return PublicObjectSearchRequest(
        sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}], limit=limit, after=str(after)
    )


def test_hubspot_search_cap_page_limit_and_url_length(tiny_world_path: Path) -> None:
    with EmulatorServer(tiny_world_path, limits=Limits(hubspot_search_cap=300)) as server:
        hs = hubspot_client(server.url)
        page = hs.crm.contacts.search_api.do_search(public_object_search_request=_search(100, 200))
        assert len(page.results) == 100 and page.total > 300
        with pytest.raises(ApiException) as error:
            hs.crm.contacts.search_api.do_search(public_object_search_request=_search(100, 250))
        assert error.value.status == 400 and "at most 300 results" in error.value.body
        with pytest.raises(ApiException) as error:
            hs.crm.contacts.basic_api.get_page(limit=101)
        assert error.value.status == 400
        with pytest.raises(ApiException) as error:
            hs.crm.contacts.basic_api.get_page(limit=10, properties=[f"property_{i}" for i in range(300)])
        assert error.value.status == 414


def test_hubspot_search_filters_and_archived(served: EmulatorServer) -> None:
    store, hs = served.store, hubspot_client(served.url)
    request = PublicObjectSearchRequest(
        filter_groups=[{"filters": [{"propertyName": "lifecyclestage", "operator": "EQ", "value": "customer"}]}],
        properties=["lifecyclestage"],
        limit=100,
    )
    found = hs.crm.companies.search_api.do_search(public_object_search_request=request)
    expected = [r.id for r in store.iter_records("hubspot", "companies") if r.body["lifecyclestage"] == "customer"]
    assert found.total == len(expected) and {r.properties["lifecyclestage"] for r in found.results} == {"customer"}
    with pytest.raises(ObjectsError) as error:
        hs.crm.objects.basic_api.get_page(object_type="widgets")
    assert error.value.status == 400 and "Unable to infer object type" in error.value.body


def test_hubspot_search_pages_follow_any_sort_in_both_directions(served: EmulatorServer) -> None:
    """Pages are chosen on the sort keys, then joined to their records: the records must come back in
    the sort's order, a property's (not indexed) or the stamp's, descending as well as ascending."""
    store, hs = served.store, hubspot_client(served.url)
    companies = list(store.iter_records("hubspot", "companies"))
    by_name = sorted(companies, key=lambda r: r.id)
    by_name = sorted(by_name, key=lambda r: r.body.get("name") or "", reverse=True)
    newest_first = sorted(sorted(companies, key=lambda r: r.id), key=lambda r: r.modified_ms, reverse=True)
    for sort, expected in (("name", by_name), ("hs_lastmodifieddate", newest_first)):
        seen: list[str] = []
        while len(seen) < len(companies):
            request = PublicObjectSearchRequest(
                sorts=[{"propertyName": sort, "direction": "DESCENDING"}], limit=37, after=str(len(seen))
            )
            seen += [r.id for r in hs.crm.companies.search_api.do_search(public_object_search_request=request).results]
        assert seen == [r.id for r in expected], sort


def test_hubspot_search_total_is_counted_afresh_after_the_world_changes(mutable_world: WorldStore) -> None:
    """The emulator counts a search's total once per query; a change in the world must not leave it stale."""
    store = mutable_world
    request = PublicObjectSearchRequest(
        filter_groups=[{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": "0"}]}],
        limit=10,
    )

    def live_contacts() -> int:
        sql = "SELECT count(*) FROM records WHERE system = 'hubspot' AND object = 'contacts' AND deleted = 0"
        return store.con.execute(sql).fetchone()[0]

    with EmulatorServer(store) as server:
        hs = hubspot_client(server.url)
        before = live_contacts()
        assert hs.crm.contacts.search_api.do_search(public_object_search_request=request).total == before
        advance(store, 2, change_share=0.02)
        assert live_contacts() != before, "the day must create or archive contacts"
        assert hs.crm.contacts.search_api.do_search(public_object_search_request=request).total == live_contacts()


def test_hubspot_wrong_token(served: EmulatorServer) -> None:
    with pytest.raises(CompaniesError) as error:
        hubspot_client(served.url, access_token="wrong").crm.companies.basic_api.get_page()
    assert error.value.status == 401 and "INVALID_AUTHENTICATION" in error.value.body


@pytest.mark.parametrize(("fault", "status", "policy"), [("rate_limit", 429, "SECONDLY"), ("quota", 429, "DAILY")])
def test_hubspot_rate_limits_as_the_client_sees_them(
    tiny_world_path: Path, fault: str, status: int, policy: str
) -> None:
    with _faulty(tiny_world_path, **{fault: 1.0}) as server, pytest.raises(CompaniesError) as error:
        hubspot_client(server.url, retry=Retry(total=0)).crm.companies.basic_api.get_page()
    assert error.value.status == status and f'"policyName":"{policy}"' in error.value.body
    assert error.value.headers["Retry-After"] == "0" and error.value.headers["X-HubSpot-RateLimit-Max"]


@pytest.mark.parametrize("fault", ["server_error", "slow", "drop"])
def test_hubspot_transport_faults_as_the_client_sees_them(tiny_world_path: Path, fault: str) -> None:
    with _faulty(tiny_world_path, **{fault: 1.0}) as server:
        hs = hubspot_client(server.url, retry=Retry(total=0))
        if fault == "server_error":
            with pytest.raises(CompaniesError) as error:
                hs.crm.companies.basic_api.get_page()
            assert error.value.status in (500, 502, 503)
            return
        with pytest.raises(urllib3.exceptions.HTTPError) as error:
            hs.crm.companies.basic_api.get_page(_request_timeout=0.3)
        expected = urllib3.exceptions.ReadTimeoutError if fault == "slow" else urllib3.exceptions.ProtocolError
        assert isinstance(error.value, expected) or isinstance(getattr(error.value, "reason", None), expected)


def test_hubspot_client_with_retries_survives_rate_limits_on_get_and_post_search(
    tiny_world_path: Path, served: EmulatorServer
) -> None:
    def read_all(url: str, retry: Retry | None) -> tuple[set[str], set[str]]:
        hs = hubspot_client(url, retry=retry) if retry else hubspot_client(url)
        listed, after = set(), None
        while True:
            page = hs.crm.contacts.basic_api.get_page(limit=100, after=after)
            listed |= {r.id for r in page.results}
            if not page.paging:
                break
            after = page.paging.next.after
        searched, offset = set(), 0
        while True:
            page = hs.crm.contacts.search_api.do_search(public_object_search_request=_search(100, offset))
            searched |= {r.id for r in page.results}
            if not page.paging:
                break
            offset = int(page.paging.next.after)
        return listed, searched

    clean = read_all(served.url, None)
    retry = Retry(
        total=30,
        status_forcelist=[429, 500, 502, 503],
        allowed_methods=None,
        respect_retry_after_header=True,
        backoff_factor=0,
    )
    with _faulty(tiny_world_path, rate_limit=0.3) as server:
        assert read_all(server.url, retry) == clean
        statuses = [e.status for e in server.ctx.log]
        assert statuses.count(429) > 0 and any(e.method == "POST" and e.status == 429 for e in server.ctx.log)


# -- Zendesk ------------------------------------------------------------------------------------
def test_zendesk_wrong_token_and_too_recent_start(served: EmulatorServer) -> None:
    bad = requests.Session()
    bad.auth = ("sandbox@example.com/token", "wrong")
    response = bad.get(f"{served.url}{EXPORT}?start_time=0", timeout=10)
    assert response.status_code == 401 and response.json() == {"error": "Couldn't authenticate you"}
    recent = served.store.now_ms // 1000 - 10
    response = zendesk_session().get(f"{served.url}{EXPORT}?start_time={recent}", timeout=10)
    assert response.status_code == 400 and "Too recent start_time" in response.json()["description"]


def test_zendesk_export_resumes_from_its_cursor(tiny_world_path: Path, tmp_path: Path) -> None:
    import shutil

    from abe_hub.sandbox import advance

    shutil.copy(tiny_world_path, tmp_path / "w.db")
    store = WorldStore(tmp_path / "w.db")
    with EmulatorServer(store) as server:
        session, url, seen = zendesk_session(), f"{server.url}{EXPORT}?start_time=0&per_page=50", []
        while True:
            page = session.get(url, timeout=10).json()
            seen.extend(t["id"] for t in page["tickets"])
            if page["end_of_stream"]:
                break
            url = page["after_url"]
        assert len(seen) == len(set(seen)) == store.count("zendesk", "tickets", include_deleted=True)
        since = store.now_ms
        advance(store, 5, change_share=0.02)
        later = session.get(page["after_url"], timeout=10).json()
        changed = {
            int(rid)
            for (rid,) in store.con.execute(
                "SELECT id FROM records WHERE system = 'zendesk' AND object = 'tickets' AND modified_ms > ?", (since,)
            )
        }
        assert {t["id"] for t in later["tickets"]} == changed and changed


@pytest.mark.parametrize(
    ("fault", "expected"),
    [("slow", requests.exceptions.ReadTimeout), ("drop", requests.exceptions.ChunkedEncodingError)],
)
def test_zendesk_transport_faults(tiny_world_path: Path, fault: str, expected: type) -> None:
    with _faulty(tiny_world_path, **{fault: 1.0}) as server, pytest.raises(expected):
        zendesk_session().get(f"{server.url}{EXPORT}?start_time=0", timeout=0.3).json()


def test_zendesk_rate_limit_and_server_error(tiny_world_path: Path) -> None:
    with _faulty(tiny_world_path, rate_limit=1.0) as server:
        response = zendesk_session().get(f"{server.url}{EXPORT}?start_time=0", timeout=10)
        assert response.status_code == 429 and response.headers["Retry-After"] == "0"
    with _faulty(tiny_world_path, server_error=1.0) as server:
        assert zendesk_session().get(f"{server.url}{EXPORT}?start_time=0", timeout=10).status_code in (500, 502, 503)


def test_zendesk_session_with_retries_reads_the_same_export_under_faults(
    tiny_world_path: Path, served: EmulatorServer
) -> None:
    def export(url: str, session: requests.Session) -> list[dict]:
        items, next_url = [], f"{url}{EXPORT}?start_time=0&per_page=5"
        while next_url:
            page = session.get(next_url, timeout=10).json()
            items.extend(page["tickets"])
            next_url = None if page["end_of_stream"] else page["after_url"]
        return items

    clean = export(served.url, zendesk_session())
    session = zendesk_session()
    session.mount(
        "http://",
        HTTPAdapter(
            max_retries=Retry(
                total=40, status_forcelist=[429, 500, 502, 503], respect_retry_after_header=True, backoff_factor=0
            )
        ),
    )
    with _faulty(tiny_world_path, rate_limit=0.2, server_error=0.1) as server:
        assert export(server.url, session) == clean
        assert {e.fault for e in server.ctx.log} >= {"rate_limit", "server_error"}


def test_single_record_reads(served: EmulatorServer) -> None:
    store = served.store
    account = next(store.iter_records("salesforce", "Account"))
    got = salesforce_client(served.url).Account.get(account.id)
    assert got.pop("attributes")["type"] == "Account" and got == account.body
    ticket = next(store.iter_records("zendesk", "tickets"))
    response = zendesk_session().get(f"{served.url}/api/v2/tickets/{ticket.id}.json", timeout=10)
    assert response.json() == {"ticket": ticket.body}
    assert zendesk_session().get(f"{served.url}/api/v2/tickets/1.json", timeout=10).status_code == 404
    contact = next(store.iter_records("hubspot", "contacts"))
    read = hubspot_client(served.url).crm.contacts.basic_api.get_by_id(contact.id, properties=["email", "jobtitle"])
    assert read.properties["email"] == contact.body["email"] and read.properties["jobtitle"] == contact.body["jobtitle"]


def test_control_endpoints_set_faults_and_report_the_request_log(tiny_world_path: Path) -> None:
    with EmulatorServer(tiny_world_path) as server:
        sf = salesforce_client(server.url)
        sf.query("SELECT Id FROM Account")
        log = requests.get(f"{server.url}/__sandbox__/log", timeout=10).json()
        assert log["requests"] == 1 and log["by_status"] == {"200": 1}
        assert log["records_by_object"] == {"salesforce.Account": served_accounts(server)}
        requests.post(f"{server.url}/__sandbox__/faults", json={"server_error": 1.0}, timeout=10)
        with pytest.raises(SalesforceGeneralError):
            sf.query("SELECT Id FROM Account")
        cleared = requests.delete(f"{server.url}/__sandbox__/log", timeout=10).json()
        assert cleared["requests"] == 0


def served_accounts(server: EmulatorServer) -> int:
    return server.store.count("salesforce", "Account")
