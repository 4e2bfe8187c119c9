"""The ABE program configuration: ICP, buyer personas, target list, launch, lifecycle, health, coverage.

One YAML file (``default_program.yaml`` ships, fitted to the sandbox world) is loaded and validated by
``load_program``; ``program_tables`` turns it into the ``program`` schema's tables and
``TitleClassifier`` applies its persona rules in Python exactly as ``int_title_personas`` does in SQL.
"""

from abe_hub.program.load import DEFAULT_PROGRAM_PATH, ProgramError, load_program
from abe_hub.program.model import Program
from abe_hub.program.personas import TitleClassifier, normalised_title, persona_rule_rows
from abe_hub.program.tables import TABLE_DESCRIPTIONS, program_tables

__all__ = [
    "DEFAULT_PROGRAM_PATH",
    "TABLE_DESCRIPTIONS",
    "Program",
    "ProgramError",
    "TitleClassifier",
    "load_program",
    "normalised_title",
    "persona_rule_rows",
    "program_tables",
]
