"""The whole identity resolution in one call: accounts, their hierarchy, people and their accounts.

This is the public entry point the Dagster assets, the CLI and the benchmark share. It takes tables in
the documented shapes (``abe_hub.identity.shapes``) and the previous run's cross-references, and gives
back the ``identity`` schema's tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from abe_hub.identity.accounts import AccountResolution, AccountRules, resolve_accounts
from abe_hub.identity.hierarchy import build_hierarchy, resolve_parents
from abe_hub.identity.lead_matching import ACCOUNT_EVIDENCE, LeadRules
from abe_hub.identity.people import PersonResolution, PersonRules, people_groundwork, resolve_people
from abe_hub.identity.shapes import PERSON_COLUMNS, conform
from abe_hub.identity.side_by_side import side_by_side


@dataclass(frozen=True)
class Rules:
    accounts: AccountRules = field(default_factory=AccountRules)
    people: PersonRules = field(default_factory=PersonRules)
    leads: LeadRules = field(default_factory=LeadRules)
    parent_precedence: tuple[str, ...] = ("salesforce", "hubspot", "zendesk")
    parallel_from: int = 200_000
    """From this many person records on, the accounts and their hierarchy resolve in a second process
    while this one prepares the people's groundwork (their evidence: names, addresses, domains; the
    pairs and key order no account decides): the two take about as long, share nothing, and each
    holds one core. Below it, starting a process costs more than it saves."""


@dataclass(frozen=True)
class Resolution:
    account_xref: pd.DataFrame
    person_xref: pd.DataFrame
    account_hierarchy: pd.DataFrame
    hierarchy_issues: pd.DataFrame
    key_merges: pd.DataFrame


def parent_claims(accounts: AccountResolution) -> pd.DataFrame:
    """Each record's parent, as one golden account claiming another: ``account_key, parent_account_key,
    source_system, source_id``. A parent id that no record carries is kept as an orphan claim."""
    records = accounts.features[["source_system", "source_id", "parent_source_id", "account_key"]]
    claims = records.dropna(subset=["parent_source_id"]).merge(
        records[["source_system", "source_id", "account_key"]].rename(
            columns={"source_id": "parent_source_id", "account_key": "parent_account_key"}
        ),
        on=["source_system", "parent_source_id"],
        how="left",
    )
    missing = claims["parent_account_key"].isna()
    claims.loc[missing, "parent_account_key"] = "missing:" + claims.loc[missing, "source_system"].astype(str) + ":"
    claims.loc[missing, "parent_account_key"] += claims.loc[missing, "parent_source_id"].astype(str)
    return claims[["account_key", "parent_account_key", "source_system", "source_id"]]


def _accounts_and_hierarchy(
    accounts: pd.DataFrame, previous: pd.DataFrame | None, rules: Rules
) -> tuple[AccountResolution, pd.DataFrame, pd.DataFrame]:
    """Golden accounts, their hierarchy and the hierarchy's issues: the half of a resolution that
    needs no person. Only the features lead matching reads are kept: from a worker, every column
    comes back pickled, and the people's half holds them to the end."""
    resolution = resolve_accounts(accounts, previous, rules.accounts)
    keys = resolution.xref["account_key"].unique()
    parents, issues = resolve_parents(parent_claims(resolution), keys, rules.parent_precedence)
    resolution = replace(resolution, features=resolution.features[list(ACCOUNT_EVIDENCE)])
    return resolution, build_hierarchy(parents, keys), issues


def resolve(
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    previous_accounts: pd.DataFrame | None = None,
    previous_people: pd.DataFrame | None = None,
    rules: Rules | None = None,
) -> Resolution:
    """Golden accounts, their hierarchy and golden people, keys carried over from the previous run."""
    rules = rules or Rules()
    people = conform(people, PERSON_COLUMNS, "person")
    if len(people) < rules.parallel_from:
        account_resolution, hierarchy, issues = _accounts_and_hierarchy(accounts, previous_accounts, rules)
        groundwork = people_groundwork(people, previous_people, rules.people)
    else:
        accounts_side, groundwork = side_by_side(
            _accounts_and_hierarchy,
            (accounts, previous_accounts, rules),
            people_groundwork,
            (people, previous_people, rules.people),
        )
        account_resolution, hierarchy, issues = accounts_side
    person_resolution: PersonResolution = resolve_people(
        people,
        account_resolution,
        previous_people,
        rules.people,
        rules.leads,
        hierarchy=hierarchy,
        groundwork=groundwork,
    )
    merges = pd.concat([account_resolution.merges, person_resolution.merges], ignore_index=True)
    return Resolution(
        account_xref=account_resolution.xref,
        person_xref=person_resolution.xref,
        account_hierarchy=hierarchy,
        hierarchy_issues=issues,
        key_merges=merges,
    )
