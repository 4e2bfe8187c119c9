"""Lead-to-account matching: which golden account a person belongs to, and the evidence for it.

Evidence is tried strongest first, the ladder lead-routing tools document:

1. the person's own system links them to an account (a Contact's AccountId, a HubSpot contact's
   primary company, a Zendesk user's organization);
2. the company domain of their email equals an account's domain;
3. the domain of the website typed on the lead does;
4. the company typed on the lead equals an account's name (by name key), or is one typo away, in a
   country that does not contradict the account's, and written from no company domain but the
   account's (a typo-near name at another company's domain is that other company).

A business unit rarely has a domain of its own: its people write from the group's. So a typed company
name (or its initials) that names an account whose group holds the person's domain is stronger than
that domain alone, which would only name the subsidiary that holds it.

Free-mail and disposable addresses are never evidence, so a lead with only a Gmail address stays
unmatched rather than guessed. A group's subsidiaries and units often share its domain: when several
accounts hold the same evidence, the configurable tie-break decides (by default: the account in the
person's country, then the one whose name is closest to the company typed on the lead, then the one
in the email domain's country, then the most specific unit, the deepest in the hierarchy).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from abe_hub.identity.accounts import AccountResolution, country_of_domain
from abe_hub.identity.domains import company_domains_of_emails, company_domains_of_websites
from abe_hub.identity.frames_sql import query
from abe_hub.identity.geography import country_code
from abe_hub.identity.name_features import name_feature_columns
from abe_hub.identity.shapes import PERSON_COLUMNS, conform
from abe_hub.identity.vectorize import holds_for_pairs, map_distinct, record_positions

TIE_BREAKS = ("country", "name", "domain_country", "depth")
# The columns of ``AccountResolution.features`` that lead matching reads.
ACCOUNT_EVIDENCE = ("account_key", "domain", "name_key", "acronym", "country_code", "domain_country", "legal_form")
# Below this similarity, two names of one brand name two units, not one unit typed carelessly.
SIBLING_SIMILARITY = 85


@dataclass(frozen=True)
class LeadRules:
    fuzzy_company_name: float = 0.92
    max_block: int = 200
    tie_break: tuple[str, ...] = TIE_BREAKS


def lead_features(people: pd.DataFrame, email_domains: pd.Series | None = None) -> pd.DataFrame:
    """The evidence columns of a people frame: domains, the company key, its initials and the countries.

    ``email_domains`` are ``company_domains_of_emails(people["email"])``, where the caller has them.
    """
    company = name_feature_columns(people["company_name"])
    return pd.DataFrame(
        {
            "company_key": company["name_key"],
            "company_country": company["name_country"],
            "company_form": company["legal_form"],
            "company_initials": company["initials"],
            "email_domain": company_domains_of_emails(people["email"]) if email_domains is None else email_domains,
            "website_domain": company_domains_of_websites(people["website"]),
            "country_code": map_distinct(people["country"], country_code),
        },
        index=people.index,
    )


def _linked(people: pd.DataFrame, accounts: AccountResolution) -> pd.DataFrame:
    """The account each person's own system links them to (a Contact's AccountId, ...)."""
    xref = accounts.xref
    at = record_positions(
        people["source_system"], people["account_source_id"], xref["source_system"], xref["source_id"]
    )
    found = np.flatnonzero(at >= 0)
    systems = people["source_system"].to_numpy(dtype=object)[found]
    return pd.DataFrame(
        {
            "person": people.index.to_numpy()[found],
            "account_key": xref["account_key"].to_numpy(dtype=object)[at[found]],
            "kind": "linked in " + pd.Series(systems, dtype=object).astype(str),
        }
    )


def _by_keys(features: pd.DataFrame, accounts: pd.DataFrame) -> list[pd.DataFrame]:
    """Candidates whose account's domain is the person's email domain, whose domain is the website's,
    and whose name key is the company's: one frame of ``person, account_key, kind`` each.

    A company typed as initials ("KPC") names an account written so only where no other account is:
    a few letters tell too few companies apart (on the large sandbox world, 200k accounts, 1,166 of
    the 1,248 leads placed by initials alone went to another company written with the same ones).
    Another account whose name merely abbreviates to them does not make them ambiguous: the one
    written so is the better guess, and was right more often than not on the default world.

    Joined in DuckDB, as pandas hashed the same few hundred thousand domains and names again for
    every merge, on one core.
    """
    people = features[["email_domain", "website_domain", "company_key", "company_initials"]]
    people = people.rename_axis("person").reset_index()
    accounts = accounts[["account_key", "domain", "name_key"]]

    def holding(person_column: str, account_column: str, kind: str, only: str = "TRUE") -> pd.DataFrame:
        return query(
            f"""
            SELECT person, account_key, $kind AS kind
            FROM people
            JOIN (SELECT DISTINCT {account_column}, account_key FROM accounts) AS held
                ON {person_column} = {account_column}
            WHERE {person_column} <> '' AND {only}
            ORDER BY person, account_key
            """,
            {"kind": kind},
            people=people,
            accounts=accounts,
        )

    return [
        holding("email_domain", "domain", _EMAIL),
        holding("website_domain", "domain", _WEBSITE),
        holding(
            "company_key",
            "name_key",
            _NAME,
            only="""(company_initials IS NULL OR company_initials IN (
                SELECT name_key FROM accounts GROUP BY name_key HAVING count(DISTINCT account_key) = 1
            ))""",
        ),
    ]


def _blocks(keys: pd.Series) -> pa.Table:
    """``block, row``: the blocks each key (by row number) is compared within, a pair possibly twice.

    - Its first and last four letters, and its first and last halves: a slip (a letter typed wrong,
      left out, added, or two swapped) leaves one half whole. A key gives its halves at both n // 2
      and (n - 1) // 2 letters, so a key a letter short meets the whole one at the same length.
    - The words after the first, with the first word's first two letters, and with its last two: a
      slip in the first word keeps one of them, where the halves may only share a common last word
      ("Belrbi Nippon": "nippon" ends too many names to compare within).

    Sliced in Arrow, one length at a time.
    """
    text = pa.array(keys.tolist(), type=pa.string())
    lengths = pc.utf8_length(text).to_numpy()
    blocks, rows = [], []
    for length in np.unique(lengths).tolist():
        at = np.flatnonzero(lengths == length)
        of_length = text.take(pa.array(at))
        for size in {4, length // 2, (length - 1) // 2}:
            blocks += [
                pc.binary_join_element_wise("<", pc.utf8_slice_codeunits(of_length, 0, size), ""),
                pc.binary_join_element_wise(">", pc.utf8_slice_codeunits(of_length, length - size, length), ""),
            ]
            rows += [at, at]
    rest = pc.replace_substring_regex(text, "^[^ ]* ?", "")
    several = np.flatnonzero(pc.not_equal(rest, "").to_numpy(zero_copy_only=False))
    first = pc.replace_substring_regex(text.take(pa.array(several)), " .*$", "")
    rest = rest.take(pa.array(several))
    blocks += [
        pc.binary_join_element_wise("{", pc.utf8_slice_codeunits(first, 0, 2), rest, "|"),
        pc.binary_join_element_wise("}", pc.utf8_slice_codeunits(first, -2, 2**31 - 1), rest, "|"),
    ]
    rows += [several, several]
    return pa.table({"block": pa.chunked_array(blocks, type=pa.string()), "row": np.concatenate(rows)})


def _block_pairs(typed: pd.Series, names: pd.Series, max_block: int, length_slack: float) -> pd.DataFrame:
    """``typed, name``: each pair of row numbers whose keys share a ``_blocks`` block holding no more
    than ``max_block`` distinct names, and whose lengths differ by at most one letter or
    ``length_slack`` of their summed length, once, in order.

    Joined in DuckDB: millions of block strings, which pandas joined and deduplicated on one core in
    twice the time. The names are blocked once per distinct name. Lengths are compared in the join:
    filtered afterwards, twice as many pairs were deduplicated, sorted and handed back for nothing.
    """
    name_codes, distinct_names = pd.factorize(names)
    typed_blocks, name_blocks = _blocks(typed), _blocks(pd.Series(distinct_names))
    return query(
        """
        WITH names AS (SELECT DISTINCT block, row AS distinct_name FROM name_blocks),
        informative AS (
            SELECT block, distinct_name FROM names QUALIFY count(*) OVER (PARTITION BY block) <= $max_block
        )
        SELECT DISTINCT typed_blocks.row AS typed, of_distinct.name
        FROM typed_blocks
        JOIN typed_lengths USING (row)
        JOIN informative USING (block)
        JOIN of_distinct USING (distinct_name)
        WHERE abs(typed_length - name_length) <= greatest(1, $slack * (typed_length + name_length))
        ORDER BY typed, name
        """,
        {"max_block": max_block, "slack": length_slack},
        typed_blocks=typed_blocks,
        typed_lengths=pa.table({"row": np.arange(len(typed)), "typed_length": typed.str.len().to_numpy()}),
        name_blocks=name_blocks,
        of_distinct=pa.table(
            {"distinct_name": name_codes, "name": np.arange(len(names)), "name_length": names.str.len().to_numpy()}
        ),
    )


def _fuzzy_names(features: pd.DataFrame, unplaced: pd.Index, accounts: pd.DataFrame, rules: LeadRules) -> pd.DataFrame:
    """Company names a typo away from an account name, for the people no exact evidence placed.

    Compared once per distinct typed name, within its ``_blocks``; a block holding more than
    ``max_block`` account names says too little to compare within.
    """
    typed = features.loc[unplaced, "company_key"].dropna()
    typed = typed[typed.str.len() >= 4]
    distinct = pd.Series(typed.unique())
    names = accounts[["name_key", "account_key"]].dropna().drop_duplicates()
    names = names[names["name_key"].str.len() >= 4].reset_index(drop=True)
    # Names and typed names travel as row numbers: deduplicating pairs on two integers, not three
    # strings, was most of this step's time. Neither a slip nor the fuzzy threshold bridges a larger
    # difference in length than the slack.
    pairs = _block_pairs(distinct, names["name_key"], rules.max_block, 1 - rules.fuzzy_company_name)
    if pairs.empty:
        return pd.DataFrame(columns=["person", "account_key", "kind", "similarity"])
    left = distinct.to_numpy(dtype=object)[pairs["typed"].to_numpy()]
    right = names["name_key"].to_numpy(dtype=object)[pairs["name"].to_numpy()]
    similarity = process.cpdist(left.tolist(), right.tolist(), scorer=fuzz.ratio, workers=-1) / 100
    one_slip = process.cpdist(left.tolist(), right.tolist(), scorer=OSA.distance, workers=-1) <= 1
    keep = ((similarity >= rules.fuzzy_company_name) | one_slip) & (similarity < 1)
    # A name whose first word, the brand, is more than a slip from the account's is another name,
    # however alike the rest: "Prazen Components Deutschland" is not "Yorfalzen Components
    # Deutschland" (on the large sandbox world, each of the 195 such matches was wrong).
    alike = np.flatnonzero(keep & ~one_slip)
    brands = [s.split(" ", 1)[0] for s in left[alike]], [s.split(" ", 1)[0] for s in right[alike]]
    keep[alike[process.cpdist(*brands, scorer=OSA.distance, workers=-1) > 1]] = False
    found = pd.DataFrame(
        {
            "company_key": left[keep],
            "account_key": names["account_key"].to_numpy(dtype=object)[pairs["name"].to_numpy()[keep]],
            "similarity": similarity[keep],
        }
    )
    people = typed.rename("company_key").rename_axis("person").reset_index()
    return people.merge(found, on="company_key").assign(kind="fuzzy")[["person", "account_key", "kind", "similarity"]]


def _in_group(
    features: pd.DataFrame, accounts: pd.DataFrame, groups: pd.Series | None, rules: LeadRules
) -> pd.DataFrame:
    """Accounts the typed company names (exactly, a typo away, or by its initials) within the group that
    holds the person's domain: "Belfal Utilities Cloud" written from belfalutilities.dk, the domain of
    its sister "Belfal Utilities Danmark A/S".

    Compared once per distinct (typed name, initials, domain); a group of more than ``max_block``
    accounts is skipped, as a block is.
    """
    empty = pd.DataFrame(columns=["person", "account_key", "kind", "similarity"])
    if groups is None:
        return empty
    domain = features["email_domain"].fillna(features["website_domain"])
    typed = features[["company_key", "company_initials"]].fillna("").assign(domain=domain)
    typed = typed[typed["domain"].notna() & ((typed["company_key"] != "") | (typed["company_initials"] != ""))]
    records = accounts[["account_key", "domain", "name_key", "acronym"]]
    records = records.assign(group_key=records["account_key"].map(groups))
    typed = typed.rename_axis("person").reset_index()
    # Deduplicated and joined in DuckDB: in pandas, hashing these strings over and over on one core
    # was most of this step.
    pairs = query(
        """
        WITH members AS (
            SELECT DISTINCT group_key, account_key, name_key, acronym FROM records WHERE group_key IS NOT NULL
        ),
        small_groups AS (
            SELECT group_key FROM members GROUP BY group_key HAVING count(DISTINCT account_key) <= $max_block
        ),
        holders AS (
            SELECT DISTINCT domain, group_key FROM records WHERE domain IS NOT NULL AND group_key IS NOT NULL
        )
        SELECT typed.company_key, typed.company_initials, typed.domain, members.account_key,
            members.name_key, members.acronym
        FROM (SELECT DISTINCT company_key, company_initials, domain FROM typed) AS typed
        JOIN holders USING (domain)
        JOIN small_groups USING (group_key)
        JOIN members USING (group_key)
        """,
        {"max_block": rules.max_block},
        typed=typed,
        records=records,
    )
    if pairs.empty:
        return empty
    typed_keys, name_keys = pairs["company_key"].tolist(), pairs["name_key"].fillna("").tolist()
    similarity = process.cpdist(typed_keys, name_keys, scorer=fuzz.ratio, workers=-1) / 100
    # One slip names the unit as it does outside a group ("Kodako" typed, "Kodak" the account):
    # in short names a slip costs more similarity than the threshold allows.
    one_slip = (process.cpdist(typed_keys, name_keys, scorer=OSA.distance, workers=-1) <= 1) & (
        pairs["company_key"].str.len().to_numpy() >= 4
    )
    by_name = (similarity >= rules.fuzzy_company_name) | one_slip
    initials = pairs["company_initials"]
    by_initials = ((initials == pairs["acronym"]) & (initials != "")).to_numpy(dtype=bool)
    keep = by_name | by_initials
    found = pairs.loc[keep, ["company_key", "company_initials", "domain", "account_key"]]
    found["similarity"] = np.where(by_name[keep], similarity[keep], np.nan)
    return query(
        """
        SELECT typed.person, found.account_key, 'group' AS kind, found.similarity
        FROM typed JOIN found USING (company_key, company_initials, domain)
        ORDER BY typed.person, found.account_key
        """,
        typed=typed,
        found=found,
    )


# How much each combination of evidence is worth, strongest first. A domain and a name together beat
# either alone; the exact company name in the person's country beats a domain shared by a group's
# units, since the name says which unit.
_LADDER = (
    ("linked", 1.0),
    ("domain+name", 0.97),
    ("name in domain's group", 0.95),
    ("name+country", 0.94),
    ("domain+country", 0.92),
    ("domain", 0.9),
    ("name", 0.86),
    ("fuzzy+country", 0.8),
    ("fuzzy", 0.75),
)
_EMAIL, _WEBSITE, _NAME = (
    "email domain = account domain",
    "website domain = account domain",
    "company name = account name",
)


def _names_a_unit_of(typed: pd.Series, account: pd.Series, where: np.ndarray) -> np.ndarray:
    """Whether the typed company name is the account's name plus more words (a unit or subsidiary),
    checked on the rows ``where`` holds only, and only where the typed name is the longer."""
    return holds_for_pairs(typed, account, _both_written(typed, account, where), _is_unit_of)


def _is_unit_of(typed: str, account: str) -> bool:
    return len(typed) > len(account) and set(account.split()) < set(typed.split())


def _one_form_ends_the_other(typed: str, form: str) -> bool:
    return typed.endswith(f" {form}") or form.endswith(f" {typed}")


def _names_a_sibling_of(typed: pd.Series, account: pd.Series, where: np.ndarray) -> np.ndarray:
    """Whether the typed company is another unit of the account's group: the same brand, other words
    ("Zenvex Industrial" typed, the domain's holder "Zenvex Polska"), typos aside; on ``where`` rows."""
    return holds_for_pairs(typed, account, _both_written(typed, account, where), _is_sibling_of)


def _both_written(left: pd.Series, right: pd.Series, where: np.ndarray) -> np.ndarray:
    """The rows ``where`` holds on which neither name is missing nor empty: an empty one names
    nothing, and most leads a domain alone found have nothing typed. Checked on those rows only."""
    rows = np.flatnonzero(where)
    lefts, rights = left.to_numpy(dtype=object)[rows], right.to_numpy(dtype=object)[rows]
    written = np.zeros(len(left), dtype=bool)
    written[rows] = pd.notna(lefts) & pd.notna(rights) & (lefts != "") & (rights != "")
    return written


def _is_sibling_of(typed: str, account: str) -> bool:
    typed_words, account_words = typed.split(), account.split()
    if not typed_words or not account_words or typed_words[0] != account_words[0]:
        return False
    return fuzz.token_set_ratio(typed, account) < SIBLING_SIMILARITY and fuzz.ratio(typed, account) < SIBLING_SIMILARITY


# The columns of a person's ``lead_features`` that scoring reads.
_READ_OF_PERSON = ("country_code", "company_country", "company_form", "company_key", "email_domain", "website_domain")


def _scored(
    candidates: pd.DataFrame, features: pd.DataFrame, accounts: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per (person, account) that scores: its evidence as flags (the rule text is built only
    for the chosen match, in ``_rule_text``) and its score on the ladder; and the ``person,
    account_key`` pairs a veto ruled out."""
    # A handful of kinds over millions of rows: compared as codes, not as strings.
    codes, kinds = pd.factorize(candidates["kind"])
    linked_codes = [i for i, k in enumerate(kinds) if k.startswith("linked in ")]

    def of_kind(*wanted: str) -> np.ndarray:
        return np.isin(codes, [i for i, k in enumerate(kinds) if k in wanted])

    linked_rows = np.isin(codes, linked_codes)
    # One integer per (person, account): grouping on it, not on the key's text, was most of this step.
    account, account_keys = pd.factorize(candidates["account_key"])
    flags = pd.DataFrame(
        {
            "pair": candidates["person"].to_numpy(dtype=np.int64) * len(account_keys) + account,
            "person": candidates["person"],
            "account": account,
            "linked": linked_rows,
            "email": of_kind(_EMAIL),
            "website": of_kind(_WEBSITE),
            "exact_name": of_kind(_NAME),
            "fuzzy": of_kind("fuzzy"),
            "group": of_kind("group"),
            "similarity": candidates.get("similarity", np.nan),
            "link_text": candidates["kind"].where(linked_rows),
        }
    )
    scored = flags.groupby("pair", sort=False).agg(
        person=("person", "first"),
        account=("account", "first"),
        linked=("linked", "max"),
        email=("email", "max"),
        website=("website", "max"),
        exact_name=("exact_name", "max"),
        fuzzy=("fuzzy", "max"),
        group=("group", "max"),
        similarity=("similarity", "max"),
        link_text=("link_text", "first"),
    )
    profile = accounts.groupby("account_key", sort=False).agg(
        country_code=("country_code", "first"), legal_form=("legal_form", "first"), name_key=("name_key", "first")
    )
    rows = scored.pop("account").to_numpy()
    per_account = profile.reindex(account_keys)
    at = features.index.get_indexer(scored["person"].to_numpy())
    person = pd.DataFrame({column: features[column].to_numpy(dtype=object)[at] for column in _READ_OF_PERSON})
    scored = scored.reset_index(drop=True).assign(
        account_key=np.asarray(account_keys, dtype=object)[rows],
        **{column: per_account[column].to_numpy(dtype=object)[rows] for column in per_account.columns},
        **{
            f"person_{column}": person[column].to_numpy(dtype=object)
            for column in ("country_code", "company_country", "company_form", "company_key")
        },
    )
    linked, name, fuzzy, group = (scored[c].to_numpy(dtype=bool) for c in ("linked", "exact_name", "fuzzy", "group"))
    domain = scored["email"].to_numpy(dtype=bool) | scored["website"].to_numpy(dtype=bool)
    country = (scored["country_code"] == scored["person_country_code"]).to_numpy()
    # A group has units in many countries: the one a name points to in another country than the
    # person's is a namesake, and the name found in the group says nothing of it. The account's own
    # domain and name, where they hold, still do.
    elsewhere = (scored["country_code"].notna() & scored["person_country_code"].notna()).to_numpy() & ~country
    group &= ~elsewhere
    scored["group"] = group
    # "Kalo Software Ireland" typed on a lead is the Irish subsidiary, not the group the domain names.
    subsidiary = (
        scored["person_company_country"].notna()
        & scored["country_code"].notna()
        & (scored["person_company_country"] != scored["country_code"])
    )
    # "Harwen Consulting SA" typed on a lead is not "Harwen Consulting Nippon K.K.", whatever the domain.
    # A form that ends the other ("Ltd" typed for "Pty Ltd", "& Co. KG" left of a mistyped "GmbH &
    # Co. KG") is that form shortened, not another one.
    typed_form, form = scored["person_company_form"], scored["legal_form"]
    both_forms = (typed_form.notna() & form.notna() & (typed_form != form)).to_numpy()
    other_form = both_forms & ~holds_for_pairs(typed_form, form, both_forms, _one_form_ends_the_other)
    # "Silfal Consumer" typed on a lead whose domain names "Silfal GmbH" is a unit of it, not the group.
    domain_only = domain & ~name & ~fuzzy & ~linked & ~group
    narrower = _names_a_unit_of(scored["person_company_key"], scored["name_key"], domain_only)
    sibling = _names_a_sibling_of(scored["person_company_key"], scored["name_key"], domain_only)
    # "Solsil S.A." typed, a legal entity, is not its unit "Solsil Industrial" that holds the domain.
    entity_typed = (scored["person_company_form"].notna() & scored["legal_form"].isna()).to_numpy()
    broader = _names_a_unit_of(scored["name_key"], scored["person_company_key"], domain_only & entity_typed)
    levels = [
        linked,
        domain & (name | fuzzy),
        group,
        name & country,
        domain & country,
        domain,
        name,
        fuzzy & country,
        fuzzy,
    ]
    score = np.select(levels, [score for _, score in _LADDER], default=0.0)
    # A name a typo away from an account's, written from a company domain the account does not hold,
    # is another company ("Falno S.A." at falno.es is not "Galno" at galno.es).
    writes_from_domain = (person["email_domain"].notna() | person["website_domain"].notna()).to_numpy()
    holds_a_domain = scored["account_key"].isin(accounts["account_key"][accounts["domain"].notna()]).to_numpy()
    other_domain = fuzzy & ~domain & ~name & ~group & writes_from_domain & holds_a_domain
    vetoed = subsidiary.to_numpy() | other_form | narrower | sibling | broader | other_domain
    score[vetoed & ~linked] = 0.0
    ruled_out = scored.loc[vetoed & ~linked, ["person", "account_key"]].reset_index(drop=True)
    # A domain several golden accounts share (a group's units) names none of them on its own; the
    # person's country does, when exactly one of them is in it.
    held = accounts.dropna(subset=["domain"]).drop_duplicates(["domain", "account_key"])
    holders = held.groupby("domain", sort=False)["account_key"].size()
    in_country = held.groupby(["domain", "country_code"], sort=False).size()
    # Looked up on the rows a domain alone found: text joined on every candidate was most of this step.
    rows = np.flatnonzero(domain_only)
    by_domain = person.iloc[rows]
    domain_of_person = by_domain["email_domain"].fillna(by_domain["website_domain"])
    shared = domain_of_person.map(holders).fillna(0).to_numpy() > 1
    where = pd.MultiIndex.from_arrays([domain_of_person, by_domain["country_code"]])
    alone_in_country = in_country.reindex(where).fillna(0).to_numpy() == 1
    score[rows[shared & ~(country[rows] & alone_in_country)]] = 0.0
    scored["same_country"] = country
    scored["score"] = score
    return scored[scored["score"] > 0], ruled_out


def _rule_text(chosen: pd.DataFrame) -> pd.Series:
    """The rule of each chosen match, its evidence joined by " + ", built once per distinct evidence."""
    if chosen.empty:
        return pd.Series(dtype=object, index=chosen.index)
    evidence = chosen[["link_text", "email", "website", "exact_name", "fuzzy", "group", "similarity", "same_country"]]
    # One integer per distinct evidence: the linked system, six flags and the rounded similarity.
    system, systems = pd.factorize(evidence["link_text"].fillna(""))
    code = system.astype(np.int64)
    for flag in ("email", "website", "exact_name", "fuzzy", "group", "same_country"):
        code = code * 2 + evidence[flag].to_numpy(dtype=bool)
    code = code * 101 + np.round(evidence["similarity"].fillna(0).to_numpy() * 100).astype(np.int64)
    _, first, codes = np.unique(code, return_index=True, return_inverse=True)
    rows = evidence.iloc[first]
    signatures = zip(
        systems[system[first]],
        *(rows[c].to_numpy(dtype=bool) for c in ("email", "website", "exact_name", "fuzzy", "group")),
        rows["similarity"].to_numpy(),
        rows["same_country"].to_numpy(dtype=bool),
        strict=True,
    )
    texts = []
    for link_text, email, website, name, fuzzy, group, similarity, same_country in signatures:
        parts = [link_text] if link_text else []
        if group and not link_text and not (email or website):
            parts += [_group_text(name, similarity)]
        elif not link_text:
            parts += [text for flag, text in ((email, _EMAIL), (website, _WEBSITE), (name, _NAME)) if flag]
            parts += [f"fuzzy company name {similarity:.2f}"] if fuzzy else []
            # Named within its group with its own domain beside: the name (or initials) decided.
            parts += [_named_as(False, similarity)] if group and not (name or fuzzy) else []
            parts += ["same country"] if same_country else []
        texts.append(" + ".join(parts))
    return pd.Series(np.array(texts, dtype=object)[codes], index=chosen.index)


def _group_text(exact: bool, similarity: float) -> str:
    return f"{_named_as(exact, similarity)} + domain held by the account's group"


def _named_as(exact: bool, similarity: float) -> str:
    """How the typed company names the account within its group: exactly, by initials, or a typo away."""
    if exact:
        return _NAME
    return "company initials = account name's" if np.isnan(similarity) else f"fuzzy company name {similarity:.2f}"


def _ranked(scored: pd.DataFrame, features: pd.DataFrame, depth: pd.Series | None, rules: LeadRules) -> pd.DataFrame:
    """One account per person: the highest score, then the tie-break, then the smallest key.

    ``scored`` holds each person's strongest candidates only, and most people have one: the
    tie-break is computed for the people it has to break a tie for.
    """
    contested = scored["person"].duplicated(keep=False).to_numpy()
    chosen = pd.concat([scored[~contested], _tie_broken(scored[contested], features, depth, rules)])
    chosen = chosen.sort_values("person", kind="stable")
    return chosen.assign(rule=_rule_text(chosen))[["person", "account_key", "rule", "score"]]


def _tie_broken(
    scored: pd.DataFrame, features: pd.DataFrame, depth: pd.Series | None, rules: LeadRules
) -> pd.DataFrame:
    """The one candidate of each person that the tie-break ranks first; none for a person whose
    candidates it ranks alike."""
    ranked = scored.join(features[["email_domain"]].rename(columns=lambda c: f"person_{c}"), on="person")
    ranked["country"] = (ranked["country_code"] == ranked["person_country_code"]).astype(int)
    ranked["name"] = process.cpdist(
        ranked["name_key"].fillna("").tolist(),
        ranked["person_company_key"].fillna("").tolist(),
        scorer=fuzz.token_sort_ratio,
        workers=-1,
    )
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
    return ranked.drop_duplicates("person")[scored.columns]


@dataclass(frozen=True)
class LeadMatches:
    matched: pd.DataFrame
    """``account_key, match_rule, match_score`` per row of the people (null where nothing is evidence)."""
    ruled_out: pd.DataFrame
    """``row, account_key``: accounts a person record's own evidence found and a veto ruled out (a
    subsidiary typed against the group's domain, a typo-near name written from another domain), by
    the record's position. Another record of the same person found there is no better placed."""


def match_people_to_accounts(
    people: pd.DataFrame,
    accounts: AccountResolution,
    hierarchy: pd.DataFrame | None = None,
    rules: LeadRules | None = None,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``account_key, match_rule, match_score`` per row of ``people`` (null where nothing is evidence):
    ``lead_matches(...).matched``."""
    return lead_matches(people, accounts, hierarchy, rules, features).matched


def lead_matches(
    people: pd.DataFrame,
    accounts: AccountResolution,
    hierarchy: pd.DataFrame | None = None,
    rules: LeadRules | None = None,
    features: pd.DataFrame | None = None,
) -> LeadMatches:
    """The account of each row of ``people``, and the accounts its evidence ruled out.

    ``hierarchy`` (``account_key, ultimate_parent_key, depth``) tells which accounts are one group,
    so a unit is found by name within its group's domain, and lets the tie-break prefer the most
    specific unit. ``features`` are the people's ``lead_features``, where the caller has them already
    (on the people's rows in order).
    """
    rules = rules or LeadRules()
    index = people.index
    people = conform(people, PERSON_COLUMNS, "person")
    records = accounts.features
    records = records.assign(country_code=records["country_code"].fillna(records["domain_country"]))
    # Conformed people are numbered from 0: a person's label is its position in these columns.
    account = np.full(len(people), None, dtype=object)
    rule = np.full(len(people), None, dtype=object)
    score = np.full(len(people), np.nan)
    # A link in the person's own system outranks every other evidence and is never vetoed: a person
    # linked to exactly one account is decided without weighing anything else (most contacts).
    linked = _linked(people, accounts)
    links_per_person = _accounts_per_person(linked)
    decided = linked[links_per_person == 1].drop_duplicates("person")
    at = decided["person"].to_numpy()
    account[at], rule[at], score[at] = decided["account_key"].to_numpy(), decided["kind"].to_numpy(), _LADDER[0][1]
    if features is not None and not features.index.equals(people.index):
        raise ValueError("the people's features must be on the people's rows, in order (their conformed index)")
    features = lead_features(people) if features is None else features
    undecided = np.ones(len(people), dtype=bool)
    undecided[at] = False
    features = features[undecided]
    by_account = hierarchy.set_index("account_key") if hierarchy is not None else None
    groups = by_account["ultimate_parent_key"] if by_account is not None else None
    depth = by_account["depth"] if by_account is not None else None
    with ThreadPoolExecutor(max_workers=1) as beside:
        in_group = beside.submit(_in_group, features, records, groups, rules)
        evidence = [linked[links_per_person > 1], *_by_keys(features, records)]
        placed = pd.Index(pd.concat([e["person"] for e in evidence]).unique())
        evidence.append(_fuzzy_names(features, features.index.difference(placed), records, rules))
        evidence.append(in_group.result())
    found = [e for e in evidence if not e.empty]
    if found:
        scored, ruled_out = _scored(pd.concat(found, ignore_index=True), features, records)
        strongest = scored[scored["score"] == scored.groupby("person")["score"].transform("max")]
        chosen = _ranked(strongest, features, depth, rules)
        at = chosen["person"].to_numpy()
        account[at], rule[at], score[at] = (chosen[c].to_numpy() for c in ("account_key", "rule", "score"))
        vetoes = pd.DataFrame({"row": ruled_out["person"].to_numpy(np.int64), "account_key": ruled_out["account_key"]})
    else:
        vetoes = pd.DataFrame({"row": pd.Series(dtype=np.int64), "account_key": None})
    matched = pd.DataFrame({"account_key": account, "match_rule": rule, "match_score": score}, index=index)
    return LeadMatches(matched, vetoes)


def _accounts_per_person(linked: pd.DataFrame) -> np.ndarray:
    """How many distinct accounts each row's person is linked to. Counted only for people with
    several links: nearly every person has one, and counting them all took a sort of the keys."""
    count = np.ones(len(linked), dtype=np.int64)
    several = linked["person"].duplicated(keep=False).to_numpy()
    if several.any():
        grouped = linked[several].groupby("person", sort=False)["account_key"]
        count[several] = grouped.transform("nunique").to_numpy()
    return count
