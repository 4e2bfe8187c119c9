"""`make demo` end to end on a small world: the nightly job runs and the summary shows the raw layer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.console import Console

from abe_hub.demo import run_demo


def test_demo_runs_the_nightly_job_and_prints_the_raw_layer(
    tiny_world_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    world = tmp_path / "world.db"
    shutil.copy(tiny_world_path, world)
    console = Console(record=True, width=200)
    run_demo(world, console)
    output = console.export_text()
    assert "raw_salesforce" in output and "raw_hubspot" in output and "raw_zendesk" in output
    assert "account records -> golden accounts" in output
    assert (tmp_path / "data" / "warehouse.duckdb").exists()
    run_demo(world, console)  # a second night: incremental, and it must succeed too
    assert "done in" in console.export_text()
