"""validate(): on the sandbox world every planted defect that reaches identity's inputs is set aside
with the right check and nothing else is, and so is every one only the marts read (amounts, customer-
since dates); no row is lost; a broken contract stops with the table, column and keys; the identity
outputs of a real resolution keep their contracts and broken copies do not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from planted import (
    CAUGHT_BEFORE_MARTS,
    CAUGHT_BY,
    assert_defects_quarantined,
    assert_mart_defects_quarantined,
    opportunity_frame,
    planted_defects,
    salesforce_account_dates,
)

from abe_hub.identity.resolve import Resolution, resolve
from abe_hub.identity.shapes import ACCOUNT_COLUMNS, PERSON_COLUMNS
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import account_frame, person_frame
from abe_hub.validation import REJECT_COLUMNS, ContractViolation, Validated, validate
from abe_hub.validation.attributes import SALESFORCE_ACCOUNTS, SALESFORCE_ACCOUNTS_TABLE
from abe_hub.validation.facts import OPPORTUNITIES, OPPORTUNITIES_TABLE
from abe_hub.validation.inputs import ACCOUNT_CHECKS, ACCOUNTS, PEOPLE, PERSON_CHECKS, RECORD_KEY
from abe_hub.validation.outputs import (
    KEY_COLUMNS,
    account_hierarchy_schema,
    account_xref_schema,
    key_merges_schema,
    person_xref_schema,
)


@pytest.fixture(scope="module")
def world_inputs(default_world_path: Path) -> tuple[Validated, Validated]:
    store = WorldStore(default_world_path)
    try:
        return (
            validate(account_frame(store), ACCOUNTS, "int_accounts_unioned", RECORD_KEY),
            validate(person_frame(store), PEOPLE, "int_people_unioned", RECORD_KEY),
        )
    finally:
        store.close()


def test_planted_defects_are_quarantined_and_nothing_else(
    world_inputs: tuple[Validated, Validated], default_world_path: Path
) -> None:
    rejects = pd.concat([v.rejects for v in world_inputs], ignore_index=True)
    assert list(rejects.columns) == REJECT_COLUMNS
    defects = planted_defects(default_world_path)
    assert set(defects["kind"]) >= set(CAUGHT_BY), "the default world plants every kind identity reads"
    assert_defects_quarantined(defects, rejects)
    planted = {f"{s}:{i}" for s, i in zip(defects["system"], defects["source_id"], strict=True)}
    # a loop has no wrong end: every record on it is flagged, not only the one the world changed
    unplanted = rejects[~rejects["record_key"].isin(planted)]
    assert set(unplanted["check"]) <= {"no_parent_cycle"}, unplanted.to_string()
    assert rejects["reason"].notna().all() and rejects["quarantined_at"].notna().all()


def test_planted_defects_the_marts_read_are_quarantined_and_nothing_else(default_world_path: Path) -> None:
    defects = planted_defects(default_world_path)
    assert set(defects["kind"]) == set(CAUGHT_BY) | set(CAUGHT_BEFORE_MARTS), "every kind planted is checked"
    opportunities, accounts = (
        validate(frame, schema, table, RECORD_KEY)
        for frame, schema, table in (
            (opportunity_frame(default_world_path), OPPORTUNITIES, OPPORTUNITIES_TABLE),
            (salesforce_account_dates(default_world_path), SALESFORCE_ACCOUNTS, SALESFORCE_ACCOUNTS_TABLE),
        )
    )
    rejects = pd.concat([opportunities.rejects, accounts.rejects], ignore_index=True)
    assert_mart_defects_quarantined(defects, rejects)
    marts_only = defects[defects["kind"].isin(CAUGHT_BEFORE_MARTS)]
    assert set(rejects["record_key"]) == set(marts_only["system"] + ":" + marts_only["source_id"])
    amounts = opportunities.rejects
    assert all(
        f"amount {float(v):,.2f} is " in r for v, r in zip(amounts["failure_value"], amounts["reason"], strict=True)
    )
    dates = accounts.rejects
    assert all(
        r.startswith(f"customer_since '{v}' is in the future")
        for v, r in zip(dates["failure_value"], dates["reason"], strict=True)
    )
    assert not accounts.rejected_keys and accounts.flagged_keys, "a future customer-since flags a real account"


def test_every_input_row_is_valid_or_rejected(
    world_inputs: tuple[Validated, Validated], default_world_path: Path
) -> None:
    store = WorldStore(default_world_path)
    try:
        inputs = (account_frame(store), person_frame(store))
    finally:
        store.close()
    for frame, validated in zip(inputs, world_inputs, strict=True):
        keys = set(frame["source_system"] + ":" + frame["source_id"])
        valid = validated.valid["source_system"] + ":" + validated.valid["source_id"]
        assert valid.is_unique and len(valid) + len(validated.rejected_keys) == len(frame)
        assert set(valid) | validated.rejected_keys == keys and not set(valid) & validated.rejected_keys
        assert validated.flagged_keys <= set(valid), "a flagged record goes on"
    accounts, people = world_inputs
    assert accounts.rejected_keys and accounts.flagged_keys and people.rejected_keys and not people.flagged_keys


def test_a_duplicated_key_breaks_the_contract(world_inputs: tuple[Validated, Validated]) -> None:
    accounts = world_inputs[0].valid
    broken = pd.concat([accounts, accounts.iloc[[3]]], ignore_index=True)
    key = f"{accounts['source_system'].iloc[3]}:{accounts['source_id'].iloc[3]}"
    with pytest.raises(ContractViolation) as raised:
        validate(broken, ACCOUNTS, "int_accounts_unioned", RECORD_KEY)
    assert raised.value.table == "int_accounts_unioned"
    assert (
        str(raised.value)
        == f"int_accounts_unioned breaks its contract: source_system, source_id not unique (records {key})"
    )


def test_missing_keys_and_columns_break_the_contract(world_inputs: tuple[Validated, Validated]) -> None:
    people = world_inputs[1].valid.head(20).copy()
    people.loc[4, "source_id"] = None
    with pytest.raises(ContractViolation, match=r"int_people_unioned .*source_id null \(records salesforce:<null>\)"):
        validate(people, PEOPLE, "int_people_unioned", RECORD_KEY)
    with pytest.raises(ContractViolation, match="column 'source_system' is missing"):
        validate(people.drop(columns="source_system"), PEOPLE, "int_people_unioned", RECORD_KEY)


def test_a_value_that_is_not_text_in_a_text_column_breaks_the_contract(
    world_inputs: tuple[Validated, Validated],
) -> None:
    people = world_inputs[1].valid.head(20).astype(object)
    people.loc[7, "email"] = 42
    key = f"{people['source_system'].iloc[7]}:{people['source_id'].iloc[7]}"
    with pytest.raises(ContractViolation, match=rf"int_people_unioned .*email fails dtype\('str'\) \(records {key}\)"):
        validate(people, PEOPLE, "int_people_unioned", RECORD_KEY)
    assert not validate(people.drop(index=7), PEOPLE, "int_people_unioned", RECORD_KEY).rejected_keys


def test_the_schemas_follow_the_documented_shapes() -> None:
    assert set(ACCOUNT_CHECKS) <= set(ACCOUNT_COLUMNS) and set(PERSON_CHECKS) <= set(PERSON_COLUMNS)
    assert list(ACCOUNTS.columns) == list(ACCOUNT_COLUMNS) and list(PEOPLE.columns) == list(PERSON_COLUMNS)


def _documented_columns(models_yaml: str, model: str) -> set[str]:
    document = yaml.safe_load((Path(__file__).parents[2] / "dbt_project" / "models" / models_yaml).read_text())
    (found,) = (m for m in document["models"] if m["name"] == model)
    return {column["name"] for column in found["columns"]}


def test_the_mart_input_schemas_name_columns_the_models_have() -> None:
    """Their columns are optional, so a column renamed in dbt would go unchecked without a word."""
    assert set(OPPORTUNITIES.columns) <= _documented_columns(
        "intermediate/_intermediate__models.yml", OPPORTUNITIES_TABLE
    )
    assert set(SALESFORCE_ACCOUNTS.columns) <= _documented_columns(
        "staging/salesforce/_salesforce__models.yml", SALESFORCE_ACCOUNTS_TABLE
    )


def test_optional_columns_may_be_missing(world_inputs: tuple[Validated, Validated]) -> None:
    accounts, people = (validated.valid.head(50) for validated in world_inputs)
    assert len(validate(accounts[RECORD_KEY + ["name"]], ACCOUNTS, "accounts.csv", RECORD_KEY).valid) == 50
    assert len(validate(people[RECORD_KEY + ["email"]], PEOPLE, "people.csv", RECORD_KEY).valid) == 50


@pytest.fixture(scope="module")
def resolution(world_inputs: tuple[Validated, Validated]) -> Resolution:
    accounts, people = world_inputs
    return resolve(accounts.valid, people.valid)


def _output_rejects(resolution: Resolution, **replaced: pd.DataFrame) -> dict[str, pd.DataFrame]:
    tables = {t: replaced.get(t, getattr(resolution, t)) for t in KEY_COLUMNS}
    keys = set(tables["account_xref"]["account_key"])
    merges = tables["key_merges"].assign(merged_at=tables["key_merges"].get("merged_at", "2025-06-01T02:00:00+00:00"))
    schemas = {
        "account_xref": account_xref_schema(),
        "person_xref": person_xref_schema(keys),
        "account_hierarchy": account_hierarchy_schema(keys),
        "key_merges": key_merges_schema(),
    }
    frames = tables | {"key_merges": merges}
    return {t: validate(frames[t], schemas[t], t, KEY_COLUMNS[t]).rejects for t in KEY_COLUMNS}


def test_a_real_resolution_keeps_the_output_contracts(resolution: Resolution) -> None:
    assert all(rejects.empty for rejects in _output_rejects(resolution).values())


def test_broken_outputs_are_caught(resolution: Resolution) -> None:
    xref, persons, hierarchy = resolution.account_xref, resolution.person_xref, resolution.account_hierarchy
    with pytest.raises(ContractViolation, match=r"account_xref .*source_system, source_id not unique"):
        _output_rejects(resolution, account_xref=pd.concat([xref, xref.iloc[[0]]], ignore_index=True))
    linked = persons["account_key"].notna().idxmax()
    rejects = _output_rejects(
        resolution,
        person_xref=persons.assign(
            account_key=persons["account_key"].mask(persons.index == linked, "acc_gone"),
            person_score=persons["person_score"].mask(persons.index == 0, 1.5),
        ),
        account_hierarchy=hierarchy.assign(depth=hierarchy["depth"].mask(hierarchy.index == 0, -1)),
        key_merges=pd.DataFrame(
            {"old_key": ["acc_a"], "new_key": ["acc_a"], "merged_at": ["2099-01-01"], "reason": ["x"]}
        ),
    )
    assert set(zip(rejects["person_xref"]["check"], rejects["person_xref"]["column"], strict=True)) == {
        ("key_exists", "account_key"),
        ("between", "person_score"),
    }
    assert "account_key 'acc_gone' is not in account_xref.account_key" in set(rejects["person_xref"]["reason"])
    assert set(rejects["account_hierarchy"]["check"]) == {"between", "depth_matches_parent"}
    assert set(rejects["key_merges"]["check"]) == {"distinct_keys", "not_in_future"}


def test_wrong_dtypes_break_the_contract(resolution: Resolution) -> None:
    with pytest.raises(ContractViolation, match=r"match_score fails coerce_dtype\('float64'\)"):
        _output_rejects(resolution, account_xref=resolution.account_xref.assign(match_score="high"))
    persons = resolution.person_xref.astype({"person_rule": object})
    persons.loc[3, "person_rule"] = 7
    key = f"{persons['source_system'].iloc[3]}:{persons['source_id'].iloc[3]}"
    with pytest.raises(ContractViolation, match=rf"person_xref .*person_rule fails dtype\('str'\) \(records {key}\)"):
        _output_rejects(resolution, person_xref=persons)


def test_parent_links_that_dangle_or_loop_are_flagged_and_kept() -> None:
    links = {"A": "B", "B": "C", "C": "A", "D": "A", "E": "E", "F": "gone", "G": None, "H": "G"}
    accounts = pd.DataFrame(
        {"source_system": "salesforce", "source_id": list(links), "parent_source_id": list(links.values())}
    )
    validated = validate(accounts, ACCOUNTS, "int_accounts_unioned", RECORD_KEY)
    assert len(validated.valid) == len(links) and not validated.rejected_keys
    by_check = validated.rejects.groupby("check")["record_key"].agg(set)
    assert by_check["no_parent_cycle"] == {"salesforce:A", "salesforce:B", "salesforce:C", "salesforce:E"}
    assert by_check["parent_exists"] == {"salesforce:F"}
    hubspot_a = pd.DataFrame({"source_system": ["hubspot", "salesforce"], "source_id": ["A", "X"]})
    both = validate(hubspot_a.assign(parent_source_id=[None, "A"]), ACCOUNTS, "int_accounts_unioned", RECORD_KEY)
    assert set(both.rejects["record_key"]) == {"salesforce:X"}, "a parent id is looked up in its own system"
