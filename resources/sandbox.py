"""The sandbox world as a Dagster resource: where it lives and what it is generated from."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource
from pydantic import Field

from abe_hub.sandbox import WorldStore, generate_world, preset


class SandboxResource(ConfigurableResource):
    """A generated world on disk. The default is what `make demo` uses."""

    world_path: str = "data/sandbox/world.db"
    preset: str = "default"
    seed: int = 42
    separate_process: bool = Field(
        default=False,
        description=(
            "Serve the emulators from a child process instead of a thread of the run. A real API "
            "answers from elsewhere while the client works; in a thread the emulator shares the run's "
            "interpreter lock, so on a large world serving and extracting take turns. Starting the "
            "process costs about two seconds per source, which small worlds do not win back."
        ),
    )

    def generate(self) -> WorldStore:
        return generate_world(Path(self.world_path), preset(self.preset, seed=self.seed))

    def open(self) -> WorldStore:
        """The existing world, or a freshly generated one when there is none yet."""
        path = Path(self.world_path)
        return WorldStore(path) if path.exists() else self.generate()
