"""The identity schema: golden accounts and people, their hierarchy, and the keys merged away.

One resolution produces all five tables, so they are one multi-asset. It reads the unioned
intermediate models, resolves the rows that pass validation (the others go to the quarantine, with
a reason), carries the previous run's keys over (so a golden key survives the night) and replaces
each table whole. Run metadata carries what a data engineer checks first: how many records
became how many golden records, match rates by rule, leads left unmatched, hierarchy issues.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from abe_hub.identity.resolve import Resolution, resolve
from abe_hub.validation.inputs import ACCOUNTS, PEOPLE, RECORD_KEY
from assets.raw import WAREHOUSE_POOL
from assets.validation import quarantine_metadata, validated_rows
from resources.tables import read_sql, replace_table, table_exists
from resources.warehouse import WarehouseResource

INPUTS = {
    "accounts": AssetKey(["intermediate", "int_accounts_unioned"]),
    "people": AssetKey(["intermediate", "int_people_unioned"]),
}
MERGE_COLUMNS = ["old_key", "new_key", "merged_at", "reason"]
TABLES = ("account_xref", "person_xref", "account_hierarchy", "hierarchy_issues", "key_merges")
DESCRIPTIONS = {
    "account_xref": "Every source account record and its golden account_key, with the rule and score that decided it.",
    "person_xref": "Every source person record, its golden person_key and account_key, with rules and scores.",
    "account_hierarchy": "Parent, ultimate parent, depth and path of every golden account.",
    "hierarchy_issues": "Parent claims set aside: orphans, self-parents, conflicts between sources, broken cycles.",
    "key_merges": "Golden keys that stopped existing because their records joined another key, and when.",
}


def _previous(warehouse: WarehouseResource, schema: str, table: str, columns: str = "*") -> pd.DataFrame | None:
    """Last run's ``table`` (``columns`` of it), or None on the first run, when every key is minted."""
    if not table_exists(warehouse, schema, table):
        return None
    return read_sql(warehouse, f'SELECT {columns} FROM "{schema}"."{table}"')


def _rule_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Records per rule, its scores left out ("fuzzy name 0.93" counts as "fuzzy name"): counted per
    distinct rule text first, since a million records carry a few thousand texts."""
    counts = frame["match_rule"].fillna("unmatched").value_counts()
    counts.index = counts.index.str.replace(r" [0-9.]+", "", regex=True)
    by_rule = counts.groupby(level=0, sort=False).sum().sort_values(ascending=False, kind="stable")
    return {str(rule): int(count) for rule, count in by_rule.items()}


def _metadata(result: Resolution, people: pd.DataFrame) -> dict[str, dict[str, object]]:
    accounts, persons = result.account_xref, result.person_xref
    leads = persons[people["kind"].to_numpy() == "lead"]
    return {
        "account_xref": {
            "records": len(accounts),
            "golden accounts": accounts["account_key"].nunique(),
            "rules": MetadataValue.json(_rule_counts(accounts)),
        },
        "person_xref": {
            "records": len(persons),
            "golden people": persons["person_key"].nunique(),
            "people matched to an account": float(persons["account_key"].notna().mean()) if len(persons) else 0.0,
            "leads": len(leads),
            "leads unmatched": int(leads["account_key"].isna().sum()),
            "rules": MetadataValue.json(_rule_counts(persons)),
        },
        "account_hierarchy": {
            "accounts": len(result.account_hierarchy),
            "roots": int((result.account_hierarchy["depth"] == 0).sum()),
            "deepest": int(result.account_hierarchy["depth"].max()) if len(result.account_hierarchy) else 0,
        },
        "hierarchy_issues": {
            "issues": MetadataValue.json(
                {str(k): int(v) for k, v in result.hierarchy_issues["issue"].value_counts().items()}
            )
        },
        "key_merges": {"merged this run": len(result.key_merges)},
    }


@multi_asset(
    specs=[
        AssetSpec(
            AssetKey(["identity", table]),
            deps=list(INPUTS.values()),
            description=DESCRIPTIONS[table],
            group_name="identity",
        )
        for table in TABLES
    ],
    pool=WAREHOUSE_POOL,
)
def identity(context: AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[MaterializeResult]:
    """Resolve accounts, hierarchy and people from the intermediate models; keys carried over."""
    source = f"{warehouse.dataset_prefix}intermediate"
    target = f"{warehouse.dataset_prefix}identity"
    # In the order of their keys: the resolution orders records by them for the keys and the clusters,
    # and a million presorted rows sort in a fraction of the time scattered ones take (on the large
    # sandbox world's warehouse, 2-3 s less resolving for 0.5-0.9 s more reading).
    accounts, people = (
        validated_rows(
            warehouse,
            read_sql(warehouse, f'SELECT * FROM "{source}"."{table}" ORDER BY source_system, source_id'),
            schema,
            table,
            RECORD_KEY,
        )
        for table, schema in (("int_accounts_unioned", ACCOUNTS), ("int_people_unioned", PEOPLE))
    )
    result = resolve(
        accounts.valid,
        people.valid,
        # The keys are all a resolution carries over: the rest of a million rows is not read.
        previous_accounts=_previous(warehouse, target, "account_xref", "source_system, source_id, account_key"),
        previous_people=_previous(warehouse, target, "person_xref", "source_system, source_id, person_key"),
    )
    # Merges accumulate: a bookmark to a key merged a month ago must still lead somewhere.
    merged_now = result.key_merges.assign(merged_at=datetime.now(UTC).isoformat(timespec="seconds"))
    history = _previous(warehouse, target, "key_merges")
    merges = pd.concat(
        [history, merged_now[MERGE_COLUMNS]] if history is not None else [merged_now[MERGE_COLUMNS]], ignore_index=True
    )
    tables = {
        "account_xref": result.account_xref,
        "person_xref": result.person_xref,
        "account_hierarchy": result.account_hierarchy,
        "hierarchy_issues": result.hierarchy_issues,
        "key_merges": merges,
    }
    metadata = _metadata(result, people.valid)
    metadata["account_xref"] |= quarantine_metadata(accounts)
    metadata["person_xref"] |= quarantine_metadata(people)
    for table, frame in tables.items():
        replace_table(warehouse, target, table, frame)
        context.log.info(f"{target}.{table}: {len(frame):,} rows")
        yield MaterializeResult(
            asset_key=AssetKey(["identity", table]), metadata={"rows": len(frame), **metadata[table]}
        )
