"""Person resolution: one person across Contacts, Leads, HubSpot contacts and Zendesk users, and the
account each belongs to, shared by all of a person's records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from abe_hub.identity.accounts import resolve_accounts
from abe_hub.identity.evaluation import pairwise_scores
from abe_hub.identity.keys import assign_keys, record_order
from abe_hub.identity.people import PersonRules, people_groundwork, resolve_people
from abe_hub.identity.shapes import PERSON_COLUMNS, conform
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import PERSON_OBJECTS, account_frame, person_frame, truth_frame

ACCOUNTS = pd.DataFrame(
    [
        ("salesforce", "001B", "Borel SA", "borel.fr", "France"),
        ("salesforce", "001K", "Kalo GmbH", "kalo.de", "Germany"),
    ],
    columns=["source_system", "source_id", "name", "website", "country"],
)


def _resolve(rows: list[dict]) -> pd.DataFrame:
    return resolve_people(pd.DataFrame(rows), resolve_accounts(ACCOUNTS)).xref.set_index("source_id")


def test_one_person_across_systems() -> None:
    xref = _resolve(
        [
            {
                "source_system": "salesforce",
                "source_id": "003",
                "first_name": "Zoé",
                "last_name": "Martin",
                "email": "zoe.martin@borel.fr",
                "account_source_id": "001B",
            },
            {
                "source_system": "hubspot",
                "source_id": "h7",
                "first_name": "Zoe",
                "last_name": "MARTIN",
                "email": "ZOE.MARTIN@borel.fr",
            },
            {
                "source_system": "hubspot",
                "source_id": "h9",
                "first_name": "Zoé",
                "last_name": "Martin",
                "email": "zoe.m@gmail.com",
                "company_name": "Borel",
            },
            {"source_system": "zendesk", "source_id": "z3", "full_name": "Zoe Martin", "email": "zmartin@borel.fr"},
            {
                "source_system": "salesforce",
                "source_id": "00Q",
                "first_name": "Zoe",
                "last_name": "Martin",
                "email": "zoe@kalo.de",
            },
        ]
    )
    assert xref.loc["003", "person_key"] == xref.loc["h7", "person_key"] == xref.loc["h9", "person_key"]
    assert xref.loc["00Q", "person_key"] != xref.loc["003", "person_key"], "a namesake at another company"
    assert xref.loc["z3", "person_key"] != xref.loc["003", "person_key"], "another work address: a namesake"
    assert xref.loc["h7", "person_rule"] == "same email"
    assert xref.loc["h9", "person_rule"] == "same name + same account"


def test_a_persons_records_share_the_best_evidenced_account() -> None:
    xref = _resolve(
        [
            {
                "source_system": "salesforce",
                "source_id": "00Q",
                "first_name": "Ann",
                "last_name": "Lee",
                "email": "ann.lee@gmail.com",
                "company_name": "Borel S.A.",
            },
            {"source_system": "zendesk", "source_id": "z1", "full_name": "Ann Lee", "email": "ann.lee@gmail.com"},
        ]
    )
    assert xref.loc["z1", "account_key"] == xref.loc["00Q", "account_key"] is not None
    assert xref.loc["z1", "match_rule"] == "same person: company name = account name"


def _one_person_at_two_accounts(borel: dict, kalo: dict) -> pd.DataFrame:
    """Ann Lee's lead typed one company, her HubSpot contact another, and her Zendesk user neither."""
    ann = {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@gmail.com"}
    return _resolve(
        [
            {"source_system": "salesforce", "source_id": "00Q", **ann, **borel},
            {"source_system": "hubspot", "source_id": "h1", **ann, **kalo},
            {"source_system": "zendesk", "source_id": "z1", "full_name": "Ann Lee", "email": "ann.lee@gmail.com"},
        ]
    )


def test_a_record_without_evidence_takes_the_highest_scored_account_of_its_person() -> None:
    xref = _one_person_at_two_accounts({"company_name": "Borel S.A."}, {"website": "https://kalo.de"})
    assert xref.loc["00Q", "match_score"] < xref.loc["h1", "match_score"]
    assert (
        xref.loc["z1", ["account_key", "match_score"]].tolist()
        == xref.loc["h1", ["account_key", "match_score"]].tolist()
    )
    assert xref.loc["z1", "match_rule"] == "same person: website domain = account domain"


def test_between_accounts_scored_alike_the_smallest_key_is_taken() -> None:
    xref = _one_person_at_two_accounts({"company_name": "Borel S.A."}, {"company_name": "Kalo GmbH"})
    assert xref.loc["00Q", "match_score"] == xref.loc["h1", "match_score"]
    assert xref.loc["00Q", "account_key"] != xref.loc["h1", "account_key"]
    assert xref.loc["z1", "account_key"] == min(xref.loc["00Q", "account_key"], xref.loc["h1", "account_key"])


def test_an_account_one_record_rules_out_is_no_record_of_the_persons_but_a_link_still_holds() -> None:
    """Ann typed Kalo's French subsidiary on her lead and nothing on her HubSpot contact, both from
    kalo.de: the domain alone would name Kalo GmbH, which the subsidiary rules out for her. Bob's
    Contact is linked to Kalo GmbH in Salesforce, which no evidence of his overrules."""
    ann = {"first_name": "Ann", "last_name": "Weber", "email": "ann.weber@kalo.de"}
    bob = {"first_name": "Bob", "last_name": "Stein", "email": "bob.stein@kalo.de"}
    xref = _resolve(
        [
            {"source_system": "salesforce", "source_id": "00Q1", **ann, "company_name": "Kalo France SAS"},
            {"source_system": "hubspot", "source_id": "h1", **ann, "country": "Germany"},
            {"source_system": "salesforce", "source_id": "0031", **bob, "account_source_id": "001K"},
            {"source_system": "hubspot", "source_id": "h2", **bob, "company_name": "Kalo France SAS"},
        ]
    )
    assert xref.loc["00Q1", "person_key"] == xref.loc["h1", "person_key"]
    assert xref.loc[["00Q1", "h1"], "account_key"].isna().all()
    kalo = xref.loc["0031", "account_key"]
    assert kalo is not None and xref.loc["0031", "match_rule"] == "linked in salesforce"
    assert xref.loc["h2", "account_key"] == kalo and xref.loc["h2", "match_rule"] == "same person: linked in salesforce"


def test_person_dedupe_on_the_default_world(default_world_path: Path) -> None:
    store = WorldStore(default_world_path)
    people = resolve_people(person_frame(store), resolve_accounts(account_frame(store)))
    scored = people.xref.merge(truth_frame(store, PERSON_OBJECTS), on=["source_system", "source_id"])
    scores = pairwise_scores(scored["person_key"], scored["person_id"])
    assert scores.precision >= 0.99 and scores.recall >= 0.95, scores


def test_the_same_name_at_the_same_company_typed_is_one_person_where_no_account_tells_them_apart() -> None:
    xref = _resolve(
        [
            {
                "source_system": "salesforce",
                "source_id": "q1",
                "first_name": "Jennifer",
                "last_name": "White",
                "company_name": "Solsil S.A.",
            },
            {
                "source_system": "hubspot",
                "source_id": "h1",
                "first_name": "Jennifer",
                "last_name": "White",
                "company_name": "SOLSIL SA",
            },
            # Another company typed, or the same name at two known accounts: other people.
            {
                "source_system": "hubspot",
                "source_id": "h2",
                "first_name": "Jennifer",
                "last_name": "White",
                "company_name": "Solsil Industrial",
            },
            {
                "source_system": "salesforce",
                "source_id": "q2",
                "first_name": "Karl",
                "last_name": "Berg",
                "company_name": "Kalo GmbH",
                "email": "karl.berg@kalo.de",
            },
            {
                "source_system": "hubspot",
                "source_id": "h3",
                "first_name": "Karl",
                "last_name": "Berg",
                "company_name": "Kalo GmbH",
                "email": "k.berg@borel.fr",
            },
        ]
    )
    assert xref.loc["q1", "person_key"] == xref.loc["h1", "person_key"] != xref.loc["h2", "person_key"]
    assert xref.loc["h1", "person_rule"] == "same name + same company typed"
    assert xref.loc["q2", "person_key"] != xref.loc["h3", "person_key"]


def test_the_same_phone_and_name_is_one_person_but_a_shared_line_is_not() -> None:
    """A lead with nothing but a name and a number finds its Contact, and so its account; a
    colleague on the same switchboard does not, nor does a namesake on it linked to another account."""
    elise = {"first_name": "Élise", "last_name": "Roux", "phone": "+33 1 42 68 53 00"}
    contact = {
        "source_system": "salesforce",
        "source_id": "0031",
        **elise,
        "email": "eroux@borel.fr",
        "account_source_id": "001B",
    }
    xref = _resolve(
        [
            contact,
            {"source_system": "hubspot", "source_id": "h1", **elise, "first_name": "Elise"},
            {"source_system": "zendesk", "source_id": "z1", "full_name": "Paul Roux", "phone": elise["phone"]},
        ]
    )
    assert xref.loc["h1", "person_key"] == xref.loc["0031", "person_key"]
    assert xref.loc["h1", "person_rule"] == "same phone + same name"
    assert xref.loc["h1", "account_key"] == xref.loc["0031", "account_key"]
    assert xref.loc["h1", "match_rule"] == "same person: linked in salesforce"
    assert xref.loc["z1", "person_key"] != xref.loc["0031", "person_key"], "a colleague on the same line"
    # The same number written nationally, read in the record's country.
    at_kalo = {"source_system": "salesforce", "source_id": "0032", **elise, "account_source_id": "001K"}
    xref = _resolve([contact, at_kalo | {"phone": "01 42 68 53 00", "country": "France"}])
    assert xref.loc["0032", "person_key"] != xref.loc["0031", "person_key"], "linked to another account"
    xref = _resolve([contact, at_kalo | {"phone": "01 42 68 53 00", "country": "France", "account_source_id": None}])
    assert xref.loc["0032", "person_key"] == xref.loc["0031", "person_key"]


def test_groundwork_prepared_beforehand_gives_the_resolution_the_people_alone_give(default_world_path: Path) -> None:
    # resolve prepares the groundwork while the accounts resolve; it must change nothing, keys carried
    # over from a previous run included (their positions are part of it).
    store = WorldStore(default_world_path)
    accounts = resolve_accounts(account_frame(store))
    people = conform(person_frame(store), PERSON_COLUMNS, "person")
    previous = resolve_people(people, accounts).xref[["source_system", "source_id", "person_key"]]
    previous = previous.iloc[: len(previous) // 2]
    alone = resolve_people(people, accounts, previous)
    prepared = resolve_people(people, accounts, previous, groundwork=people_groundwork(people, previous, PersonRules()))
    pd.testing.assert_frame_equal(prepared.xref, alone.xref)
    pd.testing.assert_frame_equal(prepared.merges, alone.merges)


def test_a_key_order_taken_without_the_previous_run_is_refused() -> None:
    records = pd.DataFrame({"source_system": ["hubspot", "hubspot"], "source_id": ["1", "2"]})
    previous = records.assign(person_key=["per_a", "per_b"])
    with pytest.raises(ValueError, match="previous run"):
        assign_keys(records, pd.Series([0, 0]), previous, "per", "person_key", record_order(records, None))
