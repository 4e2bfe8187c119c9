"""Candidate pairs by blocking: only records that share a key are ever compared.

This is what keeps resolution near-linear: a million records make a few million pairs, not half a
trillion. A block larger than ``max_block`` is skipped, because a key that common (a city, a very
frequent name prefix) says too little to be worth the square of its size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def pairs_sharing(keys: pd.Series, max_block: int) -> pd.DataFrame:
    """Every pair of row positions (``left`` < ``right``) whose key is equal and not empty.

    Keys become integer codes first (unsorted: sorting a million strings costs more than the rest),
    so block sizes and the self-join work on integers.
    """
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    usable = (codes >= 0) & (codes != pd.Index(uniques).get_indexer([""])[0])
    sizes = np.bincount(codes[usable], minlength=len(uniques))
    rows = np.flatnonzero(usable)
    rows = rows[(sizes[codes[rows]] > 1) & (sizes[codes[rows]] <= max_block)]
    frame = pd.DataFrame({"key": codes[rows], "row": rows})
    pairs = frame.merge(frame, on="key", suffixes=("_l", "_r"))
    pairs = pairs[pairs["row_l"] < pairs["row_r"]]
    return pd.DataFrame({"left": pairs["row_l"].to_numpy(), "right": pairs["row_r"].to_numpy()})
