"""Clusters from scored links: the strongest links first, so a doubtful link never decides alone.

Union-find with path halving, over plain lists because pandas item assignment was most of the cost,
keeps it linear in links. An optional exclusive attribute (the country of an account) refuses any
link that would bring two different values into one cluster: applying links strongest first means
the better-evidenced side of such a conflict wins.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def clusters_from_links(
    size: int, links: pd.DataFrame, exclusive: Sequence[str | None] | None = None
) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """Cluster labels for ``size`` records from ``links`` (``left, right, score, rule``).

    Returns the labels and, per record, the rule and score of the first link that joined it
    ("unique", 1.0 for a record no link joined).
    """
    parent = list(range(size))
    values = list(exclusive) if exclusive is not None else [None] * size
    rule: list[str] = ["unique"] * size
    score: list[float] = [1.0] * size

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ordered = links.sort_values(["score", "left", "right"], ascending=[False, True, True])
    for left, right, link_score, link_rule in zip(
        ordered["left"].tolist(),
        ordered["right"].tolist(),
        ordered["score"].tolist(),
        ordered["rule"].tolist(),
        strict=True,
    ):
        a, b = root(left), root(right)
        if a == b or (values[a] and values[b] and values[a] != values[b]):
            continue
        keep, join = (a, b) if a < b else (b, a)
        parent[join] = keep
        values[keep] = values[keep] or values[join]
        for record in (left, right):
            if rule[record] == "unique":
                rule[record], score[record] = link_rule, link_score
    return _roots(np.array(parent, dtype=np.int64)), pd.Series(rule, dtype=object), pd.Series(score, dtype=float)


def _roots(parent: np.ndarray) -> np.ndarray:
    """Each record's root, by pointer jumping over the whole array at once: every pass halves the
    longest remaining path, so a few vectorised passes replace a Python call per record."""
    while True:
        grandparent = parent[parent]
        if np.array_equal(grandparent, parent):
            return parent
        parent = grandparent
