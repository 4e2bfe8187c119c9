"""Which ABE program file a deployment runs: a setting of its own, since the program is business
configuration that changes on a marketing calendar, not with the code or the warehouse."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource
from pydantic import Field

from abe_hub.program import DEFAULT_PROGRAM_PATH

PROGRAM_ENV_VAR = "ABE_HUB_PROGRAM"


class ProgramResource(ConfigurableResource):
    """The program YAML: ``path`` if set, else ``$ABE_HUB_PROGRAM``, else the shipped default."""

    path: str | None = Field(
        default=None, description=f"ABE program YAML; unset: ${PROGRAM_ENV_VAR}, else the shipped sandbox default"
    )

    def program_path(self) -> Path:
        """Read when the run starts, so a changed variable takes effect without reloading the code location."""
        return Path(self.path or os.environ.get(PROGRAM_ENV_VAR) or DEFAULT_PROGRAM_PATH)
