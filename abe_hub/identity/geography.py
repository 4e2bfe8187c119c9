"""Countries as ISO 3166 alpha-2 codes and phone numbers as E.164, whatever way the source wrote them."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
import pycountry

from abe_hub.identity.text import folded_words

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
