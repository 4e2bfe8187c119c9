"""Applying scalar normalisers to whole columns at the cost of their distinct values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from abe_hub.identity.frames_sql import query


def map_distinct(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``series.map(fn)``, calling ``fn`` once per distinct value, and once with None if any is missing.

    Source columns repeat heavily (a million contacts share a few hundred thousand email domains and
    company names), so normalising the distinct values and spreading the results back by position is
    what keeps identity resolution inside its time budget. NaN, None and pd.NA all reach ``fn`` as
    None, the one "missing" the scalar normalisers understand. Index and name are kept.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # Filled one by one so that results which are themselves sequences stay single objects;
    # the sentinel -1 of missing values picks the last slot, fn(None).
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        results[i] = fn(value)
    if (codes == -1).any():
        results[-1] = fn(None)
    return pd.Series(results[codes], index=series.index, name=series.name, dtype=object)


def holds_for_pairs(left: pd.Series, right: pd.Series, where: np.ndarray, fn: Callable[[Any, Any], bool]) -> np.ndarray:
    """``fn(left[i], right[i])`` for the rows ``where`` holds (False elsewhere), once per distinct pair,
    a missing value reaching ``fn`` as None.

    For pairwise tests no vectorised library offers (a typed name being a unit of an account's name):
    the candidate rows repeat the same few pairs many times. The pairs are told apart as integer
    codes: a dictionary of text pairs, filled row by row, cost a second on the large world's leads.
    """
    rows = np.flatnonzero(where)
    found = np.zeros(len(left), dtype=bool)
    if not len(rows):
        return found
    left_codes, lefts = _codes(left.to_numpy(dtype=object)[rows])
    right_codes, rights = _codes(right.to_numpy(dtype=object)[rows])
    pairs, inverse = np.unique(left_codes * len(rights) + right_codes, return_inverse=True)
    firsts, seconds = lefts[pairs // len(rights)].tolist(), rights[pairs % len(rights)].tolist()
    results = np.fromiter((bool(fn(a, b)) for a, b in zip(firsts, seconds, strict=True)), dtype=bool, count=len(pairs))
    found[rows] = results[inverse]
    return found


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An integer code per value and the distinct values they stand for, missing ones as None."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes).astype(np.int64), np.append(np.asarray(uniques, dtype=object), None)


def record_positions(systems: pd.Series, ids: pd.Series, in_systems: pd.Series, in_ids: pd.Series) -> np.ndarray:
    """For each record (``systems``, ``ids``), the position of the same record among (``in_systems``,
    ``in_ids``), the last one if it occurs twice; -1 where it does not occur, or its id is missing.

    Joined in DuckDB, on both cores: pandas' merge on two text columns cost seconds on a million
    people, and factorizing both sides' text to integer codes still took two.
    """
    records = pd.DataFrame(
        {"row": np.arange(len(ids)), "system": systems.to_numpy(dtype=object), "id": ids.to_numpy(dtype=object)}
    )
    among = pd.DataFrame(
        {
            "position": np.arange(len(in_ids)),
            "system": in_systems.to_numpy(dtype=object),
            "id": in_ids.to_numpy(dtype=object),
        }
    )
    found = query(
        """
        WITH last AS (SELECT system, id, max(position) AS position FROM among GROUP BY system, id)
        SELECT coalesce(last.position, -1) AS position
        FROM records LEFT JOIN last USING (system, id)
        ORDER BY records.row
        """,
        records=records,
        among=among,
    )
    return found["position"].to_numpy(dtype=np.int64)
