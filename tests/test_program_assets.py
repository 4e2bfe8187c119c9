"""The program assets in Dagster, and the dbt model that applies their persona rules.

The program YAML is materialized into ``<prefix>program`` on DuckDB and PostgreSQL; then dbt builds
``int_title_personas`` (and its tests) over the default world's people and a set of real-world
titles, and its rows must equal what the Python classifier says for the same titles: one rule set,
two engines, the same answer. dbt runs through its CLI on the model alone, over an
``int_people_unioned`` written from the world directly (``person_frame``, the sandbox's own mapping
that tests/test_dbt_staging.py holds the SQL to), so no sync is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import psycopg
import pytest
import yaml
from dagster import AssetKey, materialize

from abe_hub.program import DEFAULT_PROGRAM_PATH, ProgramError, TitleClassifier, load_program
from abe_hub.program.personas import TITLE_PERSONA_COLUMNS
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import person_frame
from assets.program import PROGRAM_TABLES, abe_program
from resources.dbt import DBT_EXECUTABLE, DBT_PROJECT_DIR, profile_env
from resources.program import PROGRAM_ENV_VAR, ProgramResource
from resources.tables import read_sql, replace_table
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
# Titles the sandbox never writes, so that every rule and the fallback are exercised in SQL too.
REAL_WORLD_TITLES = (
    "VP Marketing",
    "Head of Demand Gen",
    "CFO",
    "Director of IT",
    "SDR",
    "Customer Success Manager",
    "Chief Customer Officer",
    "Director, Customer Success",
    "VP of Engineering",
    "Chief Information Security Officer",
    "Co-Founder & CTO",
    "Account Executive, Enterprise",
    "Sales Engineer",
    "Head of Revenue Operations",
    "Sales Operations Director",
    "Chief Procurement Officer",
    "Senior Data Scientist",
    "Onboarding Specialist",
    "  Senior   Software\tEngineer ",
    "MARKETING\nDIRECTOR",
    "Head of People",
    "Nurse",
    "C++ Developer",
)
Read = Callable[[str], pd.DataFrame]


def _materialize(warehouse: WarehouseResource, program: ProgramResource) -> dict[str, dict]:
    result = materialize([abe_program], resources={"warehouse": warehouse, "program": program})
    assert result.success
    return {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
    }


def _people(world: Path) -> pd.DataFrame:
    """The world's people in the person shape, plus one record per real-world title."""
    store = WorldStore(world)
    people = person_frame(store)
    store.close()
    extra = pd.DataFrame(
        {"source_system": "salesforce", "source_id": [f"X{i}" for i in range(len(REAL_WORLD_TITLES))]}
    ).assign(kind="lead", title=list(REAL_WORLD_TITLES))
    return pd.concat([people, extra], ignore_index=True).reindex(columns=people.columns).astype({"title": "string"})


def _dbt_build_title_personas(warehouse: WarehouseResource, tmp_path: Path) -> None:
    """``dbt build`` of int_title_personas alone (model and tests), in this warehouse, by the CLI."""
    command = [
        DBT_EXECUTABLE,
        "build",
        "--select",
        "int_title_personas",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
    ]
    env = os.environ | profile_env(warehouse)
    done = subprocess.run(command, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert {r["status"] for r in results} <= {"success", "pass"} and len(results) >= 7, results


def _assert_sql_matches_python(read: Read, prefix: str, people: pd.DataFrame) -> None:
    got = read(f'SELECT * FROM "{prefix}intermediate"."int_title_personas" ORDER BY title')
    expected = TitleClassifier(load_program(None)).title_personas(people["title"])
    assert list(got.columns) == list(TITLE_PERSONA_COLUMNS)
    got = got.astype(object).where(got.notna(), None).astype({"rule_priority": int}).set_index("title")
    expected = expected.astype(object).where(expected.notna(), None).set_index("title")
    assert set(got.index) == set(expected.index), (
        f"only in SQL {sorted(set(got.index) - set(expected.index))[:5]}, "
        f"only in Python {sorted(set(expected.index) - set(got.index))[:5]}"
    )
    differences = [
        f"{title!r} {column}: SQL {got.at[title, column]!r} != Python {expected.at[title, column]!r}"
        for title in expected.index
        for column in expected.columns
        if got.at[title, column] != expected.at[title, column]
    ]
    assert not differences, "\n".join(differences[:20])
    assert {"marketing_leader", "customer_success_leader", "sales_practitioner", "unclassified"} <= set(got["persona"])
    assert "marketing director" in got.index and "senior software engineer" in got.index


def _assert_program_tables(read: Read, prefix: str, metadata: dict[str, dict]) -> None:
    assert set(metadata) == {f"program/{table}" for table in PROGRAM_TABLES}
    rules = read(f'SELECT * FROM "{prefix}program"."persona_rules" ORDER BY priority')
    assert metadata["program/persona_rules"]["rows"].value == len(rules) > 40
    assert rules["pattern"].isna().tolist()[-1] and rules["persona"].iloc[-1] == "unclassified"
    settings = read(f'SELECT * FROM "{prefix}program"."settings"')
    assert len(settings) == 1 and settings.at[0, "baseline_days"] == 90
    assert pd.Timestamp(settings.at[0, "launch_at"]) == pd.Timestamp("2026-05-05", tz="UTC")
    icp = read(f'SELECT * FROM "{prefix}program"."icp_rules"')
    assert icp.drop_duplicates("criterion")["weight"].sum() == 100
    assert icp.loc[icp.criterion == "employees", ["min_value", "max_value"]].values.tolist() == [[200, 20000]]
    assert pd.isna(icp.loc[icp.criterion == "annual_revenue", "max_value"]).all(), "an open bound stays NULL"


def test_program_and_title_personas_on_duckdb(
    default_world_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"))

    def read(sql: str) -> pd.DataFrame:
        return read_sql(warehouse, sql)

    monkeypatch.delenv(PROGRAM_ENV_VAR, raising=False)
    metadata = _materialize(warehouse, ProgramResource())
    assert metadata["program/settings"]["program_file"].value == str(DEFAULT_PROGRAM_PATH)
    _assert_program_tables(read, "", metadata)

    people = _people(default_world_path)
    replace_table(warehouse, "intermediate", "int_people_unioned", people)
    _dbt_build_title_personas(warehouse, tmp_path)
    _assert_sql_matches_python(read, "", people)
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    declared = {
        AssetKey(source["meta"]["dagster_asset_key"])
        for source in manifest["sources"].values()
        if source["source_name"] == "program"
    }
    assert declared == set(abe_program.keys), "every program table is a dbt source naming its asset"


def test_the_program_file_comes_from_the_resource_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"))
    document = yaml.safe_load(DEFAULT_PROGRAM_PATH.read_text(encoding="utf-8"))
    document["target_accounts"]["domains"] = ["kalo.de"]
    custom = tmp_path / "custom.yaml"
    custom.write_text(yaml.safe_dump(document), encoding="utf-8")
    monkeypatch.setenv(PROGRAM_ENV_VAR, str(custom))
    _materialize(warehouse, ProgramResource())
    targets = read_sql(warehouse, 'SELECT rule, value FROM "program"."target_accounts" ORDER BY rule')
    assert list(targets.itertuples(index=False, name=None)) == [("domain", "kalo.de"), ("icp_tier", "A")]

    document["health"]["weights"]["satisfaction"] = 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(ProgramError, match=r"health\.weights: component weights add up to 80"):
        materialize([abe_program], resources={"warehouse": warehouse, "program": ProgramResource(path=str(broken))})
    again = read_sql(warehouse, 'SELECT rule, value FROM "program"."target_accounts" ORDER BY rule')
    assert again.equals(targets), "a broken program leaves the previous tables as they were"


@pytest.mark.postgres
def test_program_and_title_personas_on_postgres(default_world_path: Path, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    warehouse = WarehouseResource(postgres_dsn=POSTGRES_DSN, dataset_prefix=prefix)

    def read(sql: str) -> pd.DataFrame:
        return read_sql(warehouse, sql)

    try:
        metadata = _materialize(warehouse, ProgramResource(path=str(DEFAULT_PROGRAM_PATH)))
        _assert_program_tables(read, prefix, metadata)
        people = _people(default_world_path)
        replace_table(warehouse, f"{prefix}intermediate", "int_people_unioned", people)
        _dbt_build_title_personas(warehouse, tmp_path)
        _assert_sql_matches_python(read, prefix, people)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
            for (schema,) in schemas.fetchall():
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')
