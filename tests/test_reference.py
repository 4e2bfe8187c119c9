"""The dbt seeds generated from Python (abe_hub/reference.py) match the Python they come from."""

from __future__ import annotations

import csv

from abe_hub.identity.geography import country_code
from abe_hub.reference import COUNTRY_LABEL_COLUMNS, country_label_key, country_label_rows
from resources.dbt import DBT_PROJECT_DIR

COUNTRY_LABELS = DBT_PROJECT_DIR / "seeds" / "reference" / "country_labels.csv"


def test_country_labels_seed_is_what_the_module_writes() -> None:
    """A changed alias list or pycountry release shows up here: rewrite the seed (see abe_hub/reference.py)."""
    with COUNTRY_LABELS.open(encoding="utf-8") as seed:
        rows = list(csv.reader(seed))
    assert tuple(rows[0]) == COUNTRY_LABEL_COLUMNS
    assert [tuple(row) for row in rows[1:]] == country_label_rows()


def test_country_label_keys_read_what_the_systems_write() -> None:
    """Every spelling the sandbox's systems use, and some people type, finds the code identity finds."""
    codes = dict(country_label_rows())
    for label in ("United States", "USA", "US", "U.S.", "the Netherlands", "Deutschland", "España", "Espana", "UK"):
        assert codes.get(country_label_key(label)) == country_code(label), label
    assert country_label_key("  The United-Kingdom. ") == "united kingdom"
    assert codes["na"] == "NA"  # Namibia: a code that CSV readers like to take for a missing value
