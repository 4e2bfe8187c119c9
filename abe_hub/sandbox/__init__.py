"""The embedded default: a generated B2B world with its ground truth, served by loopback emulators
of the Salesforce, HubSpot and Zendesk APIs so that everything runs without credentials."""

from abe_hub.sandbox.advance import advance
from abe_hub.sandbox.generate import generate_world
from abe_hub.sandbox.spec import PRESETS, WorldSpec, preset
from abe_hub.sandbox.store import WorldStore

__all__ = ["PRESETS", "WorldSpec", "WorldStore", "advance", "generate_world", "preset"]
