"""Validation in Dagster: identity's inputs quarantined before resolution, its outputs checked after,
and the marts' other inputs quarantined before the marts.

``validated_rows`` is what the identity asset calls on each input table: the rows that pass go on,
the others land in ``<prefix>quarantine.rejects`` with the check and a reason, replacing that table's
rejects of the previous run. The multi-asset ``quarantine`` does the same for what the marts read
and identity does not (``MART_INPUTS``: opportunities, Salesforce account dates), between the two dbt
steps; ``fct_opportunity`` leaves out the opportunities it rejected. ``identity_contracts`` re-reads
the identity tables the asset wrote and holds them to their contracts (``abe_hub.validation.outputs``):
a broken one fails with ERROR and, the checks being blocking, stops the marts; rows quarantined
upstream make it a WARN, with counts and a sample of the rejects in the check's metadata.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    multi_asset,
    multi_asset_check,
)

from abe_hub.validation import ContractViolation, Validated, validate
from abe_hub.validation.attributes import SALESFORCE_ACCOUNTS, SALESFORCE_ACCOUNTS_TABLE
from abe_hub.validation.columns import RECORD_KEY
from abe_hub.validation.facts import OPPORTUNITIES, OPPORTUNITIES_TABLE
from abe_hub.validation.outputs import (
    KEY_COLUMNS,
    account_hierarchy_schema,
    account_xref_schema,
    key_merges_schema,
    person_xref_schema,
)
from abe_hub.validation.rejects import FLAGGED, REJECTED
from assets.raw import WAREHOUSE_POOL
from resources.tables import read_sql, replace_rows, table_exists
from resources.warehouse import WarehouseResource

QUARANTINE = "quarantine"
REJECTS = "rejects"
SAMPLE = 10
SAMPLE_COLUMNS = ["record_key", "check", "column", "outcome", "reason"]
# The identity input whose quarantined rows each identity table is missing (or was built around).
UPSTREAM = {
    "account_xref": "int_accounts_unioned",
    "person_xref": "int_people_unioned",
    "account_hierarchy": "int_accounts_unioned",
}


def quarantine_schema(warehouse: WarehouseResource) -> str:
    return f"{warehouse.dataset_prefix}{QUARANTINE}"


def validated_rows(
    warehouse: WarehouseResource, frame: pd.DataFrame, schema: pa.DataFrameSchema, table: str, key_columns: list[str]
) -> Validated:
    """``frame`` validated; its rejects replace ``table``'s in the quarantine, so a rerun leaves one set."""
    validated = validate(frame, schema, table, key_columns)
    replace_rows(warehouse, quarantine_schema(warehouse), REJECTS, validated.rejects, "table", table)
    return validated


def quarantine_metadata(validated: Validated) -> dict[str, object]:
    """Run metadata of one validated input: how many records went on, were held back, were flagged."""
    rejects = validated.rejects
    return {
        "valid records": len(validated.valid),
        "records quarantined": len(validated.rejected_keys),
        "records flagged": len(validated.flagged_keys),
        "quarantine by check": MetadataValue.json({str(k): int(v) for k, v in rejects["check"].value_counts().items()}),
        **({"quarantine sample": _sample(rejects)} if len(rejects) else {}),
    }


def _sample(rejects: pd.DataFrame) -> MetadataValue:
    return MetadataValue.md(rejects[SAMPLE_COLUMNS].head(SAMPLE).to_markdown(index=False))


def _quarantined(warehouse: WarehouseResource, table: str) -> pd.DataFrame:
    """``table``'s rejects in the quarantine, the records kept out first."""
    schema = quarantine_schema(warehouse)
    if not table_exists(warehouse, schema, REJECTS):
        return pd.DataFrame(columns=SAMPLE_COLUMNS)
    columns = ", ".join(f'"{c}"' for c in SAMPLE_COLUMNS)
    return read_sql(
        warehouse,
        f'SELECT {columns} FROM "{schema}"."{REJECTS}" WHERE "table" = \'{table}\' '
        'ORDER BY outcome DESC, "check", record_key',
    )


def _result(
    warehouse: WarehouseResource, table: str, frame: pd.DataFrame, schema: pa.DataFrameSchema
) -> AssetCheckResult:
    """One table held to its contract, and the upstream quarantine it was built without."""
    key = AssetKey(["identity", table])
    try:
        violations = validate(frame, schema, table, KEY_COLUMNS[table]).rejects
    except ContractViolation as breach:
        return AssetCheckResult(
            asset_key=key,
            passed=False,
            severity=AssetCheckSeverity.ERROR,
            metadata={"rows": len(frame), "contract": MetadataValue.text(str(breach))},
        )
    metadata: dict[str, object] = {"rows": len(frame), "violations": len(violations)}
    if len(violations):
        metadata |= {
            "violations by check": MetadataValue.json(
                {str(k): int(v) for k, v in violations["check"].value_counts().items()}
            ),
            "violation sample": _sample(violations),
        }
        return AssetCheckResult(asset_key=key, passed=False, severity=AssetCheckSeverity.ERROR, metadata=metadata)
    upstream = _quarantined(warehouse, UPSTREAM[table]) if table in UPSTREAM else pd.DataFrame()
    if len(upstream):
        metadata |= {
            "upstream table": UPSTREAM[table],
            "records quarantined upstream": int(upstream.loc[upstream["outcome"] == REJECTED, "record_key"].nunique()),
            "records flagged upstream": int(upstream.loc[upstream["outcome"] == FLAGGED, "record_key"].nunique()),
            "upstream quarantine sample": _sample(upstream),
        }
    return AssetCheckResult(
        asset_key=key, passed=not len(upstream), severity=AssetCheckSeverity.WARN, metadata=metadata
    )


CONTRACTS: dict[str, str] = {
    "account_xref": "Each resolved account record once, with a golden key, a rule and a score in [0, 1].",
    "person_xref": "Each resolved person record once, with a golden key; its account_key is one of account_xref.",
    "account_hierarchy": "One row per golden account; parents exist, depth >= 0 and 0 exactly for roots.",
    "key_merges": "Every merge joins two different, present keys at a time that has passed.",
}


@multi_asset_check(
    specs=[
        AssetCheckSpec("contract", asset=AssetKey(["identity", table]), description=description, blocking=True)
        for table, description in CONTRACTS.items()
    ],
    pool=WAREHOUSE_POOL,
)
def identity_contracts(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> Iterator[AssetCheckResult]:
    """The identity tables as written, held to their contracts; each references the golden accounts."""
    target = f"{warehouse.dataset_prefix}identity"
    frames = {table: read_sql(warehouse, f'SELECT * FROM "{target}"."{table}"') for table in CONTRACTS}
    account_keys = set(frames["account_xref"]["account_key"].dropna())
    schemas: dict[str, Callable[[], pa.DataFrameSchema]] = {
        "account_xref": account_xref_schema,
        "person_xref": lambda: person_xref_schema(account_keys),
        "account_hierarchy": lambda: account_hierarchy_schema(account_keys),
        "key_merges": key_merges_schema,
    }
    for table, frame in frames.items():
        result = _result(warehouse, table, frame, schemas[table]())
        outcome = "passed" if result.passed else f"failed ({result.severity.value})"
        context.log.info(f"{target}.{table}: {outcome}")
        yield result


VALIDATION_CHECKS = [identity_contracts]


@dataclass(frozen=True)
class MartInput:
    """A model the marts read and identity does not, and what its rows are held to."""

    layer: str  # the dbt layer: the model's schema (after the dataset prefix) and its asset key's head
    table: str
    columns: str  # the select list (a date cast to text is quoted alike in reasons on both engines)
    schema: pa.DataFrameSchema
    description: str

    @property
    def upstream(self) -> AssetKey:
        return AssetKey([self.layer, self.table])


MART_INPUTS = {
    "opportunities": MartInput(
        "intermediate",
        OPPORTUNITIES_TABLE,
        "*",
        OPPORTUNITIES,
        "Opportunities of int_opportunities_unioned validated (amount, dates, text); the rejected ones, "
        "in quarantine.rejects, are left out of fct_opportunity.",
    ),
    "accounts": MartInput(
        "staging",
        SALESFORCE_ACCOUNTS_TABLE,
        "source_system, source_id, CAST(customer_since AS TEXT) AS customer_since",
        SALESFORCE_ACCOUNTS,
        "Salesforce accounts whose Customer_Since__c lies in the future, flagged in quarantine.rejects; "
        "the accounts go on (no mart reads the field).",
    ),
}


@multi_asset(
    specs=[
        AssetSpec(
            AssetKey([QUARANTINE, name]),
            deps=[mart_input.upstream],
            description=mart_input.description,
            group_name=QUARANTINE,
        )
        for name, mart_input in MART_INPUTS.items()
    ],
    pool=WAREHOUSE_POOL,
)
def quarantine(context: AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[MaterializeResult]:
    """The marts' inputs that identity does not read, validated; their rejects replace the last run's.

    A bad row never fails the run: it is quarantined with a reason and the night goes on. Each
    table's rejects are written even when there are none, so the quarantine exists for the marts
    to read. A table breaking its contract (null or duplicate keys) raises: nothing built on it
    could be trusted.
    """
    for name, mart_input in MART_INPUTS.items():
        source = f'"{warehouse.dataset_prefix}{mart_input.layer}"."{mart_input.table}"'
        frame = read_sql(warehouse, f"SELECT {mart_input.columns} FROM {source}")
        validated = validated_rows(warehouse, frame, mart_input.schema, mart_input.table, RECORD_KEY)
        context.log.info(
            f"{source}: {len(frame):,} records, {len(validated.rejected_keys):,} quarantined, "
            f"{len(validated.flagged_keys):,} flagged"
        )
        yield MaterializeResult(
            asset_key=AssetKey([QUARANTINE, name]), metadata={"records": len(frame), **quarantine_metadata(validated)}
        )
