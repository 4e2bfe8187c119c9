"""Shared fixtures: generated worlds are built once per session and copied where a test mutates them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from abe_hub.sandbox import WorldStore, generate_world, preset


@pytest.fixture(scope="session")
def tiny_world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("worlds") / "tiny.db"
    generate_world(path, preset("tiny")).close()
    return path


@pytest.fixture(scope="session")
def default_world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("worlds") / "default.db"
    generate_world(path, preset("default")).close()
    return path


@pytest.fixture
def mutable_world(default_world_path: Path, tmp_path: Path) -> WorldStore:
    """A private copy of the default world that a test may advance."""
    copy = tmp_path / "world.db"
    shutil.copy(default_world_path, copy)
    return WorldStore(copy)
