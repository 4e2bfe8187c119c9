"""Applying scalar normalisers to whole columns at the cost of their distinct values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def map_distinct(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``series.map(fn)``, calling ``fn`` once per distinct value, and once with None if any is missing.

    Source columns repeat heavily (a million contacts share a few hundred thousand email domains and
    company names), so normalising the distinct values and spreading the results back by position is
    what keeps identity resolution inside its time budget. NaN, None and pd.NA all reach ``fn`` as
    None, the one "missing" the scalar normalisers understand. Index and name are kept.
    """
    return map_distinct_many(series, {"value": fn})["value"].rename(series.name).astype(object)


def map_distinct_many(series: pd.Series, functions: dict[str, Callable[[Any], Any]]) -> pd.DataFrame:
    """Several normalisers of one column, the column factorised once: one result column per function."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    missing = bool((codes == -1).any())
    columns = {}
    for name, fn in functions.items():
        # Filled one by one so that sequences stay single objects; missing values (code -1) take the
        # last slot, fn(None), called only when there are any.
        results = np.empty(len(uniques) + 1, dtype=object)
        for i, value in enumerate(uniques):
            results[i] = fn(value)
        if missing:
            results[-1] = fn(None)
        columns[name] = results[codes]
    return pd.DataFrame(columns, index=series.index)
