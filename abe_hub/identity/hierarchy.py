"""Account hierarchies: one parent per golden account, and every account placed under its ultimate parent.

Parent links come from several systems that disagree and decay: Salesforce's ``ParentId``, HubSpot's
parent/child associations, evidence such as a subsidiary's domain. A claim can name the account itself,
a key that no longer exists (the parent record was deleted or never synced), or close a loop. So the
parent of each account is chosen by a stated rule (source precedence, then how many records make the
claim, then the smallest key), every claim set aside is reported, and every cycle is broken at its
weakest link: the result is always a forest, and every decision can be traced to the claims behind it.

The graph work runs on integer codes (an account's code is its position among the sorted keys, so
comparing codes compares keys) with numpy: pointer jumping, where each round doubles how far a node
sees up its chain, and one pass per level. Cost grows with the accounts times the depth, there is no
recursion per node, and every loop has a bound, even on cyclic input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

DEFAULT_PRECEDENCE = ("salesforce", "hubspot", "domain", "zendesk")
"""Whose parent claims win: CRM account owners curate ``ParentId`` by hand, support desks rarely do."""

PATH_SEPARATOR = " > "
"""Between the keys of ``path``, root first; golden keys (``acc_<hex>``) never contain it."""

HIERARCHY_COLUMNS = ["account_key", "parent_account_key", "ultimate_parent_key", "depth", "path"]
PARENT_COLUMNS = ["account_key", "parent_account_key", "source_system", "records"]
ISSUE_COLUMNS = ["account_key", "issue", "detail"]

_CLAIM_COLUMNS = ["account_key", "parent_account_key", "source_system", "source_id"]
_ROLLUPS = {"sum": np.add, "min": np.fmin, "max": np.fmax}
"""The ``ufunc.at`` that folds values into an account's total; fmin/fmax skip missing values."""


class ParentResolution(NamedTuple):
    parents: pd.DataFrame
    """``account_key, parent_account_key, source_system, records``: the winning claim of every account
    that keeps a parent, ``records`` being how many source records made it."""
    issues: pd.DataFrame
    """``account_key, issue, detail``: every claim set aside and every choice between disagreeing claims."""


def resolve_parents(
    claims: pd.DataFrame, accounts: Iterable[str], precedence: Iterable[str] = DEFAULT_PRECEDENCE
) -> ParentResolution:
    """One parent per account out of the sources' claims, the graph made acyclic, and what was set aside.

    ``claims`` has ``account_key, parent_account_key, source_system`` and optionally ``source_id``
    (null for derived evidence); ``accounts`` is every golden key, since an account nobody claims a
    parent for is a root. A claim with a null parent says nothing and is ignored. The rule, in order:

    - a claim naming the account itself is dropped (issue ``self_parent``), and so is one naming a key
      that is not among ``accounts`` (``orphan``): the account falls back on its other claims, or is a root;
      a claim about an unknown account is an ``orphan`` too, whatever it names;
    - the claim of the source earliest in ``precedence`` wins (sources not listed rank after all listed
      ones); among equals, the parent named by most distinct records, then the smallest parent key.
      Accounts whose claims named different parents get a ``conflict`` issue: who said what, who won, why;
    - each cycle among the winners loses its weakest link (lowest precedence, then fewest records, then
      the smallest account key), whose account becomes a root (``cycle``, members in parent order).

    Output rows are sorted, so shuffled input gives identical output.
    """
    keys = _account_keys(accounts)
    claims = _claims(claims)
    child = keys.get_indexer(claims["account_key"])
    parent = keys.get_indexer(claims["parent_account_key"])
    source, sources = pd.factorize(claims["source_system"], sort=True)
    known = (child >= 0) & (parent >= 0)
    # Only a claim with an unresolved key can lack one: checking those few keeps string scans off the bulk.
    blank = source < 0
    blank[~known] |= claims.loc[~known, _CLAIM_COLUMNS[:2]].isna().any(axis=1).to_numpy()
    is_self = known & ~blank & (child == parent)
    is_orphan = ~known & ~blank
    valid = known & ~blank & ~is_self
    rows = pd.DataFrame(
        {"child": child, "source": source, "parent": parent, "record": pd.factorize(claims["source_id"])[0]}
    )
    votes = _ranked_votes(rows[valid], sources, tuple(precedence))
    winners = votes[~votes["child"].duplicated()]
    kept, cycle_issues = _break_cycles(winners, keys)
    issues = pd.concat(
        [
            _self_parent_issues(claims[is_self]),
            _orphan_issues(claims[is_orphan], child[is_orphan]),
            _conflict_issues(votes, keys),
            cycle_issues,
        ],
        ignore_index=True,
    )
    parents = pd.DataFrame(
        {
            "account_key": keys[kept["child"]],
            "parent_account_key": keys[kept["parent"]],
            "source_system": kept["source_system"].to_numpy(),
            "records": kept["records"].to_numpy(),
        }
    )
    return ParentResolution(parents, issues.drop_duplicates().sort_values(ISSUE_COLUMNS, ignore_index=True))


def build_hierarchy(parents: pd.DataFrame, accounts: Iterable[str]) -> pd.DataFrame:
    """The ``identity.account_hierarchy`` table: ``account_key, parent_account_key, ultimate_parent_key,
    depth, path`` for every account, sorted by key.

    ``parents`` (``account_key, parent_account_key``, e.g. ``resolve_parents(...).parents``) must give at
    most one parent per account, name only known accounts and contain no cycle; anything else raises a
    ``ValueError`` naming the keys, since a hierarchy built over it would be wrong without saying so.
    A root has no parent, is its own ultimate parent, has depth 0 and its own key as path; a child's
    depth is its parent's plus one, and its path its parent's path, ``PATH_SEPARATOR`` and its own key.
    """
    keys = _account_keys(accounts)
    parent = _parent_codes(parents, keys)
    cyclic = _nodes_on_cycles(parent)
    if len(cyclic):
        raise ValueError(
            f"parents form cycle(s) through {_some(keys[cyclic])}; expected a forest (resolve_parents breaks cycles)"
        )
    depth, root = _depths_and_roots(parent)
    names = keys.to_numpy()
    paths = names.copy()
    for level in _levels(depth)[1:]:  # a level's parents are one level up, their paths already complete
        paths[level] = paths[parent[level]] + PATH_SEPARATOR + names[level]
    columns = [names, np.where(parent >= 0, names[parent], None), names[root], depth, paths]
    return pd.DataFrame(dict(zip(HIERARCHY_COLUMNS, columns, strict=True)))


def rollup(hierarchy: pd.DataFrame, values: pd.DataFrame, how: str = "sum") -> pd.DataFrame:
    """Every account's own values combined with all its descendants', so a group's figures sit on its root.

    ``hierarchy`` is ``build_hierarchy``'s output; ``values`` has ``account_key`` and numeric columns,
    several rows per account allowed (deals, tickets). ``how`` is ``sum``, ``min`` or ``max``; missing
    values are skipped, so with ``sum`` an account with nothing in its subtree totals 0 and integer
    columns stay integers, while ``min``/``max`` give null there. One row per hierarchy account, in its
    order. Values for accounts outside the hierarchy raise a ``ValueError``: dropping them would
    understate every total they belong to.
    """
    if how not in _ROLLUPS:
        raise ValueError(f"rollup how={how!r}; expected one of {sorted(_ROLLUPS)}")
    keys = pd.Index(hierarchy["account_key"])
    owner = keys.get_indexer(values["account_key"])
    if (owner < 0).any():
        unknown = values["account_key"][owner < 0]
        raise ValueError(f"values for account_key(s) {_some(unknown)} not in the hierarchy; expected hierarchy keys")
    measures = values.drop(columns="account_key")
    own = measures.to_numpy(dtype=np.float64)
    totals = np.full((len(keys), own.shape[1]), 0.0 if how == "sum" else np.nan)
    fold = _ROLLUPS[how]
    fold.at(totals, owner, np.nan_to_num(own) if how == "sum" else own)
    parent = keys.get_indexer(hierarchy["parent_account_key"])
    for level in reversed(_levels(hierarchy["depth"].to_numpy())[1:]):  # deepest first: children are complete
        fold.at(totals, parent[level], totals[level])
    out = pd.DataFrame(totals, columns=measures.columns)
    if how == "sum":
        out = out.astype({c: dtype for c, dtype in measures.dtypes.items() if pd.api.types.is_integer_dtype(dtype)})
    out.insert(0, "account_key", keys.to_numpy(dtype=object))
    return out


def _account_keys(accounts: Iterable[str]) -> pd.Index:
    """Distinct account keys, sorted: a key's position is its code in the graph arrays."""
    series = accounts if isinstance(accounts, pd.Series) else pd.Series(list(accounts), dtype=object)
    distinct = pd.unique(series.dropna().astype(str).to_numpy(dtype=object))
    # Sorted as fixed-width unicode, several times faster than as Python strings, in the same order.
    return pd.Index(np.sort(distinct.astype(str)).astype(object))


def _claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claim columns in order, ``source_id`` null where the input has none."""
    missing = [c for c in _CLAIM_COLUMNS[:3] if c not in claims.columns]
    if missing:
        raise ValueError(f"parent claims lack column(s) {', '.join(missing)}; expected {_CLAIM_COLUMNS}")
    return claims.reindex(columns=_CLAIM_COLUMNS).reset_index(drop=True)


def _ranked_votes(rows: pd.DataFrame, sources: pd.Index, precedence: tuple[str, ...]) -> pd.DataFrame:
    """``child, source, parent, records, rank, source_system``: one row per account, source and parent
    named, sorted by account and then strongest claim first.

    ``rows`` holds codes: ``child``, ``parent``, ``source`` (a position in ``sources``) and ``record``
    (the claiming record, -1 for none). ``records`` counts distinct records, so a record loaded twice
    does not vote twice; derived evidence without a ``source_id`` counts once per source and parent.
    """
    votes = rows.drop_duplicates().groupby(["child", "source", "parent"], sort=False).size()
    votes = votes.rename("records").reset_index()
    rank_of = [precedence.index(s) if s in precedence else len(precedence) for s in sources]
    rank = np.asarray(rank_of, dtype=np.int64)[votes["source"].to_numpy()]
    # np.lexsort sorts by its last key first: account, rank, most records, parent key, source name.
    order = np.lexsort((votes["source"], votes["parent"], -votes["records"], rank, votes["child"]))
    votes = votes.iloc[order].reset_index(drop=True).assign(rank=rank[order])
    return votes.assign(source_system=sources[votes["source"]])


def _break_cycles(winners: pd.DataFrame, keys: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The winning links minus the weakest link of each cycle, and one ``cycle`` issue per cycle.

    Each account has one parent, so cycles are disjoint and dropping one link per cycle leaves none:
    the account that lost its link becomes the root of everything that hung on the cycle.
    """
    child = winners["child"].to_numpy()
    parent, rank, records = (np.full(len(keys), -1) for _ in range(3))
    parent[child] = winners["parent"].to_numpy()
    rank[child] = winners["rank"].to_numpy()
    records[child] = winners["records"].to_numpy()
    source = np.empty(len(keys), dtype=object)
    source[child] = winners["source_system"].to_numpy()
    broken, details = [], []
    for members in _cycles(parent):
        weakest = min(members, key=lambda m: (-rank[m], records[m], m))
        at = members.index(weakest)
        ordered = keys[[*members[at:], *members[:at], weakest]]
        details.append(
            f"cycle {' -> '.join(ordered)}; dropped {ordered[0]} -> {ordered[1]}, the weakest link ({source[weakest]})"
        )
        broken.append(weakest)
    issues = pd.DataFrame({"account_key": keys[broken], "issue": "cycle", "detail": details}, columns=ISSUE_COLUMNS)
    return winners[~np.isin(child, broken)], issues


def _cycles(parent: np.ndarray) -> list[list[int]]:
    """Every cycle of the parent graph as its members in parent order, from its smallest member.

    Walking is safe here: only nodes known to lie on a cycle are walked, and each walk is back at its
    start after visiting its cycle's members once.
    """
    cycles: list[list[int]] = []
    seen: set[int] = set()
    up = parent.tolist()
    for start in _nodes_on_cycles(parent).tolist():  # ascending, so each cycle starts at its smallest member
        if start in seen:
            continue
        members = [start]
        node = up[start]
        while node != start:
            members.append(node)
            node = up[node]
        seen.update(members)
        cycles.append(members)
    return cycles


def _nodes_on_cycles(parent: np.ndarray) -> np.ndarray:
    """Codes of the nodes that lie on a cycle, ascending (``parent`` is -1 for a root).

    Following parents n steps from any node ends either at "no parent" or on a cycle, and every cycle
    member is reached that way from another member; doubling the jump ``bit_length(n)`` times covers
    more than n steps in O(n log n) array operations.
    """
    n = len(parent)
    jump = np.append(np.where(parent < 0, n, parent), n)  # n: a sink standing for "no parent"
    for _ in range(n.bit_length()):
        jump = jump[jump]
    landed = np.unique(jump[:n])
    return landed[landed < n]


def _parent_codes(parents: pd.DataFrame, keys: pd.Index) -> np.ndarray:
    """Each account's parent as a code, -1 for none; raises on unknown keys or a second parent."""
    links = parents.dropna(subset=["parent_account_key"])
    child = keys.get_indexer(links["account_key"])
    parent_of = keys.get_indexer(links["parent_account_key"])
    unknown = pd.concat([links["account_key"][child < 0], links["parent_account_key"][parent_of < 0]])
    if len(unknown):
        raise ValueError(f"parents name key(s) {_some(unknown)} that are not accounts; expected known account keys")
    twice = links["account_key"][pd.Series(child).duplicated().to_numpy()]
    if len(twice):
        raise ValueError(f"account(s) {_some(twice)} have several parents; expected one (see resolve_parents)")
    parent = np.full(len(keys), -1)
    parent[child] = parent_of
    return parent


def _depths_and_roots(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth and root of every node of an acyclic parent array, by pointer jumping.

    After k rounds each node knows its ancestor 2^k levels up (or its root) and the distance to it, so
    log2(depth) + 1 rounds suffice; the round limit holds even if a cycle slipped through.
    """
    n = len(parent)
    ancestor = np.where(parent >= 0, parent, np.arange(n))
    distance = (parent >= 0).astype(np.int64)
    for _ in range(n.bit_length() + 1):
        further = ancestor[ancestor]
        if np.array_equal(further, ancestor):
            break
        distance = distance + distance[ancestor]
        ancestor = further
    return distance, ancestor


def _levels(depth: np.ndarray) -> list[np.ndarray]:
    """The node codes at each depth, shallowest first, each level ascending."""
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(depth.max(initial=-1) + 2))
    return [order[start:end] for start, end in zip(bounds[:-1], bounds[1:], strict=True)]


def _self_parent_issues(claims: pd.DataFrame) -> pd.DataFrame:
    detail = _claim_origin(claims) + " names the account as its own parent; claim dropped"
    return _issues(claims["account_key"], "self_parent", detail)


def _orphan_issues(claims: pd.DataFrame, child: np.ndarray) -> pd.DataFrame:
    """An ``orphan`` per claim naming an unknown key: mostly a parent deleted or never synced."""
    detail = _claim_origin(claims) + np.where(
        child < 0,
        " is about " + claims["account_key"].astype(str) + ", not a known account; claim dropped",
        " names parent " + claims["parent_account_key"].astype(str) + ", not a known account; claim dropped",
    )
    return _issues(claims["account_key"], "orphan", detail)


def _conflict_issues(votes: pd.DataFrame, keys: pd.Index) -> pd.DataFrame:
    """A ``conflict`` per account whose claims named different parents: who said what, who won and why.

    The reason is read against the best claim for another parent: a better rank means precedence
    decided, more records means the count did, otherwise the smaller key did.
    """
    pairs = votes.drop_duplicates(["child", "parent"])
    votes = votes[votes["child"].isin(pairs.loc[pairs["child"].duplicated(), "child"])]
    if votes.empty:
        return _issues([], "conflict", [])
    named = pd.Series(keys[votes["parent"]], index=votes.index)
    said = votes["source_system"] + " says " + named
    said = said.where(votes["records"] == 1, said + " (" + votes["records"].astype(str) + " records)")
    # Votes are sorted by account, strongest claim first: split them where the account changes.
    starts = np.flatnonzero(np.diff(votes["child"].to_numpy())) + 1
    heard = np.array([", ".join(claims) for claims in np.split(said.to_numpy(), starts)], dtype=object)
    best = votes.drop_duplicates("child")
    won = best.set_index("child")["parent"].reindex(votes["child"]).to_numpy()
    rival = votes[votes["parent"].to_numpy() != won].drop_duplicates("child")
    winner = keys[best["parent"]].to_numpy()
    verdict = np.select(
        [best["rank"].to_numpy() < rival["rank"].to_numpy(), best["records"].to_numpy() > rival["records"].to_numpy()],
        [best["source_system"].to_numpy() + " wins", winner + " wins on record count"],
        winner + " wins as the smaller key",
    )
    return _issues(keys[best["child"]], "conflict", heard + "; " + verdict)


def _claim_origin(claims: pd.DataFrame) -> pd.Series:
    """``salesforce record 001...`` for a record's claim, ``domain evidence`` for a derived one."""
    ids = claims["source_id"]
    return (claims["source_system"] + " record " + ids.astype(str)).where(
        ids.notna(), claims["source_system"] + " evidence"
    )


def _issues(account_key: Iterable[str], issue: str, detail: Iterable[str]) -> pd.DataFrame:
    frame = {"account_key": np.asarray(account_key, dtype=object), "detail": np.asarray(detail, dtype=object)}
    return pd.DataFrame(frame).assign(issue=issue)[ISSUE_COLUMNS]


def _some(keys: Iterable[str], limit: int = 5) -> str:
    """A few keys for an error message, and how many more there are."""
    listed = list(dict.fromkeys(keys))
    more = f" and {len(listed) - limit} more" if len(listed) > limit else ""
    return ", ".join(map(str, listed[:limit])) + more
