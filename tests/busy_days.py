"""Advancing a test world until it has deleted what a test needs to see deleted."""

from __future__ import annotations

from collections.abc import Iterable

from abe_hub.sandbox import WorldStore, advance


def advance_until_deleted(
    store: WorldStore, objects: Iterable[str], *, days: int, change_share: float, max_days: int = 30
) -> None:
    """Advance ``days`` days, then one more at a time until each of ``objects`` ("zendesk.tickets") has
    lost a record.

    Deletes are drawn at random, and a small world's few tickets or Zendesk users may see none in a
    week: a test of how deletes travel would then pass without a delete to carry. ``max_days`` bounds
    the wait, so a world that cannot delete an object fails here, not in a loop.
    """
    wanted = set(objects)
    deleted = set(advance(store, days, change_share=change_share).deleted)
    for _ in range(max_days - days):
        if wanted <= deleted:
            return
        deleted |= set(advance(store, 1, change_share=change_share).deleted)
    missing = wanted - deleted
    assert not missing, f"{max_days} days deleted no record of {sorted(missing)}"
