"""Country codes from codes, English and local names; phone numbers to E.164."""

from __future__ import annotations

import pandas as pd
import pytest

from abe_hub.identity.geography import country_code, phone_e164, phone_keys
from abe_hub.sandbox.vocabulary import COUNTRIES, Country


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        ("deu", "DE"),
        ("Germany", "DE"),
        ("GERMANY", "DE"),
        ("Deutschland", "DE"),
        ("Federal Republic of Germany", "DE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("England", "GB"),
        ("GBR", "GB"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("España", "ES"),
        ("ESPANA", "ES"),
        ("Italia", "IT"),
        ("Nederland", "NL"),
        ("The Netherlands", "NL"),
        ("Holland", "NL"),
        ("Sverige", "SE"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Suomi", "FI"),
        ("Danmark", "DK"),
        ("Polska", "PL"),
        ("Brasil", "BR"),
        ("Nippon", "JP"),
        ("Bharat", "IN"),
        ("Österreich", "AT"),
        ("Osterreich", "AT"),
        ("Korea, Republic of", "KR"),
        ("South Korea", "KR"),
        ("Côte d'Ivoire", "CI"),
        ("  france ", "FR"),
    ],
)
def test_country_code(value: str, code: str) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize("value", [None, "", "  ", "Narnia", "EU", "XX", "Europe"])
def test_unknown_country_is_none(value: str | None) -> None:
    assert country_code(value) is None


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda country: country.code)
def test_every_sandbox_country_label_is_known(country: Country) -> None:
    labels = (country.code, country.name, country.local_name)
    assert {country_code(label) for label in labels} == {country.code}


@pytest.mark.parametrize(
    ("number", "region", "e164"),
    [
        ("+49 30 901820", None, "+4930901820"),
        ("030 901820", "DE", "+4930901820"),
        ("0049 30 901820", "DE", "+4930901820"),
        ("+49 (0)30 901820", None, "+4930901820"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("(415) 555-2671", "us", "+14155552671"),
        ("+1 415 555 2671", "GB", "+14155552671"),  # an international number ignores the region
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", None, "+442079460958"),
        ("+33 1 42 68 53 00", None, "+33142685300"),
        ("+81 3-1234-5678", None, "+81312345678"),
    ],
)
def test_phone_e164(number: str, region: str | None, e164: str) -> None:
    assert phone_e164(number, region) == e164


@pytest.mark.parametrize(
    ("number", "region"),
    [
        (None, None),
        ("", "DE"),
        ("not a phone", "DE"),
        ("030 901820", None),  # a national number without its country cannot be read
        ("+49 123", None),  # too short
        ("+1 123 4567890", None),  # no US area code starts with 1
    ],
)
def test_invalid_phone_is_none(number: str | None, region: str | None) -> None:
    assert phone_e164(number, region) is None


def test_phone_keys_are_the_digits_of_the_line_in_e164s_form_without_asking_the_numbering_plan() -> None:
    numbers = pd.Series(
        [
            "+49 30 901820",
            "0049 30 901820",
            "+49 (0)30 901820",
            "030 901820",  # national: read in the record's country
            "(415) 555-2671",
            "+1 415 555 2671 ext. 12",  # an extension is a desk, not the line
            "  +44 20 7946 0958 x7 ",
            "+1 123 4567890",  # no US area code starts with 1, but two records giving it share a line
        ]
    )
    countries = pd.Series(["FR", None, None, "DE", "US", "GB", None, None])
    assert phone_keys(numbers, countries).tolist() == [
        "+4930901820",
        "+4930901820",
        "+4930901820",
        "+4930901820",
        "+14155552671",
        "+14155552671",
        "+442079460958",
        "+11234567890",
    ]


def test_phone_keys_are_missing_where_no_line_can_be_read() -> None:
    numbers = pd.Series([None, "", "not a phone", "030 901820", "+49 123", "030 9", 4930901820, "+1234567890123456"])
    countries = pd.Series(["DE", "DE", "DE", None, None, "DE", "DE", None])
    keys = phone_keys(numbers, countries)
    assert keys.isna().all(), keys.tolist()
    assert keys.index.equals(numbers.index)
