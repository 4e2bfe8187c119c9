"""Precision, recall and F1 of a resolution against known truth: the figures we publish.

Dedupe is scored on pairs (two records put together that truly belong together), the measure
record-linkage papers and Splink's own evaluation use; it is computed from group sizes, so it costs
linear time even for a million records. Lead-to-account matching is scored per lead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    predicted: int
    actual: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(predicted: pd.Series, actual: pd.Series) -> Scores:
    """Pairwise scores of predicted clusters against true entities (records with no truth are left out)."""
    frame = pd.DataFrame({"predicted": predicted.to_numpy(), "actual": actual.to_numpy()}).dropna()
    together = _pairs(frame.groupby(["predicted", "actual"]).size())
    predicted_pairs = _pairs(frame.groupby("predicted").size())
    actual_pairs = _pairs(frame.groupby("actual").size())
    return Scores(
        precision=together / predicted_pairs if predicted_pairs else 1.0,
        recall=together / actual_pairs if actual_pairs else 1.0,
        predicted=predicted_pairs,
        actual=actual_pairs,
    )


def assignment_scores(predicted: pd.Series, actual: pd.Series) -> Scores:
    """Per-record scores of an assignment (lead -> true company) where either side may be null.

    Precision: of the records assigned, how many went to their true entity. Recall: of the records
    that have a true entity to go to, how many were assigned to it.
    """
    frame = pd.DataFrame({"predicted": predicted.to_numpy(), "actual": actual.to_numpy()})
    assigned = frame["predicted"].notna()
    matchable = frame["actual"].notna()
    correct = int((assigned & matchable & (frame["predicted"] == frame["actual"])).sum())
    return Scores(
        precision=correct / int(assigned.sum()) if assigned.any() else 1.0,
        recall=correct / int(matchable.sum()) if matchable.any() else 1.0,
        predicted=int(assigned.sum()),
        actual=int(matchable.sum()),
    )
