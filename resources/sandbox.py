"""The sandbox world as a Dagster resource: where it lives and what it is generated from."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from abe_hub.sandbox import WorldStore, generate_world, preset


class SandboxResource(ConfigurableResource):
    """A generated world on disk. The default is what `make demo` uses."""

    world_path: str = "data/sandbox/world.db"
    preset: str = "default"
    seed: int = 42

    def generate(self) -> WorldStore:
        return generate_world(Path(self.world_path), preset(self.preset, seed=self.seed))

    def open(self) -> WorldStore:
        """The existing world, or a freshly generated one when there is none yet."""
        path = Path(self.world_path)
        return WorldStore(path) if path.exists() else self.generate()
