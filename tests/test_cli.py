"""The terminal interface drives the same code as everything else."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from abe_hub.cli import app
from abe_hub.identity.evaluation import pairwise_scores
from abe_hub.identity.public_benchmarks import febrl3_people
from abe_hub.sandbox import WorldStore

runner = CliRunner()


def test_generate_status_advance(tmp_path: Path) -> None:
    world = tmp_path / "w.db"
    result = runner.invoke(app, ["sandbox", "generate", "--preset", "tiny", "--world", str(world)])
    assert result.exit_code == 0, result.output
    assert "salesforce.Account" in result.output
    before = WorldStore(world).now_ms
    result = runner.invoke(app, ["sandbox", "advance", "--days", "2", "--world", str(world)])
    assert result.exit_code == 0, result.output
    assert "advanced 2 day(s)" in result.output
    assert WorldStore(world).now_ms == before + 2 * 86_400_000


def test_missing_world_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sandbox", "status", "--world", str(tmp_path / "nope.db")])
    assert result.exit_code != 0
    assert "no sandbox world" in str(result.exception)


def test_unknown_preset_is_rejected(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sandbox", "generate", "--preset", "huge", "--world", str(tmp_path / "w.db")])
    assert result.exit_code != 0
    assert "unknown world preset" in str(result.exception)


def test_match_accounts_people_and_leads_from_files(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "source_system,source_id,name,website,country\n"
        "salesforce,001A,Siemens AG,siemens.de,Germany\n"
        "hubspot,0042,SIEMENS Aktiengesellschaft,https://www.siemens.de,DE\n"
        "hubspot,0043,Borel SA,borel.fr,France\n"
    )
    people = tmp_path / "people.parquet"
    pd.DataFrame(
        {
            "source_system": ["salesforce", "hubspot", "hubspot"],
            "source_id": ["00Q1", "7", "8"],
            "first_name": ["Anna", "Anna", "Jo"],
            "last_name": ["Berg", "Berg", "Lee"],
            "email": ["anna.berg@siemens.de", "anna.berg@siemens.de", "jo@gmail.com"],
        }
    ).to_parquet(people)
    result = runner.invoke(app, ["match", "accounts", str(accounts)])
    assert result.exit_code == 0, result.output
    xref = pd.read_csv(tmp_path / "accounts.accounts.csv", dtype=str)
    assert (
        xref.loc[xref["source_id"] == "0042", "account_key"].item()
        == xref.loc[xref["source_id"] == "001A", "account_key"].item()
    )
    assert "same name + same domain" in result.output
    result = runner.invoke(app, ["match", "people", str(people), "--accounts", str(accounts)])
    assert result.exit_code == 0, result.output
    assert pd.read_parquet(tmp_path / "people.people.parquet")["person_key"].nunique() == 2
    result = runner.invoke(
        app, ["match", "leads", str(people), "--accounts", str(accounts), "--out", str(tmp_path / "l.csv")]
    )
    assert result.exit_code == 0, result.output
    leads = pd.read_csv(tmp_path / "l.csv", dtype=str)
    assert leads["match_rule"].tolist()[:2] == ["email domain = account domain"] * 2
    assert pd.isna(leads["account_key"].iloc[2]), "a Gmail address alone is no evidence"


def test_match_names_a_missing_key_column(tmp_path: Path) -> None:
    accounts = tmp_path / "a.csv"
    accounts.write_text("system,id,name\nhubspot,1,Kalo\n")
    result = runner.invoke(app, ["match", "accounts", str(accounts)])
    assert result.exit_code != 0 and "source_system" in str(result.exception)


def test_match_people_without_accounts_decides_by_personal_details(tmp_path: Path) -> None:
    """A registry export (Febrl3) has no companies: people are resolved by birth date, id and address."""
    people, truth = febrl3_people()
    source = tmp_path / "febrl3.csv"
    people.to_csv(source, index=False)
    result = runner.invoke(app, ["match", "people", str(source)])
    assert result.exit_code == 0, result.output
    xref = pd.read_csv(tmp_path / "febrl3.people.csv", dtype="string")
    assert xref["source_id"].tolist() == people["source_id"].tolist()
    assert pairwise_scores(xref["person_key"], truth).f1 >= 0.999
    assert xref["account_key"].isna().all()
