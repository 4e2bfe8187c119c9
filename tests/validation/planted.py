"""The defects the sandbox world plants (``truth_defect``), and where validation must catch them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

# Where each kind of planted defect shows in identity's inputs, and the check that must catch it.
CAUGHT_BY = {
    "invalid_email": ("email", "valid_email"),
    "unicode_junk": ("name", "clean_text"),
    "long_string": ("title", "max_length"),
    "broken_parent": ("parent_source_id", "parent_exists"),
    "parent_cycle": ("parent_source_id", "no_parent_cycle"),
}
# Planted on fields identity does not read: the quarantine of the marts' inputs (asset
# quarantine/...) catches them, in this table, on this column, by this check, with this outcome.
NOT_READ_BY_IDENTITY = {("Account", "Customer_Since__c"), ("Opportunity", "Amount")}
CAUGHT_BEFORE_MARTS = {
    "impossible_amount": ("int_opportunities_unioned", "amount", "amount_in_range", "rejected"),
    "future_date": ("stg_salesforce__accounts", "customer_since", "not_in_future", "flagged"),
}
IDENTITY_OBJECTS = {"Account", "Contact", "Lead", "companies", "contacts", "organizations", "users"}


def _read(world: Path, sql: str) -> pd.DataFrame:
    with sqlite3.connect(world) as con:
        return pd.read_sql(sql, con)


def opportunity_frame(world: Path) -> pd.DataFrame:
    """The world's live opportunities with the columns of ``int_opportunities_unioned`` the checks
    read, as the systems serve them (amounts as numbers or text, dates as text)."""
    return _read(
        world,
        "SELECT 'salesforce' AS source_system, id AS source_id, body ->> '$.Name' AS name, "
        "body ->> '$.StageName' AS stage, body ->> '$.Amount' AS amount, body ->> '$.CreatedDate' AS created_at, "
        "body ->> '$.CloseDate' AS close_date FROM records "
        "WHERE system = 'salesforce' AND object = 'Opportunity' AND deleted = 0 "
        "UNION ALL SELECT 'hubspot', id, body ->> '$.dealname', body ->> '$.dealstage', body ->> '$.amount', "
        "body ->> '$.createdate', body ->> '$.closedate' FROM records "
        "WHERE system = 'hubspot' AND object = 'deals' AND deleted = 0",
    )


def salesforce_account_dates(world: Path) -> pd.DataFrame:
    """The world's live Salesforce Accounts with ``customer_since`` (Customer_Since__c)."""
    return _read(
        world,
        "SELECT 'salesforce' AS source_system, id AS source_id, body ->> '$.Customer_Since__c' AS customer_since "
        "FROM records WHERE system = 'salesforce' AND object = 'Account' AND deleted = 0",
    )


def planted_defects(world: Path) -> pd.DataFrame:
    return _read(world, "SELECT system, object, source_id, field, kind FROM truth_defect")


def assert_defects_quarantined(defects: pd.DataFrame, rejects: pd.DataFrame) -> None:
    """Every planted defect identity reads is among ``rejects`` on its column, by its check, with a reason
    quoting the value; the defects identity does not read are exactly the known ones."""
    unread = defects[[(o, f) in NOT_READ_BY_IDENTITY for o, f in zip(defects["object"], defects["field"], strict=True)]]
    assert set(unread["object"]) <= {"Account", "Opportunity"}
    read = defects.drop(unread.index)
    assert set(read["object"]) <= IDENTITY_OBJECTS and set(read["kind"]) <= set(CAUGHT_BY)
    found = rejects.set_index(["record_key", "check"])
    for defect in read.itertuples():
        column, check = CAUGHT_BY[defect.kind]
        key = (f"{defect.system}:{defect.source_id}", check)
        assert key in found.index, f"{defect.kind} of {defect.object} {defect.source_id} not quarantined"
        reject = found.loc[key]
        assert reject["column"] == column and reject["reason"].startswith(f"{column} "), reject["reason"]


def assert_mart_defects_quarantined(defects: pd.DataFrame, rejects: pd.DataFrame) -> None:
    """Every planted defect identity does not read is among ``rejects``: in its table, on its column,
    by its check, with its outcome (an impossible amount keeps the deal out of the marts, a future
    customer-since only flags the account) and a reason naming the column."""
    for defect in defects[defects["kind"].isin(CAUGHT_BEFORE_MARTS)].itertuples():
        table, column, check, outcome = CAUGHT_BEFORE_MARTS[defect.kind]
        key = f"{defect.system}:{defect.source_id}"
        found = rejects[(rejects["table"] == table) & (rejects["record_key"] == key) & (rejects["check"] == check)]
        assert len(found) == 1, f"{defect.kind} of {defect.object} {defect.source_id} not quarantined once"
        reject = found.iloc[0]
        assert (reject["column"], reject["outcome"]) == (column, outcome)
        assert reject["reason"].startswith(f"{column} "), reject["reason"]
