"""`make demo` end to end on a small world: the nightly job runs and the summary shows the raw layer,
identity resolution, the fact marts and the account-based view BI reads."""

from __future__ import annotations

import re
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
    for mart in ("fct_opportunity", "fct_activity", "fct_ticket"):
        assert re.search(rf"marts\W+{mart}\W+[1-9][0-9,]*", output), f"no row count of marts.{mart}"
    assert (tmp_path / "data" / "warehouse.duckdb").exists()
    assert re.search(r"golden accounts \(targets, customers\)\W+[1-9][0-9,]* \([0-9,]+, [1-9][0-9,]*\)", output)
    assert "lifecycle: " in output and "top at-risk customers" in output
    assert (tmp_path / "data" / "published" / "warehouse.duckdb").exists()
    run_demo(world, console)  # a second night: incremental, and it must succeed too
    assert "done in" in console.export_text()
