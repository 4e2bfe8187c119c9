"""The whole resolution: the same tables whether the accounts resolve in this process or in a worker,
and a worker that is stopped when its other half fails."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from abe_hub.identity.resolve import Resolution, Rules, resolve
from abe_hub.identity.side_by_side import side_by_side
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import account_frame, person_frame

TABLES = ("account_xref", "person_xref", "account_hierarchy", "hierarchy_issues", "key_merges")


def _assert_same(one: Resolution, other: Resolution) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(one, table), getattr(other, table), obj=table)


def test_resolving_the_accounts_in_a_worker_process_gives_the_same_tables(default_world_path: Path) -> None:
    store = WorldStore(default_world_path)
    accounts, people = account_frame(store), person_frame(store)
    here = resolve(accounts, people)
    in_worker = resolve(accounts, people, rules=Rules(parallel_from=0))
    _assert_same(here, in_worker)
    previous = {"previous_accounts": here.account_xref, "previous_people": here.person_xref}
    _assert_same(
        resolve(accounts, people, **previous), resolve(accounts, people, **previous, rules=Rules(parallel_from=0))
    )


def test_every_text_in_the_tables_is_a_plain_str(default_world_path: Path) -> None:
    """``numpy.str_`` (what iterating a numpy array of text gives) passes for text everywhere but in a
    pickle, where each value costs twenty times a ``str``: a worker's result crosses as one."""
    store = WorldStore(default_world_path)
    resolution = resolve(account_frame(store), person_frame(store))
    for table in TABLES:
        frame = getattr(resolution, table)
        for column in frame.select_dtypes(include="object").columns:
            kinds = {type(value) for value in frame[column] if value is not None}
            assert kinds <= {str}, f"{table}.{column} holds {kinds}"


def test_an_error_in_the_worker_reaches_the_caller_as_it_is() -> None:
    people = pd.DataFrame({"source_system": ["hubspot"], "source_id": ["1"]})
    with pytest.raises(ValueError, match="account input lacks required column"):
        resolve(pd.DataFrame({"source_id": ["1"]}), people, rules=Rules(parallel_from=0))


def test_a_failure_beside_the_worker_stops_it_instead_of_waiting_for_it(tmp_path: Path) -> None:
    finished = tmp_path / "finished"
    with pytest.raises(RuntimeError, match="the people's half failed"):
        side_by_side(_finish_after, (finished, 3.0), _fails, ("the people's half failed",))
    time.sleep(5)  # longer than the worker's task: left to run, it would have finished by now
    assert not finished.exists()


def _finish_after(path: Path, seconds: float) -> None:
    time.sleep(seconds)
    path.write_text("finished")


def _fails(message: str) -> None:
    raise RuntimeError(message)
