"""The column shapes identity resolution reads, so it runs on any table that has them.

Our staging models produce these shapes from the raw layer, the sandbox produces them from its
world, and a user can bring a CSV or Parquet file of their own. Only ``source_system`` and
``source_id`` are required; every other column may be missing or null, and is used when present.
"""

from __future__ import annotations

import pandas as pd

ACCOUNT_COLUMNS: dict[str, str] = {
    "source_system": "system the record lives in (salesforce, hubspot, zendesk, ...)",
    "source_id": "the record's id in that system",
    "name": "company name as typed in the system",
    "website": "website URL or host",
    "domain": "company domain, if the system keeps one apart from the website",
    "country": "country name, local name or ISO code",
    "city": "city",
    "phone": "main phone number",
    "parent_source_id": "id of the parent account in the same system",
    "external_id": "the account's id in another system (a Zendesk organization's Salesforce id)",
}
PERSON_COLUMNS: dict[str, str] = {
    "source_system": "system the record lives in",
    "source_id": "the record's id in that system",
    "kind": "contact (linked to an account by its system), lead (not linked) or user",
    "first_name": "first name",
    "last_name": "last name",
    "full_name": "whole name, for systems that keep only one name field",
    "email": "email address",
    "phone": "phone number",
    "title": "job title",
    "company_name": "company name typed on the record (leads)",
    "website": "company website typed on the record (leads)",
    "country": "country",
    "account_source_id": "id of the account the system links this person to, in the same system",
    "birth_date": "date of birth, any digit order of year, month and day kept consistent (registries, member lists)",
    "national_id": "a personal identifier such as a social security number",
    "street": "street address with house number",
    "postcode": "postal code",
    "city": "city or locality",
}

# Registries and benchmark sets carry these; CRMs do not, so our staging leaves them out.
PERSONAL_DETAIL_COLUMNS = ("birth_date", "national_id", "street", "postcode", "city")


def conform(frame: pd.DataFrame, columns: dict[str, str], what: str) -> pd.DataFrame:
    """The frame with every documented column (missing ones as nulls), ids as strings, in order.

    A frame that is so already (one that ``conform`` gave) is returned as it is, not copied: the
    resolution passes a million people through several steps that each conform their input, and
    none of them writes to it. Raises a ``ValueError`` naming the missing key columns, since
    without them no result can be traced back to a record.
    """
    missing = [c for c in ("source_system", "source_id") if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} input lacks required column(s) {', '.join(missing)}; expected {list(columns)}")
    in_order = list(frame.columns) == list(columns) and frame.index.equals(pd.RangeIndex(len(frame)))
    if in_order:
        out = frame
    else:
        out = frame.reindex(columns=list(columns))
        out.index = pd.RangeIndex(len(frame))  # a new frame already: set_axis would copy it again
    not_text = [c for c in out.columns if not isinstance(out[c].dtype, pd.StringDtype)]
    empty = [c for c in not_text if _all_null(out[c])]
    ids = [c for c in not_text if c in _ID_COLUMNS and c not in empty]
    if empty or ids:
        out = out.copy(deep=False) if out is frame else out  # the caller's frame stays as it was
        # All null (string methods must still work on it): made, not converted, which cost a second on
        # a million people.
        for column in empty:
            out[column] = pd.Series(pd.NA, index=out.index, dtype="string")
        if ids:
            out[ids] = out[ids].astype("string")
    return out


_ID_COLUMNS = ("source_system", "source_id", "parent_source_id", "external_id", "account_source_id")


def _all_null(column: pd.Series) -> bool:
    """Whether a column holds no value, looking at its head first: a full scan of a million text
    values is the slow way to learn that the first one is there."""
    return not column.head(1000).notna().any() and not column.notna().any()
