"""The SOQL subset: what parses, what it means in SQL, and what is refused with Salesforce's codes."""

from __future__ import annotations

import pytest

from abe_hub.sandbox.emulator.salesforce_soql import SoqlError, Translator, parse

FIELDS = [
    "Id",
    "Name",
    "SystemModstamp",
    "CreatedDate",
    "IsDeleted",
    "Industry",
    "NumberOfEmployees",
    "Region__c",
    "LastModifiedDate",
]


def _sql(text: str) -> tuple[str, list]:
    query = parse(text)
    params: list = []
    return Translator(query.sobject, FIELDS).where(query.where, params), params


def test_incremental_query_uses_indexed_columns_and_epoch_ms() -> None:
    sql, params = _sql("SELECT Id FROM Account WHERE SystemModstamp > 2026-01-01T00:00:00.000+0000")
    assert sql == "modified_ms > ?" and params == [1767225600000]
    sql, params = _sql("select id from account where CreatedDate >= 2026-01-01T01:00:00+01:00")
    assert sql == "created_ms >= ?" and params == [1767225600000]


def test_boolean_logic_in_like_and_null() -> None:
    sql, params = _sql(
        "SELECT Id FROM Account WHERE (Industry IN ('Finance', 'Retail') OR Name LIKE 'Kal%') "
        "AND NOT IsDeleted = true AND Region__c != null AND NumberOfEmployees > 10.5"
    )
    assert sql == (
        "((((json_extract(body, '$.Industry') IN (?, ?) OR json_extract(body, '$.Name') LIKE ?) "
        "AND (NOT deleted = ?)) AND json_extract(body, '$.Region__c') IS NOT NULL) "
        "AND json_extract(body, '$.NumberOfEmployees') > ?)"
    )
    assert params == ["Finance", "Retail", "Kal%", 1, 10.5]


def test_datetime_literal_on_a_body_field_compares_in_salesforce_format() -> None:
    _, params = _sql("SELECT Id FROM Account WHERE LastModifiedDate > 2026-01-01T00:00:00Z")
    assert params == ["2026-01-01T00:00:00.000+0000"]


def test_order_and_limit() -> None:
    query = parse("SELECT Id, Name FROM Lead ORDER BY SystemModstamp ASC, Id DESC NULLS LAST LIMIT 50")
    assert query.fields == ["Id", "Name"] and query.limit == 50
    assert query.order == [("SystemModstamp", False, None), ("Id", True, "last")]


def test_escaped_quotes() -> None:
    _, params = _sql(r"SELECT Id FROM Account WHERE Name = 'O\'Brien & Sons'")
    assert params == ["O'Brien & Sons"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SELECT Id FROM", "MALFORMED_QUERY"),
        ("SELECT Id, Account.Name FROM Contact", "MALFORMED_QUERY"),
        ("SELECT COUNT() FROM Account", "MALFORMED_QUERY"),
        ("SELECT Id FROM Account WHERE Name ~ 'x'", "MALFORMED_QUERY"),
        ("SELECT Id FROM Account GROUP BY Name", "MALFORMED_QUERY"),
        ("SELECT Id FROM Account WHERE Name =", "MALFORMED_QUERY"),
    ],
)
def test_unsupported_syntax_is_refused(text: str, code: str) -> None:
    with pytest.raises(SoqlError) as error:
        parse(text)
    assert error.value.code == code


def test_unknown_field_names_the_entity() -> None:
    query = parse("SELECT Id FROM Account WHERE Foo__c = 1")
    with pytest.raises(SoqlError, match="No such column 'Foo__c' on entity 'Account'") as error:
        Translator("Account", FIELDS).where(query.where, [])
    assert error.value.code == "INVALID_FIELD"


@pytest.mark.parametrize(
    "literal",
    [
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00.000Z",
        "2026-01-01T00:00:00.000+0000",
        "2026-01-01T02:00:00+02:00",
        "2025-12-31T19:00:00-0500",
        "2026-01-01",
    ],
)
def test_every_datetime_form_is_the_same_epoch_ms_on_indexed_columns(literal: str) -> None:
    sql, params = _sql(f"SELECT Id FROM Account WHERE SystemModstamp >= {literal}")
    assert sql == "modified_ms >= ?" and params == [1767225600000]


def test_and_binds_tighter_than_or_and_not_in_negates() -> None:
    sql, params = _sql("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND Industry NOT IN ('x') OR Id <> 'c'")
    assert sql == (
        "((json_extract(body, '$.Name') = ? OR (json_extract(body, '$.Name') = ? "
        "AND json_extract(body, '$.Industry') NOT IN (?))) OR id != ?)"
    )
    assert params == ["a", "b", "x", "c"]


def test_keywords_and_names_are_case_insensitive_and_resolve_to_canonical_names() -> None:
    query = parse("select ID, region__C from account where systemmodstamp > 2026-01-01T00:00:00Z order by ID desc")
    translator = Translator("Account", FIELDS)
    assert [translator.name(f) for f in query.fields] == ["Id", "Region__c"]
    assert query.sobject == "account" and query.order == [("ID", True, None)]
    assert translator.where(query.where, []) == "modified_ms > ?"
