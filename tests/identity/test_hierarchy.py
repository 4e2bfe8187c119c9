"""Account hierarchies: parent choice between disagreeing sources, broken links, cycles, paths and roll-ups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from abe_hub.identity.hierarchy import (
    HIERARCHY_COLUMNS,
    ISSUE_COLUMNS,
    PARENT_COLUMNS,
    PATH_SEPARATOR,
    ParentResolution,
    build_hierarchy,
    resolve_parents,
    rollup,
)


def claims_of(*rows: tuple) -> pd.DataFrame:
    """Claims from ``(account, parent, source[, source_id])`` rows, keys given without their ``acc_`` prefix."""
    records = [(f"acc_{r[0]}", f"acc_{r[1]}", r[2], r[3] if len(r) > 3 else None) for r in rows]
    return pd.DataFrame(records, columns=["account_key", "parent_account_key", "source_system", "source_id"])


def accounts_of(letters: str) -> list[str]:
    return [f"acc_{letter}" for letter in letters]


def issues_of(resolution: ParentResolution, issue: str) -> dict[str, str]:
    found = resolution.issues[resolution.issues["issue"] == issue]
    return dict(zip(found["account_key"], found["detail"], strict=True))


def parent_map(resolution: ParentResolution) -> dict[str, str]:
    return dict(zip(resolution.parents["account_key"], resolution.parents["parent_account_key"], strict=True))


def test_a_clean_three_level_tree_gets_exact_parents_roots_depths_and_paths() -> None:
    claims = claims_of(("b", "a", "salesforce", "001B"), ("c", "b", "salesforce", "001C"), ("d", "a", "hubspot", "9"))
    resolution = resolve_parents(claims, accounts_of("edcba"))

    assert resolution.issues.empty
    assert list(resolution.issues.columns) == ISSUE_COLUMNS
    assert list(resolution.parents.columns) == PARENT_COLUMNS
    assert resolution.parents.to_dict("records") == [
        {"account_key": "acc_b", "parent_account_key": "acc_a", "source_system": "salesforce", "records": 1},
        {"account_key": "acc_c", "parent_account_key": "acc_b", "source_system": "salesforce", "records": 1},
        {"account_key": "acc_d", "parent_account_key": "acc_a", "source_system": "hubspot", "records": 1},
    ]
    hierarchy = build_hierarchy(resolution.parents, accounts_of("edcba"))
    expected = pd.DataFrame(
        [
            ("acc_a", None, "acc_a", 0, "acc_a"),
            ("acc_b", "acc_a", "acc_a", 1, "acc_a > acc_b"),
            ("acc_c", "acc_b", "acc_a", 2, "acc_a > acc_b > acc_c"),
            ("acc_d", "acc_a", "acc_a", 1, "acc_a > acc_d"),
            ("acc_e", None, "acc_e", 0, "acc_e"),
        ],
        columns=HIERARCHY_COLUMNS,
    )
    pd.testing.assert_frame_equal(hierarchy, expected)
    assert PATH_SEPARATOR == " > "


def test_no_claims_make_every_account_a_root() -> None:
    resolution = resolve_parents(claims_of(), accounts_of("ba"))
    hierarchy = build_hierarchy(resolution.parents, accounts_of("ba"))

    assert resolution.parents.empty and resolution.issues.empty
    assert hierarchy["parent_account_key"].isna().all()
    assert hierarchy["ultimate_parent_key"].tolist() == hierarchy["account_key"].tolist() == ["acc_a", "acc_b"]
    assert hierarchy["depth"].tolist() == [0, 0]


def test_a_two_cycle_loses_its_lower_precedence_link() -> None:
    claims = claims_of(("a", "b", "salesforce", "001A"), ("b", "a", "hubspot", "7"))
    resolution = resolve_parents(claims, accounts_of("ab"))

    assert parent_map(resolution) == {"acc_a": "acc_b"}
    assert issues_of(resolution, "cycle") == {
        "acc_b": "cycle acc_b -> acc_a -> acc_b; dropped acc_b -> acc_a, the weakest link (hubspot)"
    }
    hierarchy = build_hierarchy(resolution.parents, accounts_of("ab")).set_index("account_key")
    assert hierarchy.loc["acc_a", "path"] == "acc_b > acc_a"
    assert hierarchy.loc["acc_b", "depth"] == 0


def test_a_four_cycle_of_equal_links_breaks_at_its_smallest_key_and_keeps_what_hangs_on_it() -> None:
    claims = claims_of(
        ("c", "d", "salesforce", "3"),
        ("a", "b", "salesforce", "1"),
        ("d", "a", "salesforce", "4"),
        ("b", "c", "salesforce", "2"),
        ("e", "c", "salesforce", "5"),
    )
    resolution = resolve_parents(claims, accounts_of("abcde"))

    assert issues_of(resolution, "cycle") == {
        "acc_a": "cycle acc_a -> acc_b -> acc_c -> acc_d -> acc_a; "
        "dropped acc_a -> acc_b, the weakest link (salesforce)"
    }
    hierarchy = build_hierarchy(resolution.parents, accounts_of("abcde")).set_index("account_key")
    assert hierarchy["path"].to_dict() == {
        "acc_a": "acc_a",
        "acc_b": "acc_a > acc_d > acc_c > acc_b",
        "acc_c": "acc_a > acc_d > acc_c",
        "acc_d": "acc_a > acc_d",
        "acc_e": "acc_a > acc_d > acc_c > acc_e",
    }
    assert hierarchy["depth"].to_dict() == {"acc_a": 0, "acc_b": 3, "acc_c": 2, "acc_d": 1, "acc_e": 3}
    assert set(hierarchy["ultimate_parent_key"]) == {"acc_a"}


def test_within_equal_precedence_the_cycle_link_made_by_fewest_records_breaks() -> None:
    claims = claims_of(
        ("a", "b", "salesforce", "1"),
        ("a", "b", "salesforce", "2"),
        ("b", "c", "salesforce", "3"),
        ("b", "c", "salesforce", "4"),
        ("c", "a", "salesforce", "5"),
    )
    resolution = resolve_parents(claims, accounts_of("abc"))

    assert parent_map(resolution) == {"acc_a": "acc_b", "acc_b": "acc_c"}
    assert list(issues_of(resolution, "cycle")) == ["acc_c"]
    assert issues_of(resolution, "cycle")["acc_c"].startswith("cycle acc_c -> acc_a -> acc_b -> acc_c;")


def test_disjoint_cycles_are_each_broken_once_and_a_long_one_terminates() -> None:
    ring = [f"r{i:04d}" for i in range(500)]  # one 500-member cycle, with a 200-link tail feeding it
    tail = [f"t{i:04d}" for i in range(200)]
    rows = [(ring[i], ring[(i + 1) % len(ring)], "salesforce") for i in range(len(ring))]
    rows += [(tail[i], tail[i + 1], "salesforce") for i in range(len(tail) - 1)] + [(tail[-1], ring[42], "salesforce")]
    rows += [
        ("x", "y", "hubspot"),
        ("y", "x", "hubspot"),
        ("p", "q", "zendesk"),
        ("q", "s", "domain"),
        ("s", "p", "domain"),
    ]
    accounts = [f"acc_{k}" for k in [*ring, *tail, "x", "y", "p", "q", "s"]]
    resolution = resolve_parents(claims_of(*rows), accounts)

    cycles = issues_of(resolution, "cycle")
    assert sorted(cycles) == ["acc_p", "acc_r0000", "acc_x"]
    assert (
        cycles["acc_p"] == "cycle acc_p -> acc_q -> acc_s -> acc_p; dropped acc_p -> acc_q, the weakest link (zendesk)"
    )
    assert cycles["acc_r0000"].count("->") == len(ring) + 1
    hierarchy = build_hierarchy(resolution.parents, accounts).set_index("account_key")
    assert hierarchy.loc["acc_r0001", "depth"] == len(ring) - 1
    assert hierarchy.loc[f"acc_{tail[0]}", "depth"] == len(ring) - 42 + len(tail)
    assert set(hierarchy["ultimate_parent_key"]) == {"acc_r0000", "acc_x", "acc_p"}


def test_a_self_parent_claim_is_dropped_and_the_account_falls_back_on_its_other_claims() -> None:
    claims = claims_of(("a", "a", "salesforce", "001A"), ("b", "b", "domain"), ("b", "a", "hubspot", "8"))
    resolution = resolve_parents(claims, accounts_of("ab"))

    assert parent_map(resolution) == {"acc_b": "acc_a"}
    assert issues_of(resolution, "self_parent") == {
        "acc_a": "salesforce record 001A names the account as its own parent; claim dropped",
        "acc_b": "domain evidence names the account as its own parent; claim dropped",
    }
    assert set(resolution.issues["issue"]) == {"self_parent"}  # a dropped claim is no conflict


def test_an_orphan_parent_is_dropped_and_its_account_becomes_a_root() -> None:
    claims = claims_of(("a", "gone", "salesforce", "001A"), ("ghost", "a", "hubspot", "5"), ("b", "a", "zendesk", "9"))
    resolution = resolve_parents(claims, accounts_of("ab"))

    assert parent_map(resolution) == {"acc_b": "acc_a"}
    assert issues_of(resolution, "orphan") == {
        "acc_a": "salesforce record 001A names parent acc_gone, not a known account; claim dropped",
        "acc_ghost": "hubspot record 5 is about acc_ghost, not a known account; claim dropped",
    }
    hierarchy = build_hierarchy(resolution.parents, accounts_of("ab")).set_index("account_key")
    assert pd.isna(hierarchy.loc["acc_a", "parent_account_key"])
    assert hierarchy.loc["acc_a", "ultimate_parent_key"] == "acc_a"


def test_claims_lacking_a_key_or_source_say_nothing_even_in_nullable_string_columns() -> None:
    claims = pd.DataFrame(
        {
            "account_key": ["acc_b", "acc_b", None, "acc_a"],
            "parent_account_key": ["acc_a", None, "acc_a", "acc_a"],
            "source_system": ["hubspot", "salesforce", "salesforce", None],
        },
        dtype="string",
    )
    resolution = resolve_parents(claims, pd.Series(accounts_of("ab"), dtype="string"))

    assert parent_map(resolution) == {"acc_b": "acc_a"}
    assert resolution.issues.empty


def test_a_conflict_between_salesforce_and_hubspot_is_won_by_precedence_and_reported() -> None:
    claims = claims_of(("c", "a", "salesforce", "001C"), ("c", "b", "hubspot", "1"), ("c", "b", "hubspot", "2"))
    resolution = resolve_parents(claims, accounts_of("abc"))

    assert parent_map(resolution) == {"acc_c": "acc_a"}
    assert issues_of(resolution, "conflict") == {
        "acc_c": "salesforce says acc_a, hubspot says acc_b (2 records); salesforce wins"
    }


def test_a_conflict_within_one_source_is_won_by_record_count() -> None:
    claims = claims_of(("c", "a", "hubspot", "1"), ("c", "b", "hubspot", "2"), ("c", "b", "hubspot", "3"))
    resolution = resolve_parents(claims, accounts_of("abc"))

    assert parent_map(resolution) == {"acc_c": "acc_b"}
    assert resolution.parents["records"].tolist() == [2]
    assert issues_of(resolution, "conflict") == {
        "acc_c": "hubspot says acc_b (2 records), hubspot says acc_a; acc_b wins on record count"
    }


def test_a_record_loaded_twice_votes_once_and_a_tie_goes_to_the_smaller_key() -> None:
    claims = claims_of(("c", "b", "hubspot", "2"), ("c", "b", "hubspot", "2"), ("c", "a", "hubspot", "1"))
    resolution = resolve_parents(claims, accounts_of("abc"))

    assert parent_map(resolution) == {"acc_c": "acc_a"}
    assert issues_of(resolution, "conflict") == {
        "acc_c": "hubspot says acc_a, hubspot says acc_b; acc_a wins as the smaller key"
    }


def test_changing_the_precedence_changes_the_winner() -> None:
    claims = claims_of(("c", "a", "salesforce", "001C"), ("c", "b", "hubspot", "1"))

    default = resolve_parents(claims, accounts_of("abc"))
    hubspot_first = resolve_parents(claims, accounts_of("abc"), precedence=("hubspot", "salesforce"))

    assert parent_map(default) == {"acc_c": "acc_a"}
    assert parent_map(hubspot_first) == {"acc_c": "acc_b"}
    assert issues_of(hubspot_first, "conflict")["acc_c"] == "hubspot says acc_b, salesforce says acc_a; hubspot wins"


def test_a_source_outside_the_precedence_ranks_after_every_listed_one() -> None:
    claims = claims_of(("c", "a", "marketo", "1"), ("c", "a", "marketo", "2"), ("c", "b", "zendesk", "3"))
    resolution = resolve_parents(claims, accounts_of("abc"))

    assert parent_map(resolution) == {"acc_c": "acc_b"}
    assert resolution.parents["source_system"].tolist() == ["zendesk"]


def test_claims_without_a_required_column_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="source_system"):
        resolve_parents(pd.DataFrame({"account_key": ["acc_a"], "parent_account_key": ["acc_b"]}), accounts_of("ab"))


@pytest.mark.parametrize(
    ("parents", "message"),
    [
        (claims_of(("a", "b", "x"), ("b", "a", "x")), "cycle"),
        (claims_of(("a", "zz", "x")), "acc_zz"),
        (claims_of(("a", "b", "x"), ("a", "c", "x")), "several parents"),
    ],
    ids=["cycle", "unknown key", "second parent"],
)
def test_build_hierarchy_refuses_parents_that_are_not_a_forest(parents: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_hierarchy(parents, accounts_of("abc"))


def small_group() -> pd.DataFrame:
    """a > b > (c, d), and e alone."""
    claims = claims_of(("b", "a", "salesforce"), ("c", "b", "salesforce"), ("d", "b", "salesforce"))
    return build_hierarchy(resolve_parents(claims, accounts_of("abcde")).parents, accounts_of("abcde"))


def test_rollup_sums_each_account_with_all_its_descendants() -> None:
    values = pd.DataFrame(
        {
            "account_key": ["acc_c", "acc_c", "acc_d", "acc_a", "acc_e"],
            "arr": [100, 50, 20, 1, 7],
            "tickets": [1.0, None, 2.5, 0.0, None],
        }
    )
    totals = rollup(small_group(), values)

    expected = pd.DataFrame(
        {
            "account_key": accounts_of("abcde"),
            "arr": [171, 170, 150, 20, 7],
            "tickets": [3.5, 3.5, 1.0, 2.5, 0.0],
        }
    )
    pd.testing.assert_frame_equal(totals, expected)


def test_rollup_max_skips_missing_values_and_leaves_empty_subtrees_null() -> None:
    values = pd.DataFrame({"account_key": ["acc_c", "acc_d", "acc_b"], "employees": [300, 900, None]})
    totals = rollup(small_group(), values, how="max").set_index("account_key")["employees"]

    assert totals[["acc_a", "acc_b", "acc_c", "acc_d"]].tolist() == [900.0, 900.0, 300.0, 900.0]
    assert pd.isna(totals["acc_e"])


def test_rollup_refuses_values_outside_the_hierarchy_and_unknown_methods() -> None:
    with pytest.raises(ValueError, match="acc_zz"):
        rollup(small_group(), pd.DataFrame({"account_key": ["acc_a", "acc_zz"], "arr": [1, 2]}))
    with pytest.raises(ValueError, match="median"):
        rollup(small_group(), pd.DataFrame({"account_key": ["acc_a"], "arr": [1]}), how="median")


def messy_claims(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, list[str]]:
    """Random parent claims from four sources over n accounts: conflicts, self links, orphans, and 20
    two-cycles that Salesforce backs with three records a side, so they win."""
    accounts = [f"acc_{i:05d}" for i in range(n)]
    size = 3 * n
    rows = pd.DataFrame(
        {
            "account_key": rng.choice(accounts, size),
            "parent_account_key": rng.choice([*accounts, "acc_gone1", "acc_gone2"], size),
            "source_system": rng.choice(["salesforce", "hubspot", "zendesk", "domain"], size),
            "source_id": rng.choice([f"r{i}" for i in range(n)] + [None], size),
        }
    )
    pairs = rng.choice(accounts, (20, 2), replace=False)
    loops = pd.DataFrame(
        [(a, b, "salesforce", f"loop-{a}-{k}") for x, y in pairs for a, b in ((x, y), (y, x)) for k in range(3)],
        columns=rows.columns,
    )
    return pd.concat([rows, loops], ignore_index=True), accounts


def reference_parents(claims: pd.DataFrame, accounts: list[str], precedence: tuple[str, ...]) -> dict[str, str]:
    """The documented rule read plainly, one account at a time: slow, but visibly what the docstring says."""
    known = set(accounts)
    records: dict[tuple[str, str, str], set] = {}
    for child, parent, source, record in claims.itertuples(index=False):
        if child in known and parent in known and child != parent:
            records.setdefault((child, source, parent), set()).add(record)
    best: dict[str, tuple] = {}
    for (child, source, parent), ids in records.items():
        rank = precedence.index(source) if source in precedence else len(precedence)
        best[child] = min(best.get(child, (rank, -len(ids), parent, source)), (rank, -len(ids), parent, source))
    parents = {child: claim[2] for child, claim in best.items()}
    for start in sorted(parents):
        walked = [start]
        while walked[-1] in parents and parents[walked[-1]] not in walked:
            walked.append(parents[walked[-1]])
        if walked[-1] in parents:  # the next step returns into the walk: a cycle still standing
            members = walked[walked.index(parents[walked[-1]]) :]
            del parents[min(members, key=lambda m: (-best[m][0], -best[m][1], m))]
    return parents


def test_the_vectorised_rule_matches_a_plain_reading_of_it_on_messy_claims() -> None:
    claims, accounts = messy_claims(np.random.default_rng(5), 3_000)
    precedence = ("salesforce", "hubspot", "domain", "zendesk")

    resolution = resolve_parents(claims, accounts, precedence)

    assert parent_map(resolution) == reference_parents(claims, accounts, precedence)
    counts = resolution.issues["issue"].value_counts()
    assert counts["cycle"] >= 20 and counts["conflict"] > 1_000


def test_shuffled_input_gives_identical_output() -> None:
    rng = np.random.default_rng(3)
    claims, accounts = messy_claims(rng, 2_000)
    resolution = resolve_parents(claims, accounts)
    hierarchy = build_hierarchy(resolution.parents, accounts)

    shuffled = claims.sample(frac=1.0, random_state=11).reset_index(drop=True)
    again = resolve_parents(shuffled, list(rng.permutation(accounts)))

    assert set(resolution.issues["issue"]) == {"self_parent", "orphan", "conflict", "cycle"}
    pd.testing.assert_frame_equal(again.parents, resolution.parents)
    pd.testing.assert_frame_equal(again.issues, resolution.issues)
    pd.testing.assert_frame_equal(build_hierarchy(again.parents, rng.permutation(accounts)), hierarchy)


def random_forest(rng: np.random.Generator, n: int) -> tuple[list[str], np.ndarray, pd.DataFrame]:
    """Keys, the true parent of each node (-1 for roots) and acyclic Salesforce and HubSpot claims.

    Node i only ever claims a parent j < i, so these claims alone hold no cycle; keys are shuffled so
    that key order says nothing about the tree.
    """
    keys = [f"acc_{h:08x}" for h in rng.choice(16**8, n, replace=False)]
    salesforce = {i: int(rng.integers(0, i)) for i in range(1, n) if rng.random() < 0.7}
    hubspot = {i: int(rng.integers(0, i)) for i in range(1, n) if rng.random() < 0.3}
    truth = np.full(n, -1)
    truth[list(hubspot)] = list(hubspot.values())
    truth[list(salesforce)] = list(salesforce.values())  # salesforce outranks hubspot
    claims = pd.DataFrame(
        [(keys[c], keys[p], "salesforce", f"sf{c}") for c, p in salesforce.items()]
        + [(keys[c], keys[p], "hubspot", f"hs{c}") for c, p in hubspot.items()],
        columns=["account_key", "parent_account_key", "source_system", "source_id"],
    )
    return keys, truth, claims


def root_of(truth: np.ndarray, node: int) -> int:
    while truth[node] >= 0:
        node = truth[node]
    return node


def test_a_large_random_forest_with_injected_cycles_keeps_every_invariant() -> None:
    rng = np.random.default_rng(2024)
    n = 50_000
    keys, truth, claims = random_forest(rng, n)
    # Cycles: a root claims (through zendesk, the weakest source) one of its own descendants.
    descendants = rng.choice(np.flatnonzero(truth >= 0), 400, replace=False)
    looped = {root_of(truth, int(d)): int(d) for d in descendants}
    cycles = pd.DataFrame(
        {"account_key": [keys[r] for r in looped], "parent_account_key": [keys[d] for d in looped.values()]}
    )
    selfish = rng.choice(n, 100, replace=False)
    lost = rng.choice(n, 100, replace=False)
    noise = pd.DataFrame(
        {
            "account_key": [keys[i] for i in selfish] + [keys[i] for i in lost],
            "parent_account_key": [keys[i] for i in selfish] + [f"acc_gone{i}" for i in lost],
        }
    )
    claims = pd.concat([claims, cycles.assign(source_system="zendesk"), noise.assign(source_system="domain")])

    resolution = resolve_parents(claims, keys)
    hierarchy = build_hierarchy(resolution.parents, keys)

    # The cycles broke exactly at the injected links, so the truth comes back.
    expected = {keys[c]: keys[p] for c, p in enumerate(truth) if p >= 0}
    assert parent_map(resolution) == expected
    assert set(issues_of(resolution, "cycle")) == {keys[r] for r in looped}
    counts = resolution.issues["issue"].value_counts()
    assert counts["self_parent"] == 100 and counts["orphan"] == 100
    # Every account present once; ultimate parents are roots; depth counts the separators in path.
    assert len(hierarchy) == n and hierarchy["account_key"].is_unique and set(hierarchy["account_key"]) == set(keys)
    by_key = hierarchy.set_index("account_key")
    ultimate = by_key.loc[hierarchy["ultimate_parent_key"]]
    assert ultimate["parent_account_key"].isna().all() and (ultimate["depth"] == 0).all()
    assert (hierarchy["depth"] == hierarchy["path"].str.count(PATH_SEPARATOR)).all()
    steps = hierarchy["path"].str.split(PATH_SEPARATOR)
    assert (steps.str[0] == hierarchy["ultimate_parent_key"]).all()
    assert (steps.str[-1] == hierarchy["account_key"]).all()
    assert (steps.str[-2].fillna("") == hierarchy["parent_account_key"].fillna("")).all()
    # No account is its own ancestor: no key repeats along any path.
    assert (steps.map(len) == steps.map(lambda path: len(set(path)))).all()
    # Spot checks against a plain walk up the true parents.
    for node in rng.choice(n, 200, replace=False):
        chain = [int(node)]
        while truth[chain[-1]] >= 0:
            chain.append(int(truth[chain[-1]]))
        assert by_key.loc[keys[node], "path"] == PATH_SEPARATOR.join(keys[c] for c in reversed(chain))
    # A root's roll-up carries its whole group.
    values = pd.DataFrame({"account_key": keys, "arr": rng.integers(0, 1_000, n)})
    totals = rollup(hierarchy, values).set_index("account_key")["arr"]
    group_sums = values.assign(root=by_key.loc[keys, "ultimate_parent_key"].to_numpy()).groupby("root")["arr"].sum()
    assert totals.loc[group_sums.index].tolist() == group_sums.tolist()
    assert totals.sum() == (values["arr"].to_numpy() * (by_key.loc[keys, "depth"].to_numpy() + 1)).sum()
