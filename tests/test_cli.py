"""The terminal interface drives the same code as everything else."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from abe_hub.cli import app
from abe_hub.sandbox import WorldStore

runner = CliRunner()


def test_generate_status_advance(tmp_path: Path) -> None:
    world = tmp_path / "w.db"
    result = runner.invoke(app, ["sandbox", "generate", "--preset", "tiny", "--world", str(world)])
    assert result.exit_code == 0, result.output
    assert "salesforce.Account" in result.output
    before = WorldStore(world).now_ms
    result = runner.invoke(app, ["sandbox", "advance", "--days", "2", "--world", str(world)])
    assert result.exit_code == 0, result.output
    assert "advanced 2 day(s)" in result.output
    assert WorldStore(world).now_ms == before + 2 * 86_400_000


def test_missing_world_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sandbox", "status", "--world", str(tmp_path / "nope.db")])
    assert result.exit_code != 0
    assert "no sandbox world" in str(result.exception)


def test_unknown_preset_is_rejected(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sandbox", "generate", "--preset", "huge", "--world", str(tmp_path / "w.db")])
    assert result.exit_code != 0
    assert "unknown world preset" in str(result.exception)
