"""The identity schema's contracts: what every consumer of the golden keys may rely on.

Keys are present and unique where the design says so, scores are probabilities, depths count levels,
and every key one table names exists in the table that owns it (a person's ``account_key`` is a golden
account of ``account_xref``). A table breaking them is a defect of resolution, not of a source record:
the asset checks stop the marts when they fail.
"""

from __future__ import annotations

from collections.abc import Collection

import pandera.pandas as pa

from abe_hub.validation.checks import between, key_exists, not_in_future
from abe_hub.validation.columns import RECORD_KEY, TEXT, key
from abe_hub.validation.relations import depth_matches_parent, distinct_keys

KEY_COLUMNS: dict[str, list[str]] = {
    "account_xref": RECORD_KEY,
    "person_xref": RECORD_KEY,
    "account_hierarchy": ["account_key"],
    "key_merges": ["old_key", "new_key"],
}
ACCOUNT_KEYS = "account_xref.account_key"


def _score(nullable: bool = False) -> pa.Column:
    """A match score, a probability; read back from the warehouse as numbers, whatever the driver gives."""
    return pa.Column(float, nullable=nullable, coerce=True, checks=[between(0, 1)])


def account_xref_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_system": key(),
            "source_id": key(),
            "account_key": key(),
            "match_rule": pa.Column(TEXT, nullable=False),
            "match_score": _score(),
        },
        name="account_xref",
        unique=RECORD_KEY,
    )


def person_xref_schema(account_keys: Collection[str]) -> pa.DataFrameSchema:
    """``account_keys``: the golden accounts of ``account_xref``, which a person's account must be one of."""
    return pa.DataFrameSchema(
        {
            "source_system": key(),
            "source_id": key(),
            "person_key": key(),
            "account_key": pa.Column(TEXT, nullable=True, checks=[key_exists(account_keys, ACCOUNT_KEYS)]),
            "match_rule": pa.Column(TEXT, nullable=True),
            "match_score": _score(nullable=True),
            "person_rule": pa.Column(TEXT, nullable=False),
            "person_score": _score(),
        },
        name="person_xref",
        unique=RECORD_KEY,
    )


def account_hierarchy_schema(account_keys: Collection[str]) -> pa.DataFrameSchema:
    """One row per golden account of ``account_keys``; parents and ultimate parents are among them."""

    def golden() -> list[pa.Check]:
        return [key_exists(account_keys, ACCOUNT_KEYS)]

    return pa.DataFrameSchema(
        {
            "account_key": pa.Column(TEXT, nullable=False, unique=True, checks=golden()),
            "parent_account_key": pa.Column(TEXT, nullable=True, checks=golden()),
            "ultimate_parent_key": pa.Column(TEXT, nullable=False, checks=golden()),
            "depth": pa.Column(int, nullable=False, coerce=True, checks=[between(0)]),
            "path": pa.Column(TEXT, nullable=False),
        },
        name="account_hierarchy",
        checks=[depth_matches_parent()],
    )


def key_merges_schema() -> pa.DataFrameSchema:
    """Merges accumulate over nights; each joined two different keys at a time that has passed."""
    return pa.DataFrameSchema(
        {
            "old_key": key(),
            "new_key": key(),
            "merged_at": pa.Column(nullable=False, checks=[not_in_future()]),
            "reason": pa.Column(TEXT, nullable=True),
        },
        name="key_merges",
        checks=[distinct_keys()],
    )
