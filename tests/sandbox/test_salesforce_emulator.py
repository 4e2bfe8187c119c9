"""The Salesforce REST emulator, read through the real simple-salesforce client over real HTTP.

The world here is hand-built rather than generated, so every expectation can be computed from it:
5,000 Accounts whose SystemModstamps come in ties of four (Ids out of step with creation order, so
the Id tie-break is really exercised at page boundaries), one in nine deleted, custom fields of
several types, and a few Users for the owner references.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from abe_hub.sandbox.clients import salesforce_client
from abe_hub.sandbox.clock import iso_date, salesforce_datetime
from abe_hub.sandbox.server import EmulatorServer
from abe_hub.sandbox.store import Field, WorldStore, insert_fields, record_row, upsert_records

SF = "salesforce"
T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
MINUTE, DAY = 60_000, 86_400_000
ACCOUNTS = 5000
NOW = T0 + (ACCOUNTS // 4) * MINUTE + DAY
INDUSTRIES = ("Banking", "Retail", "Energy", "Media")
REGIONS = ("EMEA", "APAC", "AMER")
SMALL_PAGES = {"Sforce-Query-Options": "batchSize=200"}

ACCOUNT_FIELDS = [
    ("Id", "id"),
    ("IsDeleted", "boolean"),
    ("Name", "string"),
    ("Industry", "picklist"),
    ("NumberOfEmployees", "int"),
    ("AnnualRevenue", "currency"),
    ("Website", "url"),
    ("Description", "textarea"),
    ("ParentId", "reference"),
    ("OwnerId", "reference"),
    ("CreatedDate", "datetime"),
    ("LastModifiedDate", "datetime"),
    ("SystemModstamp", "datetime"),
    ("Region__c", "picklist"),
    ("Score__c", "double"),
    ("Active__c", "boolean"),
    ("Renewal__c", "date"),
]
USER_FIELDS = [("Id", "id"), ("IsDeleted", "boolean"), ("Name", "string"), ("SystemModstamp", "datetime")]


def _account_id(i: int) -> str:
    # 7919 is prime to 10^5: distinct Ids whose order has nothing to do with i.
    return f"001{(i * 7919) % 100_000:012d}AAA"


def _account(i: int) -> tuple[int, int, int | None, dict[str, Any]]:
    created = T0 - 400 * DAY + i * MINUTE
    modified = T0 + (i // 4) * MINUTE
    deleted = modified if i % 9 == 0 else None
    body = {
        "Id": _account_id(i),
        "IsDeleted": deleted is not None,
        "Name": f"Acme {i}" if i % 5 else f"Kallisto O'Brien {i}",
        "Industry": INDUSTRIES[i % 4] if i % 7 else None,
        "NumberOfEmployees": i * 3,
        "AnnualRevenue": i * 1000.5,
        "Website": f"https://acme{i}.example.com",
        "Description": None if i % 3 else f'line one\nline "two" {i} é',
        "ParentId": _account_id(i - 1) if i % 10 == 1 else None,
        "OwnerId": f"005{i % 3:012d}AAA",
        "CreatedDate": salesforce_datetime(created),
        "LastModifiedDate": salesforce_datetime(modified),
        "SystemModstamp": salesforce_datetime(modified),
        "Region__c": REGIONS[i % 3],
        "Score__c": i / 7,
        "Active__c": i % 2 == 0,
        "Renewal__c": iso_date(T0 + i * DAY),
    }
    return created, modified, deleted, body


def _fields(obj: str, spec: list[tuple[str, str]]) -> list[Field]:
    options = {"Industry": INDUSTRIES, "Region__c": REGIONS}
    return [Field(SF, obj, name, kind, name, name.endswith("__c"), options.get(name, ())) for name, kind in spec]


def build_world(path: Path) -> WorldStore:
    store = WorldStore(path, create=True)
    with store.transaction() as con:
        insert_fields(con, _fields("Account", ACCOUNT_FIELDS) + _fields("User", USER_FIELDS))
        rows = []
        for i in range(ACCOUNTS):
            created, modified, deleted, body = _account(i)
            rows.append(record_row(SF, "Account", body["Id"], created, modified, body, deleted_ms=deleted))
        for u in range(3):
            uid = f"005{u:012d}AAA"
            body = {"Id": uid, "IsDeleted": False, "Name": f"Owner {u}", "SystemModstamp": salesforce_datetime(T0)}
            rows.append(record_row(SF, "User", uid, T0, T0, body))
        upsert_records(con, rows)
        store.set_meta("now_ms", str(NOW), con)
    store.create_indexes()
    return store


@dataclass
class Statement:
    sql: str
    steps: int = 0


class TracedStore(WorldStore):
    """The world as the emulator sees it, noting every statement its worker threads run and its cost.

    Cost is counted in SQLite virtual-machine steps (hundreds), which grow with the rows a
    statement visits: the measure of whether a page is a seek or a scan from the start.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.statements: list[Statement] = []
        self._traced: set[int] = set()

    @property
    def con(self) -> sqlite3.Connection:
        con = super().con
        if id(con) not in self._traced:
            self._traced.add(id(con))
            running: list[Statement] = []

            def trace(sql: str) -> None:
                running[:] = [Statement(sql)]
                self.statements.append(running[0])

            def tick() -> int:
                if running:
                    running[0].steps += 1
                return 0

            con.set_trace_callback(trace)
            con.set_progress_handler(tick, 100)
        return con


@pytest.fixture(scope="module")
def world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sf") / "w.db"
    build_world(path).close()
    return path


@pytest.fixture(scope="module")
def store(world_path: Path) -> TracedStore:
    return TracedStore(world_path)


@pytest.fixture(scope="module")
def server(store: TracedStore) -> Iterator[EmulatorServer]:
    with EmulatorServer(store, systems=(SF,)) as running:
        yield running


@pytest.fixture
def sf(server: EmulatorServer) -> Salesforce:
    server.ctx.reset_log()
    return salesforce_client(server.url)


def _live(store: WorldStore, *, deleted: bool = False) -> dict[str, dict[str, Any]]:
    return {r.id: r.body for r in store.iter_records(SF, "Account", include_deleted=deleted)}


def _page_sizes(server: EmulatorServer) -> list[int]:
    return [e.records for e in server.ctx.log if e.object == "Account"]


def _error_code(error: pytest.ExceptionInfo) -> str:
    return error.value.content[0]["errorCode"]


ALL_FIELDS = ", ".join(name for name, _ in ACCOUNT_FIELDS)


# -- reading back ---------------------------------------------------------------------------------
def test_query_all_reads_back_every_live_record_field_for_field(
    sf: Salesforce, server: EmulatorServer, store: WorldStore
) -> None:
    got = sf.query_all(f"SELECT {ALL_FIELDS} FROM Account")["records"]
    expected = _live(store)
    assert len(got) == len(expected) == ACCOUNTS - len(range(0, ACCOUNTS, 9))
    assert _page_sizes(server) == [2000, 2000, len(expected) - 4000]
    for record in got:
        attributes = record.pop("attributes")
        assert attributes == {"type": "Account", "url": f"/services/data/v59.0/sobjects/Account/{record['Id']}"}
        assert list(record) == [name for name, _ in ACCOUNT_FIELDS]
        assert record == expected[record["Id"]]


def test_query_all_iter_with_deleted_sees_every_record_and_its_flag(sf: Salesforce, store: WorldStore) -> None:
    got = {r["Id"]: r for r in sf.query_all_iter("SELECT Id, IsDeleted FROM Account", include_deleted=True)}
    every = _live(store, deleted=True)
    assert got.keys() == every.keys() and len(got) == ACCOUNTS
    assert {rid for rid, r in got.items() if r["IsDeleted"]} == {rid for rid, b in every.items() if b["IsDeleted"]}
    live = {r["Id"] for r in sf.query_all_iter("SELECT Id FROM Account")}
    assert live == {rid for rid, b in every.items() if not b["IsDeleted"]}


def test_first_page_shape_and_last_page(sf: Salesforce, store: WorldStore) -> None:
    page = sf.query("SELECT Id, Name FROM Account")
    assert list(page) == ["totalSize", "done", "nextRecordsUrl", "records"]
    assert page["totalSize"] == len(_live(store)) and page["done"] is False and len(page["records"]) == 2000
    assert re.fullmatch(r"/services/data/v59\.0/query/01g\w+-2000", page["nextRecordsUrl"])
    short = sf.query("SELECT Id FROM Account LIMIT 3")
    assert short["done"] is True and "nextRecordsUrl" not in short and short["totalSize"] == 3


def test_batch_size_header_is_honoured_within_salesforce_bounds(sf: Salesforce, server: EmulatorServer) -> None:
    for asked, served in (("batchSize=500", 500), ("batchSize=50", 200), ("batchSize=5000", 2000)):
        server.ctx.reset_log()
        ids = [r["Id"] for r in sf.query_all_iter("SELECT Id FROM Account", headers={"Sforce-Query-Options": asked})]
        assert len(ids) == len(set(ids)) == server.ctx.records_served(SF, "Account")
        sizes = _page_sizes(server)
        assert sizes[:-1] == [served] * (len(sizes) - 1) and 0 < sizes[-1] <= served, asked


def test_query_more_by_locator_and_by_url_and_expired_locators(sf: Salesforce) -> None:
    first = sf.query("SELECT Id FROM Account ORDER BY Id")
    locator = first["nextRecordsUrl"].rsplit("/", 1)[1]
    second = sf.query_more(locator)
    assert second["records"][0]["Id"] > first["records"][-1]["Id"]
    third = sf.query_more(second["nextRecordsUrl"], identifier_is_url=True)
    assert third["done"] is True
    for stale in (locator, "01g000000000-2000", "nonsense"):
        with pytest.raises(SalesforceMalformedRequest) as error:
            sf.query_more(stale)
        assert _error_code(error) == "INVALID_QUERY_LOCATOR"


# -- incremental reads ------------------------------------------------------------------------------
@pytest.mark.parametrize("cut", [0, 1, 2, 3, 601])
def test_incremental_query_returns_exactly_the_newer_records_in_keyset_order(
    sf: Salesforce, store: WorldStore, cut: int
) -> None:
    """Ties of four SystemModstamps straddle the 200-record page boundaries: none may be lost or repeated."""
    since = T0 + cut * MINUTE
    soql = (
        f"SELECT Id, SystemModstamp, IsDeleted FROM Account WHERE SystemModstamp > {salesforce_datetime(since)} "
        "ORDER BY SystemModstamp, Id"
    )
    got = [r["Id"] for r in sf.query_all_iter(soql, include_deleted=True, headers=SMALL_PAGES)]
    expected = [
        r.id
        for r in sorted(store.iter_records(SF, "Account", include_deleted=True), key=lambda r: (r.modified_ms, r.id))
        if r.modified_ms > since
    ]
    assert got == expected and len(got) == ACCOUNTS - 4 * (cut + 1)


def test_datetime_literal_forms_mean_the_same_instant(sf: Salesforce) -> None:
    counts = {
        literal: sf.query(f"SELECT Id FROM Account WHERE SystemModstamp >= {literal}")["totalSize"]
        for literal in (
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00.000+0000",
            "2026-01-01T12:00:00+02:00",
            "2026-01-01T05:00:00-05:00",
        )
    }
    assert len(set(counts.values())) == 1 and 0 < counts["2026-01-01T10:00:00Z"] < ACCOUNTS


def test_limit_applies_across_pages(sf: Salesforce) -> None:
    first = sf.query("SELECT Id FROM Account ORDER BY SystemModstamp, Id LIMIT 2500")
    assert first["totalSize"] == 2500 and not first["done"] and len(first["records"]) == 2000
    ids = [r["Id"] for r in sf.query_all_iter("SELECT Id FROM Account ORDER BY SystemModstamp, Id LIMIT 2500")]
    assert len(ids) == len(set(ids)) == 2500
    assert ids == [r["Id"] for r in sf.query_all_iter("SELECT Id FROM Account ORDER BY SystemModstamp, Id")][:2500]


def test_order_by_a_body_field_pages_completely_and_in_order(sf: Salesforce, store: WorldStore) -> None:
    got = list(sf.query_all_iter("SELECT Id, Score__c FROM Account ORDER BY Score__c DESC", headers=SMALL_PAGES))
    assert [r["Score__c"] for r in got] == sorted((b["Score__c"] for b in _live(store).values()), reverse=True)
    assert len({r["Id"] for r in got}) == len(got)


# -- filters --------------------------------------------------------------------------------------
FILTERS = [
    (
        "Region__c = 'EMEA' OR Industry IN ('Banking', 'Media')",
        lambda b: b["Region__c"] == "EMEA" or b["Industry"] in ("Banking", "Media"),
    ),
    (
        "Industry NOT IN ('Banking', 'Media') AND Industry != null",
        lambda b: b["Industry"] not in ("Banking", "Media", None),
    ),
    ("Industry = null", lambda b: b["Industry"] is None),
    ("Name LIKE 'Kallisto%'", lambda b: b["Name"].startswith("Kallisto")),
    (r"Name = 'Kallisto O\'Brien 10'", lambda b: b["Name"] == "Kallisto O'Brien 10"),
    (
        "(NumberOfEmployees >= 300 AND NumberOfEmployees < 600) OR Score__c <= 1.5",
        lambda b: 300 <= b["NumberOfEmployees"] < 600 or b["Score__c"] <= 1.5,
    ),
    ("Active__c = true AND Region__c = 'APAC'", lambda b: b["Active__c"] and b["Region__c"] == "APAC"),
    ("Renewal__c < 2026-01-11", lambda b: b["Renewal__c"] < "2026-01-11"),
    ("CreatedDate < 2024-11-28T00:00:00Z", lambda b: b["CreatedDate"] < "2024-11-28T00:00:00.000+0000"),
    (
        "ParentId != null AND OwnerId = '005000000000001AAA'",
        lambda b: b["ParentId"] is not None and b["OwnerId"] == "005000000000001AAA",
    ),
    (
        "Id IN ('001000000007919AAA', '001000000015838AAA')",
        lambda b: b["Id"] in ("001000000007919AAA", "001000000015838AAA"),
    ),
]


@pytest.mark.parametrize(("where", "keep"), FILTERS, ids=[w for w, _ in FILTERS])
def test_filters_select_exactly_the_matching_records(
    sf: Salesforce, store: WorldStore, where: str, keep: Callable[[dict[str, Any]], bool]
) -> None:
    got = {r["Id"] for r in sf.query_all_iter(f"SELECT Id FROM Account WHERE {where}")}
    expected = {rid for rid, body in _live(store).items() if keep(body)}
    assert got == expected and expected


def test_names_are_case_insensitive_and_answered_canonically(sf: Salesforce) -> None:
    record = sf.query(
        "select id, name, region__c from ACCOUNT where REGION__C = 'EMEA' order by systemmodstamp limit 1"
    )
    (only,) = record["records"]
    assert list(only) == ["attributes", "Id", "Name", "Region__c"] and only["attributes"]["type"] == "Account"


# -- errors ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("soql", "code", "message"),
    [
        ("SELECT Id FROM", "MALFORMED_QUERY", None),
        ("SELECT COUNT() FROM Account", "MALFORMED_QUERY", None),
        ("SELECT Id, Owner.Name FROM Account", "MALFORMED_QUERY", None),
        ("SELECT Id FROM Account GROUP BY Name", "MALFORMED_QUERY", None),
        ("SELECT Id FROM Account WHERE SystemModstamp > LAST_N_DAYS:3", "MALFORMED_QUERY", None),
        ("SELECT Id FROM Account LIMIT 5 OFFSET 5", "MALFORMED_QUERY", None),
        ("SELECT Id, Nope__c FROM Account", "INVALID_FIELD", "No such column 'Nope__c' on entity 'Account'"),
        ("SELECT Id FROM Account WHERE Nope = 1", "INVALID_FIELD", "No such column 'Nope' on entity 'Account'"),
        ("SELECT Id FROM Account ORDER BY Nope", "INVALID_FIELD", "No such column 'Nope' on entity 'Account'"),
        ("SELECT Id FROM Widget__c", "INVALID_TYPE", "sObject type 'Widget__c' is not supported."),
    ],
)
def test_query_errors_have_salesforce_codes(sf: Salesforce, soql: str, code: str, message: str | None) -> None:
    with pytest.raises(SalesforceMalformedRequest) as error:
        sf.query(soql)
    assert error.value.status == 400 and _error_code(error) == code
    if message:
        assert error.value.content[0]["message"].startswith(message)


@pytest.mark.parametrize(
    "soql",
    [
        "SELECT Id FROM Account LIMIT 5.5",
        "SELECT Id FROM Account LIMIT -5",
        "SELECT Id FROM Account WHERE SystemModstamp > 2026-02-30T00:00:00Z",
        "SELECT Id FROM Account WHERE SystemModstamp > 2026-13-01",
    ],
)
def test_bad_literals_are_malformed_queries(sf: Salesforce, soql: str) -> None:
    with pytest.raises(SalesforceMalformedRequest) as error:
        sf.query(soql)
    assert _error_code(error) == "MALFORMED_QUERY"


def test_unknown_objects_and_records_are_not_found(sf: Salesforce) -> None:
    for call in (
        lambda: sf.restful("sobjects/Widget__c/describe"),
        lambda: sf.Account.get("001999999999999AAA"),
        lambda: sf.Account.get(_account_id(9)),  # deleted
    ):
        with pytest.raises(SalesforceResourceNotFound) as error:
            call()
        assert error.value.content == [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}]


# -- describe, single records, versions, limits ----------------------------------------------------
def test_describe_reports_the_fields_table(sf: Salesforce) -> None:
    described = sf.Account.describe()
    assert described["name"] == "Account" and described["queryable"] and described["replicateable"]
    fields = {f["name"]: f for f in described["fields"]}
    assert {name: f["type"] for name, f in fields.items()} == dict(ACCOUNT_FIELDS)
    assert {name for name, f in fields.items() if f["custom"]} == {"Region__c", "Score__c", "Active__c", "Renewal__c"}
    assert [p["value"] for p in fields["Region__c"]["picklistValues"]] == list(REGIONS)
    assert fields["ParentId"]["referenceTo"] == ["Account"] and fields["OwnerId"]["referenceTo"] == ["User"]
    assert fields["Name"]["referenceTo"] == [] and fields["SystemModstamp"]["soapType"] == "xsd:dateTime"
    assert all(f["compoundFieldName"] is None and f["filterable"] and f["sortable"] for f in fields.values())


def test_global_describe_lists_every_object(sf: Salesforce) -> None:
    described = sf.describe()
    assert described["encoding"] == "UTF-8" and described["maxBatchSize"] == 200
    by_name = {o["name"]: o for o in described["sobjects"]}
    assert set(by_name) == {"Account", "User"}
    assert by_name["Account"]["urls"]["describe"] == "/services/data/v59.0/sobjects/Account/describe"


def test_single_record_read_has_every_field(sf: Salesforce, store: WorldStore) -> None:
    rid = _account_id(10)
    got = sf.Account.get(rid)
    assert got.pop("attributes") == {"type": "Account", "url": f"/services/data/v59.0/sobjects/Account/{rid}"}
    assert got == store.get(SF, "Account", rid).body


def test_versions_and_limits(sf: Salesforce, server: EmulatorServer) -> None:
    versions = sf.session.get(f"{server.url}/services/data/", headers=sf.headers, timeout=10).json()
    assert {"label": "Winter '24", "url": "/services/data/v59.0", "version": "59.0"} in versions
    used_before = server.ctx.salesforce_requests
    daily = sf.limits()["DailyApiRequests"]
    assert daily["Max"] == server.ctx.limits.salesforce_daily_requests
    assert daily["Remaining"] == daily["Max"] - used_before - 1


# -- deleted / updated -----------------------------------------------------------------------------
def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def test_deleted_lists_the_deletions_in_the_window(sf: Salesforce, store: WorldStore) -> None:
    start, end = T0 + 100 * MINUTE, T0 + 400 * MINUTE
    answer = sf.Account.deleted(_at(start), _at(end))
    expected = {
        r.id: salesforce_datetime(r.deleted_ms)
        for r in store.iter_records(SF, "Account", include_deleted=True)
        if r.deleted and start <= r.deleted_ms <= end
    }
    assert {d["id"]: d["deletedDate"] for d in answer["deletedRecords"]} == expected and expected
    assert answer["latestDateCovered"] == salesforce_datetime(end)
    assert answer["earliestDateAvailable"] == salesforce_datetime(NOW - 30 * DAY)


def test_deleted_accepts_offsets_as_the_client_encodes_them(sf: Salesforce) -> None:
    """simple-salesforce sends ``%2B02%3A00``: the same window in another zone is the same answer."""
    plus_two = _at(T0).astimezone(timezone(timedelta(hours=2)))
    in_utc = sf.Account.deleted(_at(T0), _at(T0 + 2 * DAY))
    assert sf.Account.deleted(plus_two, plus_two + timedelta(days=2)) == in_utc and in_utc["deletedRecords"]


def test_deleted_window_rules(sf: Salesforce) -> None:
    now = _at(NOW)
    for start, end in ((now - timedelta(days=31), now), (now - timedelta(days=1), now - timedelta(days=2))):
        with pytest.raises(SalesforceMalformedRequest) as error:
            sf.Account.deleted(start, end)
        assert _error_code(error) == "INVALID_REPLICATION_DATE"


def test_updated_lists_live_changes_in_the_window(sf: Salesforce, store: WorldStore) -> None:
    start, end = T0 + 1000 * MINUTE, T0 + 1100 * MINUTE
    answer = sf.Account.updated(_at(start), _at(end))
    expected = [r.id for r in store.iter_records(SF, "Account") if start <= r.modified_ms <= end]
    assert sorted(answer["ids"]) == sorted(expected) and expected


# -- cost -----------------------------------------------------------------------------------------
def _pages(store: TracedStore) -> list[Statement]:
    return [s for s in store.statements if s.sql.startswith("SELECT id, modified_ms, body FROM records")]


def test_incremental_pages_are_index_scans_without_a_sort(sf: Salesforce, store: TracedStore, world_path: Path) -> None:
    """The plan of every page the emulator ran (SQL as traced, parameters inlined).

    A plan can name the index and still walk it from the start, so the page cost is measured below too.
    """
    store.statements.clear()
    soql = "SELECT Id FROM Account WHERE SystemModstamp > 2026-01-01T00:00:00Z ORDER BY SystemModstamp, Id"
    assert len(list(sf.query_all_iter(soql, include_deleted=True, headers=SMALL_PAGES))) > 4000
    pages = _pages(store)
    assert len(pages) > 20
    con = sqlite3.connect(world_path)
    for page in pages:
        plan = " ".join(row[3] for row in con.execute(f"EXPLAIN QUERY PLAN {page.sql}"))
        assert "USING INDEX records_by_modified" in plan and "TEMP B-TREE" not in plan, plan
    con.close()


@pytest.mark.parametrize("where", ["", "WHERE SystemModstamp > 2026-01-01T00:00:00Z "])
def test_a_late_keyset_page_costs_what_an_early_page_costs(sf: Salesforce, store: TracedStore, where: str) -> None:
    store.statements.clear()
    soql = f"SELECT Id FROM Account {where}ORDER BY SystemModstamp, Id"
    list(sf.query_all_iter(soql, include_deleted=True, headers=SMALL_PAGES))
    steps = [page.steps for page in _pages(store)]
    assert steps[-2] <= 2 * steps[1], steps
