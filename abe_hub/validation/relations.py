"""Checks across the rows or columns of one table: parent links, hierarchy depth, merged keys.

They are Pandera DataFrame checks that return one verdict per row; ``statistics["column"]`` names
the column the verdict is about, so a failure is reported once, on that column.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from abe_hub.validation.checks import RowRule, quoted

PARENT = "parent_source_id"


def _record_ids(frame: pd.DataFrame, id_column: str) -> pd.Series:
    """``system␟id``: ids are only unique within their system."""
    return frame["source_system"].astype("string") + "\x1f" + frame[id_column].astype("string")


def parent_exists() -> pa.Check:
    """A parent link names a record of the same system in the table.

    A link to a record that is gone (deleted, merged away) does not make the account itself wrong,
    so the record goes on; the identity core sets the link aside as an orphan claim.
    """

    def test(frame: pd.DataFrame) -> pd.Series:
        if PARENT not in frame:
            return pd.Series(True, index=frame.index)
        return frame[PARENT].isna() | _record_ids(frame, PARENT).isin(_record_ids(frame, "source_id"))

    return pa.Check(test, name="parent_exists", statistics={"column": PARENT})


def on_parent_cycle(frame: pd.DataFrame) -> pd.Series:
    """Whether each record's parent chain comes back to it.

    Each record has at most one parent, so peeling records that nobody names as parent, round after
    round, leaves exactly the records on cycles; a round costs one pass over the table, and there
    are as many rounds as the hierarchy is deep.
    """
    if PARENT not in frame:
        return pd.Series(False, index=frame.index)
    node = _record_ids(frame, "source_id").to_numpy()
    parent = _record_ids(frame, PARENT).where(frame[PARENT].notna()).to_numpy()
    alive = pd.Series(True, index=range(len(frame)))
    while True:
        named = pd.Index(pd.Series(parent[alive.to_numpy()]).dropna().unique())
        leaves = alive & ~pd.Series(node).isin(named)
        if not leaves.any():
            return pd.Series(alive.to_numpy(), index=frame.index)
        alive &= ~leaves


def no_parent_cycle() -> pa.Check:
    """A parent chain that ends: an account cannot be its own ancestor.

    The records of a loop are all real accounts and the loop has no wrong end to cut here, so they
    go on; the identity core breaks the loop at its weakest link and reports it.
    """
    return pa.Check(lambda frame: ~on_parent_cycle(frame), name="no_parent_cycle", statistics={"column": PARENT})


def depth_matches_parent() -> pa.Check:
    """Depth 0 exactly for accounts without a parent: a root has none, a child has one."""
    return pa.Check(
        lambda frame: (frame["depth"] == 0) == frame["parent_account_key"].isna(),
        name="depth_matches_parent",
        statistics={"column": "depth"},
    )


def distinct_keys() -> pa.Check:
    """A merge joins two different keys: a key merged into itself is a bookkeeping error."""
    return pa.Check(
        lambda frame: frame["old_key"] != frame["new_key"], name="distinct_keys", statistics={"column": "old_key"}
    )


RULES: dict[str, RowRule] = {
    "parent_exists": RowRule(
        lambda column, value, _: (
            f"{column} {quoted(value)} names no record of the same system; the record is kept and the link set aside"
        ),
        keeps_record=True,
    ),
    "no_parent_cycle": RowRule(
        lambda column, value, _: (
            f"{column} {quoted(value)} leads back to this record: the parent chain is a loop; "
            "the record is kept and the loop broken at its weakest link"
        ),
        keeps_record=True,
    ),
    "depth_matches_parent": RowRule(
        lambda column, value, _: (
            f"{column} {value!r} disagrees with the parent link: depth is 0 exactly when there is no parent"
        )
    ),
    "distinct_keys": RowRule(lambda column, value, _: f"{column} {quoted(value)} is merged into itself"),
}
