"""Plain Splink on the same records: the baseline bench/identity.py sets our resolver against.

A generic configuration as a data engineer would write it from Splink's documentation, without our
rules: light cleaning (lower case, punctuation out, the host of a website, the domain of an email), strict
blocking, the library's name (with term frequencies), email and Jaro-Winkler comparisons, u by random
sampling, m by expectation maximisation, connected components at a 0.95 match probability.
"""

from __future__ import annotations

import logging

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.95
MEMORY_LIMIT = "12GB"


def _clean(series: pd.Series) -> pd.Series:
    return series.astype("string").str.lower().str.replace(r"[^\w@. ]+", " ", regex=True).str.strip().replace("", None)


def _host(series: pd.Series) -> pd.Series:
    host = series.astype("string").str.lower().str.replace(r"^[a-z]+://", "", regex=True)
    return host.str.replace(r"^www\.", "", regex=True).str.split("/").str[0].replace("", None)


def _clusters(frame: pd.DataFrame, settings: SettingsCreator, train: list, em: list) -> pd.Series:
    # DuckDB may take most of the machine but not all of it: past the limit it spills to disk.
    connection = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    linker = Linker(DuckDBAPI(connection).register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(train, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, THRESHOLD)
    labels = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    return frame[["unique_id"]].merge(labels, on="unique_id", how="left")["cluster_id"]


def splink_people(people: pd.DataFrame) -> pd.Series:
    """Cluster ids for the person shape's records, in their order."""
    full = people["full_name"].astype("string").str.split(" ", n=1)
    frame = pd.DataFrame(
        {
            "unique_id": range(len(people)),
            "first_name": _clean(people["first_name"].fillna(full.str[0])),
            "surname": _clean(people["last_name"].fillna(full.str[1])),
            "email": _clean(people["email"]),
            "company": _clean(people["company_name"]),
        }
    )
    frame["email_domain"] = frame["email"].str.split("@").str[-1]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("email_domain").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("company", [0.9, 0.7]),
        ],
        # Names alone are far too common to block on (a large world has hundreds of each name pair).
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("first_name", "surname", "email_domain"),
            block_on("first_name", "surname", "company"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    return _clusters(
        frame,
        settings,
        train=[block_on("email")],
        em=[block_on("email"), block_on("first_name", "surname", "email_domain")],
    )


def splink_accounts(accounts: pd.DataFrame) -> pd.Series:
    """Cluster ids for the account shape's records, in their order."""
    frame = pd.DataFrame(
        {
            "unique_id": range(len(accounts)),
            "name": _clean(accounts["name"]),
            "domain": _host(accounts["domain"].fillna(accounts["website"])),
            "country": _clean(accounts["country"]),
        }
    )
    frame["name_start"] = frame["name"].str[:4]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("domain").configure(term_frequency_adjustments=True),
            cl.ExactMatch("country"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name"),
            block_on("domain"),
            block_on("name_start", "country"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    return _clusters(frame, settings, train=[block_on("name", "domain")], em=[block_on("domain"), block_on("name")])
