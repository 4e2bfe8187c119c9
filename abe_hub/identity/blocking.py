"""Candidate pairs by blocking: only records that share a key are ever compared.

This is what keeps resolution near-linear: a million records make a few million pairs, not half a
trillion. A block larger than ``max_block`` is skipped, because a key that common (a city, a very
frequent name prefix) says too little to be worth the square of its size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def pairs_sharing(keys: pd.Series, max_block: int) -> pd.DataFrame:
    """Every pair of row positions (``left`` < ``right``) whose key is equal and not empty."""
    frame = pd.DataFrame({"key": keys.to_numpy(), "row": np.arange(len(keys))})
    frame = frame[frame["key"].notna() & (frame["key"] != "")]
    sizes = frame.groupby("key")["row"].transform("size")
    frame = frame[(sizes > 1) & (sizes <= max_block)]
    pairs = frame.merge(frame, on="key", suffixes=("_l", "_r"))
    pairs = pairs[pairs["row_l"] < pairs["row_r"]]
    return pd.DataFrame({"left": pairs["row_l"].to_numpy(), "right": pairs["row_r"].to_numpy()})
