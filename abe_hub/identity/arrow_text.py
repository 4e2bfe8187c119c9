"""Text columns to Arrow and back, for the normalisers that run on whole columns in Arrow's kernels.

A million addresses or phone numbers, mostly distinct, are too many for a Python call per value;
Arrow trims, matches and rewrites them (RE2) in a fraction of the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def arrow_text(values: pd.Series) -> pa.Array:
    """The column as Arrow text. A value that is not text (a number in an address column) or that
    UTF-8 cannot hold (a lone surrogate) is missing, as pandas' string methods take it."""
    array = values.to_numpy(dtype=object)
    try:
        return pa.array(array, type=pa.string(), from_pandas=True)
    except (pa.ArrowException, UnicodeEncodeError):
        return pa.array([value if _encodable(value) else None for value in array], type=pa.string())


def _encodable(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def python_text(text: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Arrow text as an object array of ``str`` and None. Not ``to_pandas()``: that hashes every value
    to share equal strings, which took three times as long as the conversion on a million addresses."""
    return text.to_numpy(zero_copy_only=False).astype(object, copy=False)
