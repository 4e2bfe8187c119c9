"""Countries as ISO 3166 alpha-2 codes and phone numbers as E.164, whatever way the source wrote them."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow.compute as pc
import pycountry

from abe_hub.identity.arrow_text import arrow_text, python_text
from abe_hub.identity.text import folded_words
from abe_hub.identity.vectorize import map_distinct

# What people write that pycountry (codes, English short, official and common names) does not know:
# local names, short forms and former names. Folded like the input, so "Osterreich" and "U.K." need
# no entries of their own. England, Scotland and Wales are GB: ISO 3166-1 gives them no code of their own.
COUNTRY_ALIASES: dict[str, str] = {
    "UK": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "America": "US",
    "Deutschland": "DE",
    "Bundesrepublik Deutschland": "DE",
    "Österreich": "AT",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Helvetia": "CH",
    "España": "ES",
    "Italia": "IT",
    "Nederland": "NL",
    "Holland": "NL",
    "België": "BE",
    "Belgique": "BE",
    "Belgien": "BE",
    "Sverige": "SE",
    "Norge": "NO",
    "Suomi": "FI",
    "Danmark": "DK",
    "Ísland": "IS",
    "Éire": "IE",
    "Polska": "PL",
    "Česko": "CZ",
    "Magyarország": "HU",
    "Hellas": "GR",
    "Ellada": "GR",
    "Turkey": "TR",
    "Russia": "RU",
    "Brasil": "BR",
    "Nippon": "JP",
    "Nihon": "JP",
    "Bharat": "IN",
    "Zhongguo": "CN",
    "Republic of Korea": "KR",
    "UAE": "AE",
    "Emirates": "AE",
}


def _fold(value: str) -> str:
    words = folded_words(value)
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            if label := getattr(country, attribute, None):
                index[_fold(label)] = country.alpha_2
    index.update({_fold(alias): code for alias, code in COUNTRY_ALIASES.items()})
    return index


_COUNTRY_BY_LABEL = _country_index()


@lru_cache(maxsize=4096)
def country_labels() -> dict[str, str]:
    """Every label ``country_code`` knows, folded as it folds a value, with its code: for lookups by
    join, where a column of labels is matched at once."""
    return dict(_COUNTRY_BY_LABEL)


def country_code(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a code, an English or a local name; None if unknown.

    "DE", "deu", "Germany", "Deutschland" and "the Federal Republic of Germany" are all "DE". Case,
    diacritics, punctuation and a leading "the" do not matter ("u.s.a.", "ESPANA", "The Netherlands").
    """
    return _COUNTRY_BY_LABEL.get(_fold(value)) if value else None


def phone_e164(number: str | None, country_code: str | None = None) -> str | None:
    """A phone number in E.164 ("+4930123456"), or None if it is not a valid number.

    ``country_code`` (ISO alpha-2) is the region a number without "+" is read in: "030 123456" is
    Berlin only if the record is German. Validity is checked against the numbering plan, so a
    number with an impossible area code is None rather than a key that matches nothing real.
    """
    if not number or not number.strip():
        return None
    try:
        parsed = phonenumbers.parse(number, country_code.upper() if country_code else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# An extension names a desk behind a switchboard, not the line: "+1 415 555 2671 ext. 12".
_EXTENSION = r"(?i)[ ,;]*(?:ext\.?|extension|x|#)[ .:]*[0-9]+\s*$"
# Written with its country code: "+" or "00", the international prefix of most countries.
_INTERNATIONAL = r"^\s*(?:\+|00)"
# Fewer digits, country code included, than the shortest lines E.164 numbers (Niue's: 7) are a short
# code or an extension on its own; E.164 allows no more than 15.
PHONE_DIGITS = range(7, 16)


def phone_keys(numbers: pd.Series, country_codes: pd.Series) -> pd.Series:
    """Each number in E.164's form ("+4930901820"), the key two records share when they give the
    same line; null where there is none to read.

    Unlike ``phone_e164`` the numbering plan is not asked: the same digits on two records are the
    same line whether or not the plan knows the range, and CRMs hold many numbers it does not. A
    number written with its country code ("+49 (0)30 901820", "0049 30 901820") is reduced to its
    digits in Arrow; only one written nationally ("030 901820") needs phonenumbers and the record's
    country (``country_codes``, ISO alpha-2), once per distinct pair, since a Python call for each
    of a million numbers would cost seconds.
    """
    text = pc.replace_substring_regex(arrow_text(numbers), _EXTENSION, "")
    international = pc.fill_null(pc.match_substring_regex(text, _INTERNATIONAL), False).to_numpy(zero_copy_only=False)
    digits = pc.replace_substring_regex(
        pc.replace_substring_regex(pc.replace_substring(text, "(0)", ""), r"^\s*00", ""), r"[^0-9]", ""
    )
    counted = np.isin(pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False), PHONE_DIGITS)
    keys = python_text(pc.binary_join_element_wise("+", digits, ""))
    keys[~(international & counted)] = None
    national = np.flatnonzero(
        ~international & pc.is_valid(text).to_numpy(zero_copy_only=False) & country_codes.notna().to_numpy()
    )
    if len(national):
        written = pd.Series(python_text(text)[national]) + "|" + country_codes.iloc[national].to_numpy()
        keys[national] = map_distinct(written, _national_key).to_numpy()
    return pd.Series(keys, index=numbers.index, name=numbers.name, dtype=object)


def _national_key(written: str) -> str | None:
    """``"number|country"`` read in that country, in E.164's form; None if phonenumbers cannot parse it."""
    number, region = written.rsplit("|", 1)
    try:
        parsed = phonenumbers.parse(number, region.upper())
    except phonenumbers.NumberParseException:
        return None
    key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return key if len(key) - 1 in PHONE_DIGITS else None
