"""Minted keys: a record mints the same key whether it is minted alone or among a million."""

from __future__ import annotations

import hashlib

import pandas as pd

from abe_hub.identity.keys import _minted, mint_key


def test_a_column_of_minted_keys_is_the_keys_minted_one_by_one() -> None:
    anchors = pd.DataFrame(
        {
            "source_system": ["salesforce", "hubspot", "zendesk", "salesforce", "hubspot"],
            "source_id": ["001A000001", "Zoë-Ñandú", "a:b:c", "", "会社 😀"],
        },
        index=[7, 3, 11, 0, 5],
    )
    minted = _minted(anchors, "acc")
    assert minted.index.equals(anchors.index)
    assert minted.tolist() == [mint_key("acc", s, i) for s, i in anchors.itertuples(index=False)]
    # The formula itself, which keys already in warehouses depend on.
    assert minted.iloc[0] == "acc_" + hashlib.sha1(b"salesforce:001A000001").hexdigest()[:16]


def test_no_anchors_mint_no_keys() -> None:
    assert _minted(pd.DataFrame({"source_system": [], "source_id": []}), "per").empty
