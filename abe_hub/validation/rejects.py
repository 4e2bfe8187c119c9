"""Split a table into the rows a layer may use and the rejects, or stop when the table itself is broken.

Two kinds of failure, two answers. A *row* failure (a malformed email, a name full of control
characters) is the record's problem: the record is set aside with a reason a person can act on, and
the run goes on with the rest. A *contract* failure (a key column missing, keys null or duplicated, a
column of the wrong type) means the table cannot be trusted at all: going on would write wrong
results that look right, so it raises ``ContractViolation`` naming the table, column and keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from abe_hub.validation import checks, relations
from abe_hub.validation.checks import KEEPS_RECORD, RowRule, shown

RULES: dict[str, RowRule] = {**checks.RULES, **relations.RULES}

REJECT_COLUMNS = ["table", "record_key", "check", "column", "failure_value", "reason", "quarantined_at", "outcome"]
REJECT_DTYPES = {column: "string" for column in REJECT_COLUMNS} | {"quarantined_at": "datetime64[ns, UTC]"}
# outcome: "rejected" (the record is kept out of the layer) or "flagged" (it goes on; the value is noted)
REJECTED, FLAGGED = "rejected", "flagged"
SAMPLE_KEYS = 5
VALUE_LIMIT = 200


class ContractViolation(Exception):
    """A table broke its contract: its results would be meaningless, so nothing downstream may run."""

    def __init__(self, table: str, breaches: list[str]) -> None:
        self.table = table
        self.breaches = breaches
        super().__init__(f"{table} breaks its contract: " + "; ".join(breaches))


@dataclass(frozen=True)
class Validated:
    """A table split in two: ``valid`` rows for the next step, ``rejects`` saying what failed and why.

    ``rejects`` has one row per failed check per record (``REJECT_COLUMNS``). A record with a
    ``rejected`` outcome is not in ``valid``; a ``flagged`` one is, its failure only noted.
    """

    valid: pd.DataFrame
    rejects: pd.DataFrame

    @property
    def rejected_keys(self) -> set[str]:
        return set(self.rejects.loc[self.rejects["outcome"] == REJECTED, "record_key"])

    @property
    def flagged_keys(self) -> set[str]:
        return set(self.rejects.loc[self.rejects["outcome"] == FLAGGED, "record_key"])


def empty_rejects() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in REJECT_DTYPES.items()})


def record_keys(frame: pd.DataFrame, key_columns: list[str]) -> pd.Series:
    """Each row's key as one string, ``salesforce:0015g0000000001AAA``; ``row 7`` (its index) without
    key columns."""
    parts = [frame[c].astype("string").fillna("<null>") for c in key_columns if c in frame.columns]
    if not parts:
        return pd.Series([f"row {i}" for i in frame.index], index=frame.index, dtype="string")
    return parts[0].str.cat(parts[1:], sep=":") if len(parts) > 1 else parts[0]


def _check_of(schema: pa.DataFrameSchema, context: str, column: object, number: object) -> pa.Check | None:
    """The schema's own check behind a failure case; None for what Pandera checks by itself
    (presence of columns, dtypes, nulls, uniqueness), which has no check number."""
    if pd.isna(number):
        return None
    owner = schema.columns.get(column) if context == "Column" else schema
    return owner.checks[int(number)] if owner is not None else None


def _row_checks(schema: pa.DataFrameSchema, cases: pd.DataFrame) -> pd.Series:
    """For each failure case, the row check it reports a record's failure of, or None if it is a
    contract failure. A table-wide row check reports every column of a failing row: only the case
    on the column its verdict is about (``statistics["column"]``) counts, the others are dropped."""
    found = pd.Series(None, index=cases.index, dtype=object)
    echoes = pd.Series(False, index=cases.index)
    for (context, column, number), group in cases.groupby(
        ["schema_context", "column", "check_number"], dropna=False, sort=False
    ):
        check = _check_of(schema, context, column, number)
        if check is None or check.name not in RULES:
            continue
        located = group.index[group["index"].notna()]
        if column == check.statistics.get("column", column):
            found[located] = check
        else:
            echoes[located] = True
    return found[~echoes]


# Pandera's names for what a contract promises, as a reader would say them.
_BROKEN = {"not_nullable": "null", "field_uniqueness": "not unique", "multiple_fields_uniqueness": "not unique"}


def _breaches(cases: pd.DataFrame, keys: pd.Series) -> list[str]:
    """One sentence per broken promise: which column(s), what is wrong, and a few records."""
    breaches = []
    # a key unique only in combination is one promise over its columns; anything else, one per column
    promise = cases["check"].where(
        cases["check"] == "multiple_fields_uniqueness", cases["check"] + " " + cases["column"].astype(str)
    )
    for _, group in cases.groupby(promise, sort=False):
        check = group["check"].iloc[0]
        if check == "column_in_dataframe":
            breaches.extend(f"column {c!r} is missing" for c in group["failure_case"])
            continue
        columns = ", ".join(dict.fromkeys(str(c) for c in group["column"] if pd.notna(c))) or "the table"
        rows = group["index"].dropna().astype(int).unique()
        found = list(dict.fromkeys(keys.loc[rows])) if len(rows) else [str(v) for v in group["failure_case"]]
        more = f" and {len(found) - SAMPLE_KEYS} more" if len(found) > SAMPLE_KEYS else ""
        what = _BROKEN.get(check, f"fails {check}")
        label = "records" if len(rows) else "found"
        breaches.append(f"{columns} {what} ({label} {', '.join(found[:SAMPLE_KEYS])}{more})")
    return breaches


def _rejects(cases: pd.DataFrame, row_checks: pd.Series, table: str, keys: pd.Series) -> pd.DataFrame:
    """The reject rows of the row failures, with ``row``: the failing row's position in the input."""
    at = pd.Timestamp(datetime.now(UTC))
    rows = []
    for position, check in row_checks.items():
        case = cases.loc[position]
        rule, row = RULES[check.name], int(case["index"])
        rows.append(
            {
                "table": table,
                "record_key": keys.loc[row],
                "check": check.name,
                "column": case["column"],
                "failure_value": shown(case["failure_case"], VALUE_LIMIT),
                "reason": rule.explain(case["column"], case["failure_case"], check.statistics),
                "quarantined_at": at,
                "outcome": FLAGGED if rule.keeps_record or check.statistics.get(KEEPS_RECORD) else REJECTED,
                "row": row,
            }
        )
    return pd.DataFrame.from_records(rows, columns=[*REJECT_COLUMNS, "row"]).astype(REJECT_DTYPES)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, table: str, key_columns: list[str]) -> Validated:
    """``frame`` checked against ``schema``: its valid rows, and a reject row per failed check per record.

    Never raises for a row: every input row is either in ``valid`` or has a ``rejected`` row in
    ``rejects``. Raises ``ContractViolation`` when the table breaks the schema's contract (anything
    that is not a row check of ``RULES``: a missing column, a wrong dtype, null or duplicate keys).
    """
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        frame = frame.reset_index(drop=True)
    try:
        schema.validate(frame, lazy=True)
        return Validated(valid=frame, rejects=empty_rejects())
    except SchemaErrors as errors:
        cases = errors.failure_cases
    # Keys of the failing rows only (by position, the frame's index): a million keys joined as text
    # cost a second, and only the few that failed are ever read.
    failing = cases["index"].dropna().astype(int).unique()
    keys = record_keys(frame.iloc[failing], key_columns)
    row_checks = _row_checks(schema, cases)
    contract = cases.loc[row_checks.index[row_checks.isna()]]
    if len(contract):
        raise ContractViolation(table, _breaches(contract, keys))
    rejects = _rejects(cases, row_checks, table, keys)
    kept = np.ones(len(frame), dtype=bool)
    kept[rejects.loc[rejects["outcome"] == REJECTED, "row"].to_numpy(dtype=np.int64)] = False
    valid = frame.iloc[np.flatnonzero(kept)].reset_index(drop=True)
    return Validated(valid=valid, rejects=rejects.drop(columns="row"))
