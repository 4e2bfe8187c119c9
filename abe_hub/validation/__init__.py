"""Validation of the layers the project owns, with Pandera: rows that fail go to quarantine with a
reason, tables that break their contract stop the run. Plain functions over DataFrames, no Dagster.

- ``checks``, ``relations``: the row checks and how each failure is explained;
- ``rejects``: ``validate`` (valid rows + rejects, or ``ContractViolation``);
- ``inputs``: identity's inputs (``ACCOUNTS``, ``PEOPLE``); ``outputs``: the identity schema's tables.
"""

from abe_hub.validation.rejects import REJECT_COLUMNS, ContractViolation, Validated, validate

__all__ = ["REJECT_COLUMNS", "ContractViolation", "Validated", "validate"]
