"""Validation of the layers the project owns, with Pandera: rows that fail go to quarantine with a
reason, tables that break their contract stop the run. Plain functions over DataFrames, no Dagster.

- ``checks``, ``relations``: the row checks and how each failure is explained;
- ``rejects``: ``validate`` (valid rows + rejects, or ``ContractViolation``);
- ``columns``: the column specs the schemas share (record keys, references, text);
- ``inputs``: identity's inputs (``ACCOUNTS``, ``PEOPLE``); ``outputs``: the identity schema's tables;
- ``facts``, ``attributes``: what the marts read and identity does not (``OPPORTUNITIES``,
  ``SALESFORCE_ACCOUNTS``' customer-since date).
"""

from abe_hub.validation.rejects import REJECT_COLUMNS, ContractViolation, Validated, validate

__all__ = ["REJECT_COLUMNS", "ContractViolation", "Validated", "validate"]
