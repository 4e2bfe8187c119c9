"""Lead-to-account matching: which golden account a person belongs to, and the evidence for it.

Evidence is tried strongest first, the ladder lead-routing tools document:

1. the person's own system links them to an account (a Contact's AccountId, a HubSpot contact's
   primary company, a Zendesk user's organization);
2. the company domain of their email equals an account's domain;
3. the domain of the website typed on the lead does;
4. the company typed on the lead equals an account's name (by name key), or is one typo away, in a
   country that does not contradict the account's.

Free-mail and disposable addresses are never evidence, so a lead with only a Gmail address stays
unmatched rather than guessed. A group's subsidiaries and units often share its domain: when several
accounts hold the same evidence, the configurable tie-break decides (by default: the account in the
person's country, then the one whose name is closest to the company typed on the lead, then the one
in the email domain's country, then the most specific unit, the deepest in the hierarchy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from abe_hub.identity.accounts import (
    AccountResolution,
    company_domain,
    country_in_name,
    country_of_domain,
    legal_form,
    mistyped_form_removed,
)
from abe_hub.identity.company_names import name_key
from abe_hub.identity.domains import company_domain_of_email
from abe_hub.identity.geography import country_code
from abe_hub.identity.shapes import PERSON_COLUMNS, conform
from abe_hub.identity.vectorize import map_distinct

TIE_BREAKS = ("country", "name", "domain_country", "depth")


@dataclass(frozen=True)
class LeadRules:
    fuzzy_company_name: float = 0.92
    tie_break: tuple[str, ...] = TIE_BREAKS


def lead_features(people: pd.DataFrame) -> pd.DataFrame:
    """The evidence columns of a people frame: domains, the company key and the countries."""
    features = pd.DataFrame(
        {
            "email_domain": map_distinct(people["email"], company_domain_of_email),
            "website_domain": map_distinct(people["website"], company_domain),
            "company_key": map_distinct(map_distinct(people["company_name"], name_key), mistyped_form_removed),
            "country_code": map_distinct(people["country"], country_code),
        },
        index=people.index,
    )
    features["company_country"] = map_distinct(features["company_key"], country_in_name)
    features["company_form"] = map_distinct(people["company_name"], legal_form)
    return features


def _linked(people: pd.DataFrame, accounts: AccountResolution) -> pd.DataFrame:
    refs = people[["source_system", "account_source_id"]].rename_axis("person").reset_index()
    refs = refs.dropna(subset=["account_source_id"])
    keys = accounts.xref[["source_system", "source_id", "account_key"]]
    found = refs.merge(keys, left_on=["source_system", "account_source_id"], right_on=["source_system", "source_id"])
    found["evidence"] = "linked in " + found["source_system"].astype(str)
    return found[["person", "account_key", "evidence"]]


def _by_key(evidence: pd.Series, accounts: pd.DataFrame, account_column: str, label: str) -> pd.DataFrame:
    """Candidates whose account ``account_column`` equals the person's ``evidence``."""
    left = evidence.dropna()
    left = left[left != ""].rename("key").rename_axis("person").reset_index()
    right = accounts[[account_column, "account_key"]].dropna().drop_duplicates()
    found = left.merge(right, left_on="key", right_on=account_column)
    found["evidence"] = label
    return found[["person", "account_key", "evidence"]]


def _fuzzy_names(features: pd.DataFrame, accounts: pd.DataFrame, rules: LeadRules) -> pd.DataFrame:
    """Company names a typo away from an account name, blocked on their first and on their last letters."""
    left = features[["company_key"]].dropna()
    left = left[left["company_key"].str.len() >= 4].rename_axis("person").reset_index()
    right = accounts[["name_key", "account_key"]].dropna().drop_duplicates()
    right = right[right["name_key"].str.len() >= 4]
    pairs = pd.concat(
        [
            left.assign(block=left["company_key"].str[:3]).merge(right.assign(block=right["name_key"].str[:3])),
            left.assign(block=left["company_key"].str[-4:]).merge(right.assign(block=right["name_key"].str[-4:])),
        ]
    ).drop_duplicates(["person", "account_key", "name_key"])
    if pairs.empty:
        return pd.DataFrame(columns=["person", "account_key", "evidence"])
    names, typed = pairs["name_key"].tolist(), pairs["company_key"].tolist()
    similarity = process.cpdist(typed, names, scorer=fuzz.ratio, workers=-1) / 100
    one_slip = process.cpdist(typed, names, scorer=OSA.distance, workers=-1) <= 1
    keep = ((similarity >= rules.fuzzy_company_name) | one_slip) & (similarity < 1)
    found = pairs.loc[keep, ["person", "account_key"]].copy()
    found["evidence"] = [f"fuzzy company name {s:.2f}" for s in similarity[keep]]
    return found


# How much each combination of evidence is worth, strongest first. A domain and a name together beat
# either alone; the exact company name in the person's country beats a domain shared by a group's
# units, since the name says which unit.
_LADDER = (
    ("linked", 1.0),
    ("domain+name", 0.97),
    ("name+country", 0.94),
    ("domain+country", 0.92),
    ("domain", 0.9),
    ("name", 0.86),
    ("fuzzy+country", 0.8),
    ("fuzzy", 0.75),
)


def _scored(candidates: pd.DataFrame, features: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """One row per (person, account) with its evidence joined into a rule and scored on the ladder."""
    grouped = candidates.groupby(["person", "account_key"], sort=False)["evidence"].agg(lambda e: sorted(set(e)))
    scored = grouped.rename("evidence").reset_index()
    profile = accounts.groupby("account_key").agg(
        country_code=("country_code", "first"), legal_form=("legal_form", "first")
    )
    scored = scored.join(profile, on="account_key").join(
        features[["country_code", "company_country", "company_form"]].rename(columns=lambda c: f"person_{c}"),
        on="person",
    )
    text = scored["evidence"].str.join(" + ")
    linked = text.str.contains("linked in", regex=False)
    domain = text.str.contains("domain", regex=False)
    name = text.str.contains("company name = account name", regex=False)
    fuzzy = text.str.contains("fuzzy company name", regex=False)
    country = (scored["country_code"] == scored["person_country_code"]).to_numpy()
    # "Kalo Software Ireland" typed on a lead is the Irish subsidiary, not the group the domain names.
    subsidiary = (
        scored["person_company_country"].notna()
        & scored["country_code"].notna()
        & (scored["person_company_country"] != scored["country_code"])
    )
    levels = [
        linked,
        domain & (name | fuzzy),
        name & country,
        domain & country,
        domain,
        name,
        fuzzy & country,
        fuzzy,
    ]
    scored["score"] = np.select(levels, [score for _, score in _LADDER], default=0.0)
    # "Harwen Consulting SA" typed on a lead is not "Harwen Consulting Nippon K.K.", whatever the domain.
    other_form = (
        scored["person_company_form"].notna()
        & scored["legal_form"].notna()
        & (scored["person_company_form"] != scored["legal_form"])
    )
    scored.loc[(subsidiary | other_form).to_numpy() & ~linked.to_numpy(), "score"] = 0.0
    scored["rule"] = text + np.where(country & ~linked.to_numpy(), " + same country", "")
    return scored[scored["score"] > 0]


def _ranked(
    scored: pd.DataFrame, features: pd.DataFrame, accounts: pd.DataFrame, depth: pd.Series | None, rules: LeadRules
) -> pd.DataFrame:
    """One account per person: the highest score, then the tie-break, then the smallest key."""
    profile = accounts.groupby("account_key").agg(name_key=("name_key", "first"))
    ranked = scored.join(profile, on="account_key").join(
        features[["company_key", "email_domain"]].rename(columns=lambda c: f"person_{c}"), on="person"
    )
    ranked["country"] = (ranked["country_code"] == ranked["person_country_code"]).astype(int)
    ranked["name"] = [
        fuzz.token_sort_ratio(a, b) if isinstance(a, str) and isinstance(b, str) else 0
        for a, b in zip(ranked["name_key"], ranked["person_company_key"], strict=True)
    ]
    ranked["domain_country"] = (
        map_distinct(ranked["person_email_domain"], country_of_domain) == ranked["country_code"]
    ).astype(int)
    ranked["depth"] = ranked["account_key"].map(depth).fillna(0) if depth is not None else 0
    order = ["person", "score", *rules.tie_break, "account_key"]
    ranked = ranked.sort_values(order, ascending=[True, False, *[False] * len(rules.tie_break), True])
    # Accounts the evidence and every tie-break rank alike (a domain shared by units in other
    # countries, nothing typed to tell them apart): picking one would be a guess, so none is picked.
    ranks = ["score", *rules.tie_break]
    undecided = ranked.duplicated(["person", *ranks], keep=False)
    undecided_people = ranked.loc[undecided, "person"].unique()
    ranked = ranked[~ranked["person"].isin(undecided_people)]
    return ranked.drop_duplicates("person")[["person", "account_key", "rule", "score"]]


def match_people_to_accounts(
    people: pd.DataFrame,
    accounts: AccountResolution,
    depth: pd.Series | None = None,
    rules: LeadRules | None = None,
) -> pd.DataFrame:
    """``account_key, match_rule, match_score`` per row of ``people`` (null where nothing is evidence).

    ``depth`` (account_key -> depth in the hierarchy) lets the tie-break prefer the most specific unit.
    """
    rules = rules or LeadRules()
    index = people.index
    people = conform(people, PERSON_COLUMNS, "person")
    features = lead_features(people)
    records = accounts.features
    evidence = [
        _linked(people, accounts),
        _by_key(features["email_domain"], records, "domain", "email domain = account domain"),
        _by_key(features["website_domain"], records, "domain", "website domain = account domain"),
        _by_key(features["company_key"], records, "name_key", "company name = account name"),
        _fuzzy_names(features, records, rules),
    ]
    out = pd.DataFrame({"account_key": None, "match_rule": None, "match_score": np.nan}, index=people.index)
    found = [e for e in evidence if not e.empty]
    if not found:
        return out.set_axis(index)
    scored = _scored(pd.concat(found, ignore_index=True), features, records)
    strongest = scored[scored["score"] == scored.groupby("person")["score"].transform("max")]
    chosen = _ranked(strongest, features, records, depth, rules).set_index("person")
    out["account_key"] = chosen["account_key"]
    out["match_rule"] = chosen["rule"]
    out["match_score"] = chosen["score"]
    return out.set_axis(index)
