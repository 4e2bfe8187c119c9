"""Column-wise application of scalar normalisers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from abe_hub.identity.domains import email_domain
from abe_hub.identity.vectorize import holds_for_pairs, map_distinct, record_positions


def test_map_distinct_applies_once_per_value_and_keeps_the_index() -> None:
    calls: list[object] = []

    def domain(value: str | None) -> str | None:
        calls.append(value)
        return email_domain(value)

    emails = pd.Series(
        ["a@acme.com", "b@acme.com", None, "a@acme.com", float("nan"), pd.NA, "c@gmail.com"],
        index=[10, 11, 12, 13, 14, 15, 16],
        name="email",
    )
    domains = map_distinct(emails, domain)
    assert domains.tolist() == ["acme.com", "acme.com", None, "acme.com", None, None, "gmail.com"]
    assert domains.index.tolist() == [10, 11, 12, 13, 14, 15, 16]
    assert domains.name == "email"
    assert len(calls) == 4
    assert set(calls) == {"a@acme.com", "b@acme.com", "c@gmail.com", None}


def test_map_distinct_keeps_sequence_results_whole() -> None:
    result = map_distinct(pd.Series(["a b", "c d", "a b"]), lambda value: tuple(value.split()) if value else ())
    assert result.tolist() == [("a", "b"), ("c", "d"), ("a", "b")]


def test_map_distinct_calls_fn_with_none_only_for_missing_values() -> None:
    assert map_distinct(pd.Series(["Acme"]), str.lower).tolist() == ["acme"]


def test_holds_for_pairs_asks_once_per_distinct_pair_and_only_where_asked() -> None:
    calls: list[tuple[object, object]] = []

    def longer(a: str | None, b: str | None) -> bool:
        calls.append((a, b))
        return a is not None and b is not None and len(a) > len(b)

    left = pd.Series(["acme corp", "acme", "acme corp", None, "zeta", "acme corp"], index=[5, 6, 7, 8, 9, 10])
    right = pd.Series(["acme", "acme corp", "acme", "acme", "zeta", float("nan")], index=[5, 6, 7, 8, 9, 10])
    where = np.array([True, True, True, True, False, True])
    assert holds_for_pairs(left, right, where, longer).tolist() == [True, False, True, False, False, False]
    # The repeated pair is asked once, the row outside ``where`` never, and a missing value as None.
    assert sorted(calls, key=str) == sorted(
        [("acme corp", "acme"), ("acme", "acme corp"), (None, "acme"), ("acme corp", None)], key=str
    )
    assert not holds_for_pairs(left, right, np.zeros(6, dtype=bool), longer).any()


def test_record_positions_finds_each_record_by_system_and_id() -> None:
    systems = pd.Series(["salesforce", "hubspot", "salesforce", "zendesk", "hubspot"])
    ids = pd.Series(["1", "1", "2", None, "9"], dtype="string")
    in_systems = pd.Series(["hubspot", "salesforce", "salesforce", "zendesk"])
    in_ids = pd.Series(["1", "2", "1", None], dtype="string")
    # "1" in Salesforce and in HubSpot are two records; a missing id is no record; "9" is not there.
    assert record_positions(systems, ids, in_systems, in_ids).tolist() == [2, 0, 1, -1, -1]


def test_a_record_that_occurs_twice_is_found_at_its_last_position() -> None:
    twice = pd.Series(["7", "8", "7"], dtype="string")
    systems = pd.Series(["hubspot"] * 3)
    assert record_positions(pd.Series(["hubspot"]), pd.Series(["7"]), systems, twice).tolist() == [2]


def test_no_records_to_look_up_or_none_to_look_among() -> None:
    nothing = pd.Series([], dtype="string")
    assert record_positions(nothing, nothing, pd.Series(["hubspot"]), pd.Series(["1"])).tolist() == []
    assert record_positions(pd.Series(["hubspot"]), pd.Series(["1"]), nothing, nothing).tolist() == [-1]
