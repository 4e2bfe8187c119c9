"""Two independent halves of a computation at once: one in a worker process, the other here.

A resolution's account half and the people's evidence share nothing and take about as long, so on
two cores they can overlap. The worker is loky's: a fresh interpreter, as a spawned one is (a fork
would copy the caller's threads mid-step: Dagster's, DuckDB's), that never re-runs the caller's
main script, as a spawned one does (a script without a ``__main__`` guard would start over).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from loky import ProcessPoolExecutor

There = TypeVar("There")
Here = TypeVar("Here")


def side_by_side(
    there: Callable[..., There], there_args: tuple[Any, ...], here: Callable[..., Here], here_args: tuple[Any, ...]
) -> tuple[There, Here]:
    """``there(*there_args)`` in a worker process while ``here(*here_args)`` runs in this one.

    ``there`` must be importable by name (a module-level function), and its arguments and result
    picklable. An error on either side is raised here as it was raised; when ``here`` fails, the
    worker is stopped rather than waited for.
    """
    worker = ProcessPoolExecutor(max_workers=1)
    try:
        pending = worker.submit(there, *there_args)
        done_here = here(*here_args)
        done_there = pending.result()
    except BaseException:
        worker.shutdown(wait=False, kill_workers=True)
        raise
    worker.shutdown()
    return done_there, done_here
