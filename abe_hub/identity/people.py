"""Golden people: which Contacts, Leads, HubSpot contacts and Zendesk users are one person, and their account.

A person is the same across systems when they share an email address (and no surname contradicts
it), when they have the same name at the same golden account, or the same name and phone number,
or, for records that carry personal details (birth date, national id, address), when two of those
details agree. The account comes from lead matching, and once the records of a person are known to
be one, the best-evidenced account of any of them holds for all: a HubSpot contact with a Gmail
address belongs to the account of the Salesforce Contact that is the same person. What one record
rules out (a subsidiary typed against its group's domain) is ruled out for all of them, unless their
own system links them there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from abe_hub.identity.accounts import AccountResolution
from abe_hub.identity.blocking import pairs_sharing
from abe_hub.identity.clustering import clusters_from_links
from abe_hub.identity.domains import email_keys_and_domains
from abe_hub.identity.geography import phone_keys
from abe_hub.identity.keys import RecordOrder, assign_keys, record_order
from abe_hub.identity.lead_matching import LeadRules, lead_features, lead_matches
from abe_hub.identity.personal_details import detail_features, detail_links
from abe_hub.identity.shapes import PERSON_COLUMNS, PERSONAL_DETAIL_COLUMNS, conform
from abe_hub.identity.text import folded_words
from abe_hub.identity.vectorize import map_distinct


@dataclass(frozen=True)
class PersonRules:
    max_block: int = 50


@dataclass(frozen=True)
class PersonResolution:
    xref: pd.DataFrame
    """``source_system, source_id, person_key, account_key, match_rule, match_score, person_rule, person_score``.

    ``match_rule``/``match_score`` say why the person belongs to the account (the contract's
    columns); ``person_rule``/``person_score`` say why the record is that person.
    """
    merges: pd.DataFrame


def _words(value: str | None) -> str:
    return " ".join(folded_words(value)) if value else ""


def person_features(
    people: pd.DataFrame, email_keys: pd.Series, email_domains: pd.Series, country_codes: pd.Series
) -> pd.DataFrame:
    """``email_key`` and whether it is a company address (``work_email``: one whose company domain is
    known), from ``email_keys_and_domains`` of the addresses; ``phone_key`` (a number
    written nationally read in the record's country, ``country_codes``) and a folded ``name_key``
    ("first last") from the name fields or the full name."""
    first = map_distinct(people["first_name"], _words)
    last = map_distinct(people["last_name"], _words)
    only_full = ((first == "") & (last == "")).to_numpy()  # a Zendesk user: one name field
    split = map_distinct(people["full_name"][only_full], _words).str.split(" ", n=1)
    first[only_full], last[only_full] = split.str[0].fillna(""), split.str[1].fillna("")
    name = (first + " " + last).str.strip()
    work_email = email_domains.notna().to_numpy() & email_keys.notna().to_numpy()
    return pd.DataFrame(
        {
            "email_key": email_keys,
            "work_email": work_email,
            "phone_key": phone_keys(people["phone"], country_codes),
            "name_key": name,
            "first_key": first,
            "last_key": last,
        },
        index=people.index,
    )


def _group_and_surname(group_keys: pd.Series, last_keys: pd.Series) -> pd.Series:
    """One integer per (group, first three letters of the surname), null without either, the group
    being the golden account or the company typed: a block key built from codes, since joining a
    million strings cost more than the blocking itself."""
    group, _ = pd.factorize(group_keys, use_na_sentinel=True)
    surname, surnames = pd.factorize(last_keys, use_na_sentinel=True)
    prefix, _ = pd.factorize(pd.Series(surnames, dtype=object).str[:3])
    prefixes = prefix[surname].astype(np.int64)
    known = (group >= 0) & (surname >= 0) & (last_keys.to_numpy() != "")
    return pd.Series(
        np.where(known, group.astype(np.int64) * (len(surnames) + 1) + prefixes, np.nan), index=last_keys.index
    )


@dataclass(frozen=True)
class AccountFreePairs:
    """The candidate pairs no account decides: the same email, the same phone, the same surname at the
    same company typed."""

    same_email: pd.DataFrame
    same_phone: pd.DataFrame
    same_company_name: pd.DataFrame


def account_free_pairs(features: pd.DataFrame, company_keys: pd.Series, rules: PersonRules) -> AccountFreePairs:
    same_company_name = _group_and_surname(company_keys.replace("", None), features["last_key"])
    return AccountFreePairs(
        pairs_sharing(features["email_key"], rules.max_block),
        pairs_sharing(features["phone_key"], rules.max_block),
        pairs_sharing(same_company_name, rules.max_block),
    )


def person_links(
    features: pd.DataFrame,
    account_keys: pd.Series,
    company_keys: pd.Series,
    rules: PersonRules,
    account_free: AccountFreePairs | None = None,
) -> pd.DataFrame:
    """Pairs of records that are one person, with ``score`` and ``rule``.

    ``company_keys`` (the name key of the company typed on each record) links the same name at the
    same company typed where no account is known to tell them apart: two leads of "Solsil S.A.",
    which no account stands for, from Salesforce and HubSpot. ``account_free`` is
    ``account_free_pairs(features, company_keys, rules)``, where the caller has it already.
    """
    account_free = account_free or account_free_pairs(features, company_keys, rules)
    same_account_name = _group_and_surname(account_keys, features["last_key"])
    pairs = pd.concat(
        [
            account_free.same_email,
            account_free.same_phone,
            pairs_sharing(same_account_name, rules.max_block),
            account_free.same_company_name,
        ]
    ).drop_duplicates()
    # Compared as plain arrays taken by position: a frame's positional take of a million and a half
    # rows per side cost more than every comparison made on them.
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    email, phone, name, last = (
        features[column].to_numpy(dtype=object) for column in ("email_key", "phone_key", "name_key", "last_key")
    )
    same_email = (email[left] == email[right]) & pd.notna(email[left])
    same_phone = (phone[left] == phone[right]) & pd.notna(phone[left])
    accounts = account_keys.to_numpy(dtype=object)
    accounts_l, accounts_r = accounts[left], accounts[right]
    known_l, known_r = pd.notna(accounts_l), pd.notna(accounts_r)
    same_account = (accounts_l == accounts_r) & known_l
    # Exact names only: at one account, names a typo apart are namesakes more often than typos (in
    # the large sandbox world every such link was wrong).
    same_name = (name[left] == name[right]) & (name[left] != "")
    # One mailbox, two different surnames: a shared or recycled address ("info@", a family's Gmail),
    # not one person.
    # Weighed only where the address is shared, the one place it counts.
    both = np.flatnonzero(same_email & (last[left] != "") & (last[right] != ""))
    last_l, last_r = last[left[both]].tolist(), last[right[both]].tolist()
    surnames_agree = np.ones(len(pairs), dtype=bool)
    surnames_agree[both] = process.cpdist(last_l, last_r, scorer=fuzz.ratio, workers=-1) >= 80
    no_other_account = ~known_l | ~known_r | same_account
    companies = company_keys.to_numpy(dtype=object)
    same_company = (companies[left] == companies[right]) & (companies[left] != "")
    # A phone is a line, not a person: a switchboard or a shared desk rings for colleagues, so it
    # takes the whole name too, and two records at two known accounts are two people.
    conditions = [
        same_email & surnames_agree,
        same_account & same_name,
        same_phone & same_name & no_other_account,
        same_company & same_name & no_other_account,
    ]
    rule = np.select(
        conditions,
        ["same email", "same name + same account", "same phone + same name", "same name + same company typed"],
        default="",
    )
    score = np.select(conditions, [1.0, 0.95, 0.95, 0.9], default=0.0)
    keep = rule != ""
    links = pairs[keep].reset_index(drop=True)
    links["score"] = score[keep]
    links["rule"] = rule[keep]
    return links


def links_by_details(people: pd.DataFrame, features: pd.DataFrame, rules: PersonRules) -> pd.DataFrame:
    """Pairs that personal details say are one person; none when no record carries any."""
    if people[list(PERSONAL_DETAIL_COLUMNS)].isna().all(axis=None):
        return pd.DataFrame()
    return detail_links(detail_features(people, features["first_key"], features["last_key"]), rules.max_block)


def people_evidence(people: pd.DataFrame) -> pd.DataFrame:
    """``lead_features`` and ``person_features`` of conformed people, side by side: everything the
    resolution reads from a person record, and none of it depends on the accounts."""
    email_key, email_domain = email_keys_and_domains(people["email"])
    evidence = lead_features(people, email_domain)
    return pd.concat([evidence, person_features(people, email_key, email_domain, evidence["country_code"])], axis=1)


@dataclass(frozen=True)
class PeopleGroundwork:
    """What a resolution of people reads that no account decides: each record's evidence, the pairs
    that need no account, and the records' order for their keys.

    ``resolve`` prepares it while the accounts resolve in a worker, which takes the longer of the two:
    work that would otherwise wait for the accounts and then run alone on one core.
    """

    evidence: pd.DataFrame
    pairs: AccountFreePairs
    order: RecordOrder


def people_groundwork(people: pd.DataFrame, previous: pd.DataFrame | None, rules: PersonRules) -> PeopleGroundwork:
    """The ``PeopleGroundwork`` of conformed ``people`` against the ``previous`` run's cross-reference."""
    evidence = people_evidence(people)
    return PeopleGroundwork(
        evidence, account_free_pairs(evidence, evidence["company_key"], rules), record_order(people, previous)
    )


def _without_accounts_the_person_rules_out(
    matched: pd.DataFrame, ruled_out: pd.DataFrame, labels: np.ndarray
) -> pd.DataFrame:
    """``matched`` without the accounts another record of the same person ruled out, unless the
    record's own system links it there.

    One person typed "Solvalsil Capital France SAS" on a Salesforce lead and left the company blank
    in HubSpot: the HubSpot record's domain alone finds the group, which the subsidiary typed rules
    out. Both records are one person at one company, so what one record says against an account
    holds for the other too (on the large sandbox world, nine in ten records that took such an
    account from another record of their person were wrong).
    """
    if ruled_out.empty:
        return matched
    account = matched["account_key"].to_numpy(dtype=object)
    against_labels = labels[ruled_out["row"].to_numpy()]
    # Only the people a veto concerns, found on integers first: a few thousand records of a million.
    concerned = np.isin(labels, against_labels) & pd.notna(account)
    linked = map_distinct(matched["match_rule"][concerned], _is_link).to_numpy(dtype=bool)
    rows = np.flatnonzero(concerned)[~linked]
    if not len(rows):
        return matched
    against = pd.MultiIndex.from_arrays([against_labels, ruled_out["account_key"].to_numpy()])
    dropped = rows[pd.MultiIndex.from_arrays([labels[rows], account[rows]]).isin(against)]
    matched = matched.copy()
    columns = matched.columns.get_indexer(["account_key", "match_rule", "match_score"])
    matched.iloc[dropped, columns] = [None, None, np.nan]
    return matched


def _is_link(rule: str | None) -> bool:
    return rule is not None and rule.startswith("linked in ")


def _shared_within_each_person(matched: pd.DataFrame, labels: np.ndarray) -> tuple[np.ndarray, ...]:
    """``account_key, match_rule, match_score`` of each record, a record that found no account taking
    the best-evidenced one among its person's records (the highest score, then the smallest key),
    its rule prefixed "same person: ".

    Ranked on integers: the keys' codes follow the keys' order, so the smallest key still wins a
    tie, and a million records sort in a fraction of what sorting their keys' text took.
    """
    account = matched["account_key"].to_numpy(dtype=object).copy()
    rule = matched["match_rule"].to_numpy(dtype=object).copy()
    score = matched["match_score"].to_numpy(dtype=float).copy()
    unknown = np.flatnonzero(pd.isna(account))
    # Donors are looked for only in the people that have a record to give to.
    known = np.flatnonzero(pd.notna(account) & np.isin(labels, labels[unknown]))
    key_order = pd.factorize(account[known], sort=True)[0]
    ranked = known[np.lexsort((key_order, -score[known], labels[known]))]
    clusters, first = np.unique(labels[ranked], return_index=True)
    best_of_cluster = pd.Series(ranked[first], index=clusters)
    donor = best_of_cluster.reindex(labels[unknown]).to_numpy()
    heirs, donors = unknown[~np.isnan(donor)], donor[~np.isnan(donor)].astype(np.int64)
    account[heirs], score[heirs] = account[donors], score[donors]
    rule[heirs] = [f"same person: {text}" for text in rule[donors].tolist()]
    return account, rule, score


def resolve_people(
    frame: pd.DataFrame,
    accounts: AccountResolution,
    previous: pd.DataFrame | None = None,
    rules: PersonRules | None = None,
    lead_rules: LeadRules | None = None,
    hierarchy: pd.DataFrame | None = None,
    groundwork: PeopleGroundwork | None = None,
) -> PersonResolution:
    """Golden people for the records of ``frame`` (the person shape) and the account of each.

    ``groundwork`` is ``people_groundwork`` of the same records, ``previous`` and ``rules``, where the
    caller prepared it already, as ``resolve`` does while the accounts resolve in another process.
    """
    rules = rules or PersonRules()
    people = conform(frame, PERSON_COLUMNS, "person")
    groundwork = groundwork or people_groundwork(people, previous, rules)
    features = groundwork.evidence
    leads = lead_matches(people, accounts, hierarchy=hierarchy, rules=lead_rules, features=features)
    matched = leads.matched
    links = person_links(features, matched["account_key"], features["company_key"], rules, groundwork.pairs)
    by_details = links_by_details(people, features, rules)
    if len(by_details):
        links = pd.concat([links, by_details], ignore_index=True)
    # One person has one work address: two different company addresses are two people, however alike
    # their names (two John Smiths at one large account).
    work_email = features["email_key"].astype(object).where(features["work_email"], None)
    labels, person_rule, person_score = clusters_from_links(len(people), links, exclusive=work_email.tolist())
    matched = _without_accounts_the_person_rules_out(matched, leads.ruled_out, labels)
    account, rule, score = _shared_within_each_person(matched, labels)
    keys = assign_keys(people, pd.Series(labels), previous, "per", "person_key", groundwork.order)
    xref = people[["source_system", "source_id"]].copy()
    xref["person_key"] = keys.keys.to_numpy()
    xref["account_key"], xref["match_rule"], xref["match_score"] = account, rule, score
    xref["person_rule"] = person_rule.to_numpy()
    xref["person_score"] = person_score.to_numpy()
    return PersonResolution(xref=xref, merges=keys.merges)
