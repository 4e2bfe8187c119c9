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
# Planted on fields identity does not read: they are for the marts' validation to catch.
NOT_READ_BY_IDENTITY = {("Account", "Customer_Since__c"), ("Opportunity", "Amount")}
IDENTITY_OBJECTS = {"Account", "Contact", "Lead", "companies", "contacts", "organizations", "users"}


def planted_defects(world: Path) -> pd.DataFrame:
    with sqlite3.connect(world) as con:
        return pd.read_sql("SELECT system, object, source_id, field, kind FROM truth_defect", con)


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
