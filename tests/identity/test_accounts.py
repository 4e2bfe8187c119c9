"""Account resolution: the same company across systems becomes one golden account, its subsidiaries
and look-alikes do not, every link says why, and keys survive reruns and merges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from abe_hub.identity.accounts import resolve_accounts
from abe_hub.identity.company_names import name_key
from abe_hub.identity.evaluation import pairwise_scores
from abe_hub.identity.name_features import legal_form, mistyped_form_removed
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import ACCOUNT_OBJECTS, account_frame, truth_frame

COLUMNS = ("source_system", "source_id", "name", "website", "domain", "country", "external_id")


def _accounts(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in rows])


def _groups(frame: pd.DataFrame, previous: pd.DataFrame | None = None) -> set[frozenset[str]]:
    xref = resolve_accounts(frame, previous).xref
    return {frozenset(group["source_id"]) for _, group in xref.groupby("account_key")}


def test_one_company_seen_by_three_systems_is_one_account() -> None:
    frame = _accounts(
        ("salesforce", "001A", "Siemens AG", "https://www.siemens.de/", None, "Germany"),
        ("hubspot", "h1", "SIEMENS Aktiengesellschaft", None, "siemens.de", "DE"),
        ("zendesk", "z1", "Siemens", None, "siemens.de", None),
    )
    xref = resolve_accounts(frame).xref
    assert xref["account_key"].nunique() == 1
    assert set(xref["match_rule"]) == {"same name + same domain"}
    assert (xref["match_score"] == 1.0).all()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # Subsidiaries share the brand and often the group's domain: they are other legal entities.
        # A unit is named after its parent and shares its domain: its name is the parent's and more.
        (("Schneider Electric IT", None, "se.com", "US"), ("Schneider Electric", None, "se.com", "US"), False),
        # Names a typo apart on two domains of their own are two companies.
        (("Galwenko Canada Inc", "galwenko.ca", None, "CA"), ("Galwenlo Canada Inc", "galwenlo.ca", None, "CA"), False),
        (("Siemens AG", None, "siemens.de", "DE"), ("Siemens Ltd", None, "siemens.de", "GB"), False),
        (("Siemens AG", None, "siemens.de", "DE"), ("Siemens Canada Limited", None, "siemens.de", None), False),
        (("Kalo Consumer", None, "kalo.de", "DE"), ("Kalo Consumer", None, "kalo.de", "CA"), False),
        # Two legal forms in one country are two companies.
        (("Tatorta LLC", "tatorta.com", None, "US"), ("Tatorta Corp.", "tatorta.com", None, "US"), False),
        # Initials alone match countless companies; with the same domain they are the company.
        (("MG", None, "mg-one.com", "US"), ("MG", None, "mg-two.com", "US"), False),
        (("IBM", "ibm.com", None, "US"), ("International Business Machines Corp.", "www.ibm.com", None, "USA"), True),
        # Typos: in the name, in the legal form, a space typed one letter off.
        (("Pralum Technologies Corp.", None, None, "US"), ("Pralum Technolgies Corp.", None, None, "US"), True),
        (("Arxan SRAL", "arxan.com", None, "FR"), ("ARXAN SARL", None, "arxan.com", "France"), True),
        (("Dalo GmbH", "dalo.de", None, "DE"), ("Dlao GmbH", None, "dalo.de", "DE"), True),
        # Long and short legal forms, "the", case and accents.
        (("The Coca-Cola Company", None, None, "US"), ("Coca Cola Co.", None, None, "United States"), True),
        (("Nestlé S.A.", None, "nestle.ch", "CH"), ("NESTLE SA", None, "nestle.ch", "Schweiz"), True),
        # A company keeps several domains: the same name in the same country is still the company.
        (("Silel Limited Liability Company", "silel.com", None, "US"), ("Silel LLC", None, "silel.net", "US"), True),
        # One form, two spellings: "Pty Ltd" is "Proprietary Limited", "Pvt Ltd" "Private Limited".
        (("Atlassian Pty Ltd", "atlassian.com", None, "AU"), ("Atlassian Proprietary Limited", None, None, "AU"), True),
        (("Infosys BPM Private Limited", None, None, "IN"), ("Infosys BPM Pvt. Ltd.", None, None, "India"), True),
        # A slip in a short legal form still reads as the form.
        (("Tesco PLC", "tesco.com", None, "GB"), ("Tesco PCL", None, "tesco.com", "GB"), True),
        (("Shopify Inc.", "shopify.com", None, "CA"), ("Shopify Icn.", None, "shopify.com", "Canada"), True),
        # A whole name in capitals is a name, not initials, however few its words.
        (("SANOFI SA", None, "sanofi.com", "FR"), ("Sanofi SA", "sanofi.fr", None, "France"), True),
        (("NOKIA OYJ", None, "nokia.com", "FI"), ("Nokia Oyj", "nokia.fi", None, "Finland"), True),
        # A country-code domain is no country: a group's units write from its domain wherever they are.
        (("Zalando Lounge", None, "zalando.de", None), ("Zalando Lounge", None, None, "United Kingdom"), True),
    ],
)
def test_pairs(a: tuple, b: tuple, same: bool) -> None:
    frame = _accounts(("salesforce", "a", *a[:2], a[2], a[3]), ("hubspot", "b", *b[:2], b[2], b[3]))
    assert (len(_groups(frame)) == 1) is same


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Arxan SRAL", "arxan"),
        ("Galfal Ld", "galfal"),
        ("Toriscal nIc.", "toriscal"),
        ("Praven IInc.", "praven"),
        ("Zengal SS.A.", "zengal"),
        # The slip kept the form before it in the key: both go.
        ("Valbel Pty td", "valbel"),
        ("Ostyor PPty Ltd", "ostyor"),
        # Words one slip from a short form are still words.
        ("Holiday Inn", "holiday inn"),
        ("Squid Ink", "squid ink"),
        ("Tele Atlas", "tele atlas"),
    ],
)
def test_a_mistyped_legal_form_leaves_the_key(name: str, key: str) -> None:
    assert mistyped_form_removed(name_key(name)) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kelfal Bharat Pvt Ltd", "Kelfal Bharat Private Limited"),
        ("Ulost Pty Ltd", "Ulost Proprietary Limited"),
        ("Mofinpel mbH & Co. KG", "Mofinpel GmbH & Co. KG"),
    ],
)
def test_two_spellings_of_a_form_are_one_form(a: str, b: str) -> None:
    assert legal_form(a) == legal_form(b) is not None


def test_an_explicit_cross_system_id_links_whatever_the_names_say() -> None:
    frame = _accounts(
        ("salesforce", "001B", "Acme Holdings Inc.", None, None, "US"),
        ("zendesk", "77", "ACME support desk", None, None, None, "001B"),
    )
    xref = resolve_accounts(frame).xref
    assert xref["account_key"].nunique() == 1 and set(xref["match_rule"]) == {"external id"}


def test_a_chain_of_links_never_mixes_countries() -> None:
    frame = _accounts(
        ("salesforce", "de", "Kalo Software GmbH", None, "kalo.de", "DE"),
        ("salesforce", "at", "Kalo Software GmbH", None, "kalo.de", "AT"),
        ("zendesk", "z", "Kalo Software", None, "kalo.de", None),
    )
    groups = _groups(frame)
    assert frozenset({"de", "at"}) not in groups and len(groups) == 2


def test_keys_are_deterministic_and_survive_a_rerun_and_a_merge() -> None:
    frame = _accounts(
        ("salesforce", "001A", "Kalo GmbH", None, "kalo.de", "DE"),
        ("hubspot", "h1", "Kalo", None, None, "AT"),
        ("hubspot", "h2", "Borel SA", None, "borel.fr", "FR"),
    )
    first = resolve_accounts(frame).xref
    shuffled = resolve_accounts(frame.sample(frac=1, random_state=3)).xref
    assert first.set_index("source_id")["account_key"].equals(
        shuffled.set_index("source_id")["account_key"].loc[first["source_id"]]
    )
    assert first["account_key"].nunique() == 3, "the Austrian Kalo is not the German one"
    again = resolve_accounts(frame, previous=first).xref
    assert again["account_key"].tolist() == first["account_key"].tolist()

    frame.loc[frame["source_id"] == "h1", ["domain", "country"]] = ["kalo.de", "DE"]
    merged = resolve_accounts(frame, previous=first)
    keys = merged.xref.set_index("source_id")["account_key"]
    old = first.set_index("source_id")["account_key"]
    assert keys["001A"] == keys["h1"] == old["001A"], "the Salesforce account's key survives"
    assert keys["h2"] == old["h2"], "an unrelated account keeps its key"
    assert merged.merges[["old_key", "new_key"]].values.tolist() == [[old["h1"], old["001A"]]]


def test_missing_key_columns_are_named() -> None:
    with pytest.raises(ValueError, match="source_id"):
        resolve_accounts(pd.DataFrame({"source_system": ["hubspot"], "name": ["Kalo"]}))


def test_account_dedupe_on_the_default_world(default_world_path: Path) -> None:
    store = WorldStore(default_world_path)
    xref = resolve_accounts(account_frame(store)).xref
    scored = xref.merge(truth_frame(store, ACCOUNT_OBJECTS), on=["source_system", "source_id"])
    scores = pairwise_scores(scored["account_key"], scored["company_id"])
    assert scores.precision >= 0.98 and scores.recall >= 0.97, scores
