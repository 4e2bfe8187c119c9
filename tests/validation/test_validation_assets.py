"""Validation in the Dagster graph, on a real sandbox night: the identity asset resolves only valid
rows and quarantines the rest, its checks hold the written tables to their contracts, a rerun leaves
one set of rejects, and a broken contract fails its check and stops what is downstream."""

import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pytest
from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    AssetKey,
    Definitions,
    ExecuteInProcessResult,
    asset,
)
from planted import assert_defects_quarantined, planted_defects

import assets.identity
from abe_hub.identity.resolve import Resolution, resolve
from abe_hub.validation import REJECT_COLUMNS
from assets.identity import identity
from assets.validation import VALIDATION_CHECKS
from resources.tables import read_sql
from resources.warehouse import WarehouseResource
from test_identity_assets import POSTGRES_DSN, _night

CHECKED = ("account_xref", "person_xref", "account_hierarchy", "key_merges")


def _identity_with_checks(warehouse: WarehouseResource, *extra: object) -> ExecuteInProcessResult:
    """The identity asset and the validation checks, as a code location would define them, run once."""
    defs = Definitions(assets=[identity, *extra], asset_checks=VALIDATION_CHECKS, resources={"warehouse": warehouse})
    return defs.resolve_implicit_global_asset_job_def().execute_in_process(raise_on_error=False)


def _quarantine(warehouse: WarehouseResource) -> pd.DataFrame:
    return read_sql(warehouse, f'SELECT * FROM "{warehouse.dataset_prefix}quarantine"."rejects"')


def _evaluations(result: ExecuteInProcessResult) -> dict[str, AssetCheckEvaluation]:
    return {e.asset_key.path[-1]: e for e in result.get_asset_check_evaluations()}


@pytest.fixture(scope="module")
def night(default_world_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One night of the default world (sync, dbt, identity), then identity again with its checks."""
    tmp = tmp_path_factory.mktemp("validation")
    world = tmp / "world.db"
    shutil.copy(default_world_path, world)
    warehouse = WarehouseResource(duckdb_path=str(tmp / "w.duckdb"), pipelines_dir=str(tmp / "dlt"))
    metadata = _night(world, warehouse)
    first = _quarantine(warehouse)
    rerun = _identity_with_checks(warehouse)
    return {"world": world, "warehouse": warehouse, "metadata": metadata, "first": first, "rerun": rerun}


def test_planted_defects_end_in_quarantine(night: dict) -> None:
    rejects = _quarantine(night["warehouse"])
    assert list(rejects.columns) == REJECT_COLUMNS
    assert set(rejects["table"]) == {"int_accounts_unioned", "int_people_unioned"}
    assert_defects_quarantined(planted_defects(night["world"]), rejects)
    assert "\\u200b" in " ".join(rejects["failure_value"]), "invisible characters are stored escaped"


def test_only_valid_rows_are_resolved(night: dict) -> None:
    warehouse, metadata = night["warehouse"], night["metadata"]
    rejects = _quarantine(warehouse)
    for table, xref in (("int_accounts_unioned", "account_xref"), ("int_people_unioned", "person_xref")):
        source = read_sql(warehouse, f"SELECT source_system || ':' || source_id AS k FROM intermediate.{table}")
        resolved = read_sql(warehouse, f"SELECT source_system || ':' || source_id AS k FROM identity.{xref}")
        mine = rejects[rejects["table"] == table]
        rejected = set(mine.loc[mine["outcome"] == "rejected", "record_key"])
        assert set(resolved["k"]) == set(source["k"]) - rejected and rejected <= set(source["k"])
        assert set(mine.loc[mine["outcome"] == "flagged", "record_key"]) <= set(resolved["k"])
        run = metadata[f"identity/{xref}"]
        assert run["records"].value == run["valid records"].value == len(resolved)
        assert run["records quarantined"].value == len(rejected) > 0


def test_a_rerun_leaves_one_set_of_rejects(night: dict) -> None:
    first, again = night["first"], _quarantine(night["warehouse"])
    identity_columns = ["table", "record_key", "check", "column"]
    assert not again.duplicated(identity_columns).any()
    assert len(again) == len(first)
    assert (
        again[identity_columns]
        .sort_values(identity_columns)
        .reset_index(drop=True)
        .equals(first[identity_columns].sort_values(identity_columns).reset_index(drop=True))
    )


def test_checks_pass_contracts_and_warn_of_the_quarantine(night: dict) -> None:
    result = night["rerun"]
    assert result.success
    evaluations = _evaluations(result)
    assert set(evaluations) == set(CHECKED)
    for table in ("account_xref", "person_xref", "account_hierarchy"):
        evaluation = evaluations[table]
        assert not evaluation.passed and evaluation.severity == AssetCheckSeverity.WARN
        assert evaluation.metadata["violations"].value == 0
        assert (
            evaluation.metadata["records quarantined upstream"].value
            + evaluation.metadata["records flagged upstream"].value
            > 0
        )
        assert "| record_key" in evaluation.metadata["upstream quarantine sample"].value
    assert evaluations["key_merges"].passed


def test_a_broken_contract_fails_its_check_and_blocks_the_marts(
    night: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"))
    shutil.copy(night["warehouse"].duckdb_path, warehouse.duckdb_path)

    def duplicating(*args: object, **kwargs: object) -> Resolution:
        result = resolve(*args, **kwargs)
        xref = pd.concat([result.account_xref, result.account_xref.iloc[[0]]], ignore_index=True)
        return Resolution(
            xref, result.person_xref, result.account_hierarchy, result.hierarchy_issues, result.key_merges
        )

    monkeypatch.setattr(assets.identity, "resolve", duplicating)

    @asset(key=AssetKey(["marts", "dim_account"]), deps=[AssetKey(["identity", "account_xref"])])
    def dim_account() -> None:
        """Stands for any mart built on the golden accounts."""

    result = _identity_with_checks(warehouse, dim_account)
    evaluation = _evaluations(result)["account_xref"]
    assert not evaluation.passed and evaluation.severity == AssetCheckSeverity.ERROR
    with duckdb.connect(warehouse.duckdb_path, read_only=True) as con:
        ((system, rid),) = con.execute(
            "SELECT source_system, source_id FROM identity.account_xref GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
    contract = evaluation.metadata["contract"].value
    assert contract == f"account_xref breaks its contract: source_system, source_id not unique (records {system}:{rid})"
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert AssetKey(["identity", "account_xref"]) in materialized
    assert AssetKey(["marts", "dim_account"]) not in materialized


@pytest.mark.postgres
def test_quarantine_on_postgres(tiny_world_path: Path, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, pipelines_dir=str(tmp_path / "dlt"), dataset_prefix=prefix)
    try:
        _night(tiny_world_path, warehouse)
        first = _quarantine(warehouse)
        result = _identity_with_checks(warehouse)
        assert result.success and all(
            e.passed or e.severity == AssetCheckSeverity.WARN for e in _evaluations(result).values()
        )
        again = _quarantine(warehouse)
        assert len(again) == len(first) > 0 and not again.duplicated(["table", "record_key", "check", "column"]).any()
        assert_defects_quarantined(planted_defects(tiny_world_path), again)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s", [f"{prefix}%"]
            ).fetchall()
            for (schema,) in schemas:
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
