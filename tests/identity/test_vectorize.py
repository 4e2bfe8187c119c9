"""Column-wise application of scalar normalisers."""

from __future__ import annotations

import pandas as pd

from abe_hub.identity.domains import email_domain
from abe_hub.identity.vectorize import map_distinct


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
