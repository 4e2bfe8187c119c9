"""Golden keys that stay put: BI users bookmark accounts and people, so a key must survive reruns.

A cluster keeps the key its records had in the previous run. With no history (the first run, or a
cluster of new records) the key is minted from the cluster's anchor record, so the same input gives
the same keys even without history. When clusters merge, the key held by most records survives (on
a tie, the key of the record from the system of record, Salesforce first) and every other key is
recorded as merged into it; when a cluster splits, the part holding most of the old key's records
keeps it and the rest get keys of their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from abe_hub.identity.frames_sql import query
from abe_hub.identity.vectorize import record_positions

SYSTEM_PRECEDENCE = ("salesforce", "hubspot", "zendesk")


@dataclass(frozen=True)
class KeyAssignment:
    keys: pd.Series
    """The golden key of every record, aligned with the records given."""
    merges: pd.DataFrame
    """``old_key, new_key, reason``: keys that stopped existing because their cluster joined another."""


def mint_key(prefix: str, source_system: str, source_id: str) -> str:
    """A key of the record's own: the same record mints the same key on any run (``_minted`` mints a
    column of them by the same formula)."""
    digest = hashlib.sha1(f"{source_system}:{source_id}".encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


def _anchor_order(records: pd.DataFrame) -> pd.Series:
    rank = {system: i for i, system in enumerate(SYSTEM_PRECEDENCE)}
    return records["source_system"].map(rank).fillna(len(rank)).astype(int)


def _text_order(values: pd.Series) -> pd.Series:
    """Each value's place in the sorted order of all of them (equal values share one).

    Sorting on these integers instead of the ids themselves gives the same order (UTF-8 bytes sort
    as code points do) and made key assignment over a million people a third as long.
    """
    ranks = pc.rank(pa.array(values.astype(str), type=pa.string()), sort_keys="ascending", tiebreaker="dense")
    return pd.Series(ranks.to_numpy(), index=values.index)


@dataclass(frozen=True)
class RecordOrder:
    """What key assignment reads of the records alone, before any cluster is known: each record's
    system precedence, its id's place among all ids, and its position in the previous run's
    cross-reference (-1 for a new record; None without a previous run). A resolution of people
    computes it while the accounts resolve."""

    precedence: np.ndarray
    id_order: np.ndarray
    before: np.ndarray | None


def record_order(records: pd.DataFrame, previous: pd.DataFrame | None) -> RecordOrder:
    """The ``RecordOrder`` of ``records`` (``source_system, source_id``) against ``previous``."""
    before = None
    if previous is not None and not previous.empty:
        before = record_positions(
            records["source_system"], records["source_id"], previous["source_system"], previous["source_id"]
        )
    return RecordOrder(_anchor_order(records).to_numpy(), _text_order(records["source_id"]).to_numpy(), before)


def assign_keys(
    records: pd.DataFrame,
    clusters: pd.Series,
    previous: pd.DataFrame | None,
    prefix: str,
    key_column: str,
    order: RecordOrder | None = None,
) -> KeyAssignment:
    """Keys for ``clusters`` (one label per row of ``records``: ``source_system, source_id``).

    ``previous`` is the last run's cross-reference (``source_system, source_id, <key_column>``);
    ``order`` is ``record_order(records, previous)``, where the caller has it already.
    Old keys travel as integer codes until the end: grouping and deduplicating a million text keys
    was most of a nightly key assignment.
    """
    order = order or record_order(records, previous)
    frame = records[["source_system", "source_id"]].copy()
    frame["cluster"] = clusters.to_numpy()
    frame["order"] = order.precedence
    frame["id_order"] = order.id_order
    anchors = _anchors(frame)
    if previous is None or previous.empty:
        return KeyAssignment(frame["cluster"].map(_minted(anchors, prefix)).rename(key_column), _no_merges())
    if order.before is None:
        raise ValueError("the records' order was taken without the previous run: record_order(records, previous)")

    old, old_keys = _known_before(frame, previous, key_column, order.before)
    held = _held(old, len(old_keys))
    # A key claimed by several clusters (a split) stays with the cluster holding most of its records.
    held = held.sort_values(["records", "cluster"], ascending=[False, True])
    owner = held.drop_duplicates("key")
    # A cluster holding several keys (a merge) keeps the one most of its records had, on a tie the
    # one its highest-precedence record had (a Salesforce account's key before a HubSpot company's).
    owner = owner.sort_values(["cluster", "records", "anchor"], ascending=[True, False, True])
    surviving = owner.drop_duplicates("cluster").set_index("cluster")["key"]
    survivors = pd.Series(old_keys[surviving.to_numpy()], index=surviving.index, dtype=object)
    # Only clusters without a surviving key get a new one: minting is a hash per cluster.
    minted = _minted(anchors[~anchors.index.isin(survivors.index)], prefix)
    named = set(survivors[survivors.isin(minted)])  # an anchor's minted key that still names another cluster
    clash = minted.isin(named).to_numpy()
    minted[clash] = [mint_key(prefix, "split", key) for key in minted[clash]]
    chosen = pd.concat([survivors, minted])
    new_key = held["cluster"].map(surviving)
    merged = held.assign(new_key=new_key)[new_key.notna().to_numpy()]
    merged = merged[merged["key"] != merged["new_key"]]
    merged = merged[~merged["key"].isin(surviving)].drop_duplicates("key")
    merges = pd.DataFrame(
        {
            "old_key": old_keys[merged["key"].to_numpy()],
            "new_key": old_keys[merged["new_key"].to_numpy(dtype=np.int64)],
            "reason": "clusters merged",
        }
    )
    return KeyAssignment(frame["cluster"].map(chosen).rename(key_column), merges)


def _held(old: pd.DataFrame, key_count: int) -> pd.DataFrame:
    """``cluster, key, records, anchor``: how many of a cluster's records held each old key, and the
    rank of the first of them by system precedence, then id (``anchor``, smaller first).

    Cluster and key travel as one integer and precedence and id as another: grouping on them takes
    no sort and no second key column, which was a second of a nightly key assignment on a million people.
    """
    ids = int(old["id_order"].max()) + 1 if len(old) else 1
    pair = old["cluster"].to_numpy(np.int64) * key_count + old["key"].to_numpy(np.int64)
    rank = old["order"].to_numpy(np.int64) * ids + old["id_order"].to_numpy(np.int64)
    grouped = pd.Series(rank).groupby(pair, sort=False).agg(["size", "min"])
    # In anchor order, which is the order the merges are listed in among equals.
    by_anchor = np.argsort(grouped["min"].to_numpy(), kind="stable")
    pairs = grouped.index.to_numpy(np.int64)[by_anchor]
    return pd.DataFrame(
        {
            "cluster": pairs // key_count,
            "key": pairs % key_count,
            "records": grouped["size"].to_numpy()[by_anchor],
            "anchor": grouped["min"].to_numpy()[by_anchor],
        }
    )


def _anchors(frame: pd.DataFrame) -> pd.DataFrame:
    """Each cluster's anchor record (system precedence, then the smallest id), indexed by cluster."""
    by_anchor = np.lexsort((frame["id_order"].to_numpy(), frame["order"].to_numpy(), frame["cluster"].to_numpy()))
    cluster = frame["cluster"].to_numpy()[by_anchor]
    first = np.ones(len(cluster), dtype=bool)
    first[1:] = cluster[1:] != cluster[:-1]
    return frame.iloc[by_anchor[first]].set_index("cluster")


def _known_before(
    frame: pd.DataFrame, previous: pd.DataFrame, key_column: str, before: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of ``frame`` the previous run resolved (``before``: each row's position in
    ``previous``), in ``frame``'s order, each with the code of the key it had (``key``), and the keys
    those codes stand for."""
    known = before >= 0
    codes, keys = pd.factorize(previous[key_column])
    return frame[known].reset_index(drop=True).assign(key=codes[before[known]]), np.asarray(keys, dtype=object)


def _minted(anchors: pd.DataFrame, prefix: str) -> pd.Series:
    """The key minted from each cluster's anchor record (``anchors``: indexed by cluster), as
    ``mint_key`` mints it: hashed in DuckDB, on every core, since a first run mints a million keys
    and hashing them one by one in Python took longer than clustering them."""
    records = pa.table(
        {
            "place": np.arange(len(anchors)),
            "source_system": pa.array(anchors["source_system"].to_numpy(dtype=object), type=pa.string()),
            "source_id": pa.array(anchors["source_id"].to_numpy(dtype=object), type=pa.string()),
        }
    )
    keys = query(
        "SELECT $prefix || '_' || left(sha1(source_system || ':' || source_id), 16) AS key FROM records ORDER BY place",
        {"prefix": prefix},
        records=records,
    )["key"]
    return pd.Series(keys.to_numpy(dtype=object), index=anchors.index, dtype=object)


def _no_merges() -> pd.DataFrame:
    return pd.DataFrame({"old_key": pd.Series(dtype="string"), "new_key": pd.Series(dtype="string"), "reason": ""})
