"""Golden accounts: which Salesforce Accounts, HubSpot companies and Zendesk organizations are one company.

Each link between two records is decided by a stated rule over normalised features (name key,
registrable domain, country, an explicit cross-system id), so every match carries its reason and
score. Candidate pairs come only from blocks (same name key, same domain, same name prefix, same
initials), and oversized blocks are skipped as uninformative, so cost grows with the records, not
with their square. Links are applied strongest first, and one that would put two countries into one
account is refused: the subsidiaries of a group share its brand and often its domain, yet they are
separate legal entities that sales and BI count apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from abe_hub.identity.blocking import pairs_sharing
from abe_hub.identity.clustering import clusters_from_links
from abe_hub.identity.company_names import (
    names_match_by_acronym,
)
from abe_hub.identity.domains import company_domains_of_websites
from abe_hub.identity.geography import country_code
from abe_hub.identity.keys import KeyAssignment, assign_keys
from abe_hub.identity.name_features import name_feature_columns
from abe_hub.identity.shapes import ACCOUNT_COLUMNS, conform
from abe_hub.identity.vectorize import holds_for_pairs, map_distinct


@dataclass(frozen=True)
class AccountRules:
    """Thresholds of the account rules; the defaults are what the sandbox benchmark was tuned on."""

    fuzzy_name_with_domain: float = 0.85
    fuzzy_name_with_country: float = 0.92
    fuzzy_name_alone: float = 0.95
    prefix_length: int = 5
    max_block: int = 60


@dataclass(frozen=True)
class AccountResolution:
    xref: pd.DataFrame
    """``source_system, source_id, account_key, match_rule, match_score`` for every input record."""
    merges: pd.DataFrame
    """``old_key, new_key, reason``."""
    features: pd.DataFrame
    """The normalised features per record (name key, domain, country), for lead matching and hierarchy."""


# Country-code domains used as generic ones: they say nothing about where a company is.
_VANITY_TLDS = frozenset(
    {"io", "ai", "co", "me", "tv", "ly", "gg", "so", "sh", "to", "fm", "am", "cc", "ws", "la", "app"}
)


def country_of_domain(domain: str | None) -> str | None:
    """The country of a country-code domain ("kalo.com.br" -> "BR"), where the code means a country."""
    suffix = (domain or "").rsplit(".", 1)[-1]
    return None if len(suffix) != 2 or suffix in _VANITY_TLDS else country_code(suffix)


def account_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The documented account shape plus ``name_key``, ``initials``, ``acronym``, ``domain``, ``country_code``
    (stated, or named: "Kalo France") and ``domain_country`` (of a country-code domain)."""
    accounts = conform(frame, ACCOUNT_COLUMNS, "account")
    features = accounts.copy()
    by_name = name_feature_columns(accounts["name"])
    features[by_name.columns] = by_name
    features["domain"] = company_domains_of_websites(accounts["domain"].fillna(accounts["website"]))
    features["country_code"] = map_distinct(accounts["country"], country_code).fillna(features["name_country"])
    # Only a guess (a group's units write from its country domain wherever they are): kept apart, so
    # that it places a lead but never keeps two records of one company apart as "other countries".
    features["domain_country"] = map_distinct(features["domain"], country_of_domain)
    return features


def _pairs_within(keys: pd.Series, rule: str, max_block: int) -> pd.DataFrame:
    return pairs_sharing(keys, max_block).assign(block=rule)


def _pairs_across(left_keys: pd.Series, right_keys: pd.Series, rule: str, max_block: int) -> pd.DataFrame:
    """Pairs of rows whose ``left_keys`` equals another row's ``right_keys`` (initials against acronyms)."""
    left = pd.DataFrame({"key": left_keys.to_numpy(), "left": np.arange(len(left_keys))}).dropna()
    right = pd.DataFrame({"key": right_keys.to_numpy(), "right": np.arange(len(right_keys))}).dropna()
    right = right[right.groupby("key", sort=False)["right"].transform("size") <= max_block]
    pairs = left.merge(right, on="key")
    pairs = pairs[pairs["left"] != pairs["right"]]
    low, high = np.minimum(pairs["left"], pairs["right"]), np.maximum(pairs["left"], pairs["right"])
    return pd.DataFrame({"left": low.to_numpy(), "right": high.to_numpy(), "block": rule})


def candidate_pairs(features: pd.DataFrame, rules: AccountRules) -> pd.DataFrame:
    """Candidate record pairs from every blocking rule, each pair once."""
    prefix = features["name_key"].str.replace(" ", "", regex=False).str[: rules.prefix_length]
    blocks = [
        _pairs_within(features["name_key"], "name", rules.max_block),
        _pairs_within(features["domain"], "domain", rules.max_block),
        _pairs_within(prefix, "prefix", rules.max_block),
        _pairs_across(features["initials"], features["acronym"], "initials", rules.max_block),
    ]
    pairs = pd.concat(blocks, ignore_index=True)
    return pairs.drop_duplicates(["left", "right"]).reset_index(drop=True)


def _relation(left: pd.Series, right: pd.Series) -> np.ndarray:
    """ "same", "different" or "unknown" (either side missing), per pair."""
    known = left.notna().to_numpy() & right.notna().to_numpy()
    equal = known & (left.fillna("").to_numpy() == right.fillna("").to_numpy())
    return np.where(equal, "same", np.where(known, "different", "unknown"))


def score_pairs(features: pd.DataFrame, pairs: pd.DataFrame, rules: AccountRules) -> pd.DataFrame:
    """The pairs that match, with ``score`` and ``rule``: the first rule that holds, strongest first."""
    # Only the columns the rules read: copying whole records for every candidate pair cost memory for nothing.
    compared = features[["name", "name_key", "name_country", "initials", "legal_form", "domain", "country_code"]]
    left, right = compared.iloc[pairs["left"]], compared.iloc[pairs["right"]]
    names_l, names_r = left["name_key"].fillna("").to_list(), right["name_key"].fillna("").to_list()
    # Sorted words forgive word order; the plain ratio forgives a space typed one letter off.
    similarity = (
        np.maximum(
            process.cpdist(names_l, names_r, scorer=fuzz.token_sort_ratio, workers=-1),
            process.cpdist(names_l, names_r, scorer=fuzz.ratio, workers=-1),
        )
        / 100.0
    )
    same_key = (np.array(names_l, dtype=object) == np.array(names_r, dtype=object)) & (np.array(names_l) != "")
    one_slip = process.cpdist(names_l, names_r, scorer=OSA.distance, workers=-1) <= 1
    country = _relation(left["country_code"], right["country_code"])
    domain = _relation(left["domain"], right["domain"])
    either_initials = left["initials"].notna().to_numpy() | right["initials"].notna().to_numpy()
    by_initials = holds_for_pairs(left["name"], right["name"], either_initials, names_match_by_acronym)
    same_country, same_domain = country == "same", domain == "same"
    # Initials ("MG") are shared by countless companies: equal initials say nothing without a domain.
    initials_only = left["initials"].notna().to_numpy() | right["initials"].notna().to_numpy()
    same_key &= ~initials_only | same_domain
    # "Kalo Software" and "Kalo Software USA" are a group and its subsidiary, however similar.
    same_entity_kind = left["name_country"].fillna("").to_numpy() == right["name_country"].fillna("").to_numpy()
    similarity = np.where(same_entity_kind & ~initials_only, similarity, 0.0)
    # "Quingal Engineering Cloud" is a unit of "Quingal Engineering", often on the group's domain.
    near = similarity >= min(rules.fuzzy_name_with_domain, rules.fuzzy_name_with_country, rules.fuzzy_name_alone)
    similarity = np.where(
        holds_for_pairs(left["name_key"], right["name_key"], near, _one_names_a_unit_of_other), 0.0, similarity
    )
    # "Tatorta LLC" and "Tatorta Corp." are two legal entities, whatever else they share.
    compatible_forms = _relation(left["legal_form"], right["legal_form"]) != "different"
    compatible = (country != "different") & (domain != "different")
    conditions = [
        same_key & same_domain & (country != "different"),
        same_key & same_country,
        same_key & compatible,
        (domain == "same") & (country != "different") & (similarity >= rules.fuzzy_name_with_domain),
        same_country & (domain != "different") & (similarity >= rules.fuzzy_name_with_country),
        compatible & (similarity >= rules.fuzzy_name_alone),
        one_slip & same_domain & (country != "different"),
        by_initials & (country != "different") & same_domain,
        same_key & (country == "unknown"),
    ]
    conditions = [condition & compatible_forms for condition in conditions]
    names = np.select(
        conditions,
        [
            "same name + same domain",
            "same name + same country",
            "same name",
            "fuzzy name + same domain",
            "fuzzy name + same country",
            "fuzzy name",
            "name typo + same domain",
            "initials + same domain",
            "same name, other domain",
        ],
        default="",
    )
    scores = np.select(conditions, [1.0, 0.98, 0.95, similarity, similarity, similarity, 0.9, 0.9, 0.8], default=0.0)
    matched = names != ""
    out = pairs.loc[matched, ["left", "right"]].reset_index(drop=True)
    out["score"] = np.round(scores[matched], 3)
    # Plain ``str``, not the ``numpy.str_`` that iterating the array gives: those reach the xref's
    # ``match_rule``, and pickling them (a worker's result) is twenty times slower.
    out["rule"] = [
        f"{rule} {score:.2f}" if rule.startswith("fuzzy") else rule
        for rule, score in zip(names[matched].tolist(), scores[matched].tolist(), strict=True)
    ]
    return out


def _one_names_a_unit_of_other(a: str, b: str) -> bool:
    """Whether one key is the other with words added (a unit or subsidiary named after its parent)."""
    words_a, words_b = set(a.split()), set(b.split())
    return bool(words_a) and bool(words_b) and (words_a < words_b or words_b < words_a)


def explicit_links(features: pd.DataFrame) -> pd.DataFrame:
    """Pairs one system states itself: a record whose ``external_id`` is another record's source id."""
    ids = pd.DataFrame({"source_id": features["source_id"].to_numpy(), "right": np.arange(len(features))})
    refs = pd.DataFrame({"source_id": features["external_id"].to_numpy(), "left": np.arange(len(features))}).dropna()
    pairs = refs.merge(ids, on="source_id")
    pairs = pairs[pairs["left"] != pairs["right"]]
    return pd.DataFrame(
        {"left": pairs["left"].to_numpy(), "right": pairs["right"].to_numpy(), "score": 1.0, "rule": "external id"}
    )


def resolve_accounts(
    frame: pd.DataFrame, previous: pd.DataFrame | None = None, rules: AccountRules | None = None
) -> AccountResolution:
    """Golden accounts for the records of ``frame`` (the account shape), keys kept from ``previous``."""
    rules = rules or AccountRules()
    features = account_features(frame)
    found = [explicit_links(features), score_pairs(features, candidate_pairs(features, rules), rules)]
    # Empty frames are left out: pandas will soon let their all-NA columns decide the result's dtypes.
    links = pd.concat([frame for frame in found if not frame.empty] or found[:1], ignore_index=True)
    countries = features["country_code"].where(features["country_code"].notna(), None).tolist()
    labels, rule, score = clusters_from_links(len(features), links, exclusive=countries)
    assignment: KeyAssignment = assign_keys(features, pd.Series(labels), previous, "acc", "account_key")
    xref = features[["source_system", "source_id"]].copy()
    xref["account_key"] = assignment.keys.to_numpy()
    xref["match_rule"] = rule.to_numpy()
    xref["match_score"] = score.to_numpy()
    features = features.assign(account_key=xref["account_key"])
    return AccountResolution(xref=xref, merges=assignment.merges, features=features)
