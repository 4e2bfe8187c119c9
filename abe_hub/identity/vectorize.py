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
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # Filled one by one so that results which are themselves sequences stay single objects;
    # the sentinel -1 of missing values picks the last slot, fn(None).
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        results[i] = fn(value)
    if (codes == -1).any():
        results[-1] = fn(None)
    return pd.Series(results[codes], index=series.index, name=series.name, dtype=object)
