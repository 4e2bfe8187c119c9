"""Reference data the warehouse's SQL reads as dbt seeds, written from the Python that defines it.

The marts need a country's ISO code to apply the ICP's country criterion, and the systems write
countries as codes, English, official or local names. Identity resolution reads them in Python
(``abe_hub.identity.geography.country_code``); SQL cannot call it, so the same answers are shipped
as the seed ``dbt_project/seeds/reference/country_labels.csv``, keyed the way the dbt macro
``country_label_key`` folds text. ``tests/test_reference.py`` holds the file to this module, so a
change in either shows up; rewrite the file with::

    .venv/bin/python -c "from abe_hub.reference import write_country_labels; \
write_country_labels('dbt_project/seeds/reference/country_labels.csv')"
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
from unidecode import unidecode

from abe_hub.identity.geography import COUNTRY_ALIASES, country_code

COUNTRY_LABEL_COLUMNS = ("label_key", "country_code")
# Dots and apostrophes join what they sit in ("U.S.A." is "usa"), as identity's folding has it.
_JOINERS = re.compile(r"[.'`]")
# ASCII whitespace and punctuation, as [[:space:][:punct:]] reads in DuckDB's RE2 and PostgreSQL.
_SPACE_OR_PUNCTUATION = re.compile(r"[ \t\n\v\f\r!-/:-@\[-`{-~]+")
_PYCOUNTRY_LABELS = ("alpha_2", "alpha_3", "name", "official_name", "common_name")


def country_label_key(label: str) -> str:
    """``label`` folded as the dbt macro ``country_label_key`` folds it: lower case, dots and
    apostrophes dropped, other runs of ASCII spaces and punctuation one space, trimmed, a leading
    "the " dropped."""
    key = _SPACE_OR_PUNCTUATION.sub(" ", _JOINERS.sub("", label.lower())).strip()
    return key.removeprefix("the ")


def country_label_rows() -> list[tuple[str, str]]:
    """``(label_key, country_code)`` for every label identity resolution knows, sorted by key.

    Each label is keyed as written and transliterated to ASCII ("España" and "Espana"), since SQL
    folds case but not accents; the code is what ``country_code`` answers for the label.
    """
    labels = [
        value
        for country in pycountry.countries
        for attribute in _PYCOUNTRY_LABELS
        if (value := getattr(country, attribute, None))
    ]
    rows: dict[str, str] = {}
    for label in [*labels, *COUNTRY_ALIASES]:
        code = country_code(label)
        if code is None:
            continue
        for key in (country_label_key(label), country_label_key(unidecode(label))):
            if rows.setdefault(key, code) != code:
                raise ValueError(f"country label key {key!r} reads as both {rows[key]} and {code} ({label!r})")
    return sorted(rows.items())


def write_country_labels(path: str | Path) -> None:
    """Write the ``country_labels`` seed CSV to ``path``."""
    with Path(path).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COUNTRY_LABEL_COLUMNS)
        writer.writerows(country_label_rows())
