"""The features of a company name that account resolution and lead matching compare: its key, the
country it names, its acronym, the initials it is written as, and its legal form.

``name_features`` is the rule for one name. ``name_feature_columns`` gives the same for a whole
column: a large night holds several hundred thousand distinct account and lead names, and the
Python rules took about a quarter of each side's resolution. So a column's names are transliterated
in Python (non-ASCII ones only, as ``folded_words`` does) and folded, keyed, stripped of their legal
form, read for a country and an acronym in DuckDB. What SQL does not express stays with the rules:
whole names with a "+" (read as "and" between words only), single letters (runs of them join into
one word), a key that "the" still starts or a mistyped legal form; and the written initials of names
that begin in capitals. Both give the same features for every name; the tests hold them to it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from abe_hub.identity.company_names import (
    ACRONYM_STOP_WORDS,
    LEGAL_FORM_TERMS,
    LEGAL_FORMS,
    acronym,
    looks_like_acronym,
    name_key,
)
from abe_hub.identity.frames_sql import query
from abe_hub.identity.geography import country_code, country_labels
from abe_hub.identity.text import folded_words

# Legal forms spelled as one word ("ltd", "gmbh", "spa"), and those long enough that a single slip
# ("SRAL", "CCorp") still reads as the form.
_FORM_WORDS = frozenset(
    words[0] for row in LEGAL_FORMS for spelling in row if len(words := folded_words(spelling)) == 1
)
_TYPABLE_FORMS = frozenset(word for word in _FORM_WORDS if len(word) >= 4)


def _short_form_slips() -> frozenset[str]:
    """Two- and three-letter forms with one slip that still reads as the form: a letter left out of a
    three-letter form ("Ld", "Ic"), two swapped ("Ldt", "Icn"), one doubled ("Innc", "SSA").

    Any other slip of so short a word makes another word ("Ink", "Inn"), so only these are taken, and
    never where the slip spells a form or a word that ends names ("in", "of", "la").
    """
    slips: set[str] = set()
    for form in (word for word in _FORM_WORDS if 2 <= len(word) <= 3 and word.isalpha()):
        slips |= {form[:i] + form[i] + form[i:] for i in range(len(form))}
        if len(form) == 3:
            slips |= {form[:i] + form[i + 1 :] for i in range(3)}
            slips |= {form[:i] + form[i + 1] + form[i] + form[i + 2 :] for i in range(2)}
    # The slips that spell words a name may end with.
    words = {"in", "pa", "oh", "so", "see", "egg", "ass", "hog", "lad", "sap", "sac", "coo", "pas"}
    return frozenset(slips - _FORM_WORDS - ACRONYM_STOP_WORDS - words)


_SHORT_FORM_SLIPS = _short_form_slips()


def mistyped_form_removed(key: str | None) -> str:
    """The key without a last word that is one slip away from a legal form ("arxan sral" -> "arxan",
    "galfal ld" -> "galfal"), and without the forms that the slip had kept in ("valbel pty td").

    The name key removes legal forms spelled right; typed ones are common enough in CRMs that
    leaving them in would keep "Arxan SRAL" and "ARXAN SARL" apart.
    """
    words = (key or "").split()
    if len(words) < 2 or not _is_mistyped_form(words[-1]):
        return key or ""
    words.pop()
    while len(words) > 1 and words[-1] in _FORM_WORDS:
        words.pop()
    return " ".join(words)


def company_key(name: str | None) -> str:
    """The matching key of a company name as typed anywhere: ``name_key`` without a mistyped form."""
    return mistyped_form_removed(name_key(name))


@lru_cache(maxsize=2**16)
def _is_mistyped_form(word: str) -> bool:
    """Cached per word: last words repeat across names ("digital", "energy"), forms never change."""
    if word in _FORM_WORDS:
        return False
    if word in _SHORT_FORM_SLIPS:
        return True
    return process.extractOne(word, _TYPABLE_FORMS, scorer=OSA.distance, score_cutoff=1) is not None


_FORM_OF_SPELLING = {
    " ".join(folded_words(spelling)): " ".join(folded_words(row[0])) for row in LEGAL_FORMS for spelling in row
}


@lru_cache(maxsize=2**10)
def legal_form(name: str | None) -> str | None:
    """The legal form a name ends with, one spelling per form ("Limited Liability Company" -> "llc")."""
    if not name:
        return None
    words, key = folded_words(name), name_key(name).split()
    if words[:1] == ("the",) and key[:1] != ["the"]:
        words = words[1:]
    return form_of_tail(" ".join(words[len(key) :]))


def form_of_tail(tail: str) -> str | None:
    """The legal form that the words a name key dropped spell ("gesellschaft mit beschrankter haftung"
    -> "gmbh"), or None where it dropped none."""
    if tail in _FORM_OF_SPELLING:
        return _FORM_OF_SPELLING[tail]
    # Several forms in a row ("mbH & Co. KG"): each word spelled one way ("GmbH & Co. KG").
    return " ".join(_FORM_OF_SPELLING.get(word, word) for word in tail.split()) or None


def country_in_name(key: str | None) -> str | None:
    """The country a name ends with ("silfal france", "kalo usa"), the mark of a national subsidiary.

    Two- and three-letter codes are left out ("Kalo IT" is about IT, "Banco de" is Spanish) except
    the two that companies do write as country names, "USA" and "UK".
    """
    words = (key or "").split()
    for tail in (" ".join(words[-2:]), words[-1] if words else ""):
        if (
            len(words) > len(tail.split())
            and (len(tail) >= 4 or tail in ("usa", "uk"))
            and (code := country_code(tail))
        ):
            return code
    return None


def written_initials(name: str | None) -> str | None:
    """The initials a whole name is written as ("IBM", "S.F.", "P&G"), as one lower-case token, else None.

    Only names that are nothing but initials: "SILFAL CONSUMER" is a name typed in capitals, and so
    is "VENCOR LTD": where the whole name is in capitals, case tells initials from a word no longer,
    and initials run to four letters far more often than to five or six.
    """
    first = name.split()[0] if name and name.split() else ""
    if not looks_like_acronym(first) or (name.isupper() and len(first.replace(".", "")) >= 5):
        return None
    words = name_key(name).split()
    return "".join(words) if len(words) == 1 or all(len(w) == 1 for w in words) else None


NAME_FEATURES = ("name_key", "name_country", "acronym", "initials", "legal_form")


def name_features(name: str | None) -> tuple[str, str | None, str | None, str | None, str | None]:
    """``NAME_FEATURES`` of a company name: its key, the country in it, acronym, written initials and
    legal form, in one pass."""
    key = company_key(name)
    return key, country_in_name(key), acronym(name), written_initials(name), legal_form(name)


_TERMS = "|".join(LEGAL_FORM_TERMS)
# company_names' pattern for RE2: folded terms are letters, digits and spaces, so they need no
# escaping, and where a match must run to the end of the name, the leftmost one is the same in
# either engine.
_LEGAL_FORM_TAIL_RE2 = f"(^| )({_TERMS})( ({_TERMS}))*$"

_NAME_SQL = r"""
WITH folded AS (
    SELECT
        i,
        name,
        is_ascii,
        trim(regexp_replace(
            replace(regexp_replace(lower(ascii_name), '[.''`]', '', 'g'), '&', ' and '), '[^a-z0-9]+', ' ', 'g'
        )) AS words,
        contains(ascii_name, '+') AS by_rule
    FROM names
),
bodies AS (
    SELECT *, CASE WHEN starts_with(words, 'the ') THEN substr(words, 5) ELSE words END AS body FROM folded
),
stripped AS (
    SELECT *, regexp_replace(body, $legal_form_tail, '') AS stripped FROM bodies
),
keys AS (
    SELECT
        *,
        CASE WHEN stripped <> '' THEN stripped ELSE words END AS name_key,
        string_split(CASE WHEN stripped <> '' THEN stripped ELSE words END, ' ') AS key_words
    FROM stripped
),
endings AS (
    -- country_in_name: the last two words, then the last one, each only when more words precede it
    SELECT
        *,
        CASE WHEN len(key_words) > 2 THEN array_to_string(key_words[-2:], ' ') END AS last_two,
        CASE WHEN len(key_words) > 1 THEN key_words[-1] END AS last_one
    FROM keys
)
SELECT
    endings.i,
    by_rule
        OR regexp_matches(words, '(^| )[a-z0-9]( |$)')
        OR starts_with(body, 'the ') OR body = 'the' AS by_rule,
    name_key,
    CASE WHEN stripped <> '' THEN substr(body, length(stripped) + 2) ELSE '' END AS legal_tail,
    coalesce(last_one, '') AS last_word,
    coalesce(
        CASE WHEN length(last_two) >= 4 OR last_two IN ('usa', 'uk') THEN by_two.code END,
        CASE WHEN length(last_one) >= 4 OR last_one IN ('usa', 'uk') THEN by_one.code END
    ) AS name_country,
    (SELECT CASE WHEN len(significant) >= 2
            THEN array_to_string(list_transform(significant, lambda w: w[1]), '') END
     FROM (SELECT list_filter(key_words, lambda w: w <> '' AND NOT list_contains($stop_words, w)) AS significant))
        AS acronym,
    NOT is_ascii
        OR regexp_matches(name, '^[\x00-\x20]*[A-Z0-9.&]*[A-Z][A-Z0-9.&]*([\x00-\x20]|$)') AS may_be_initials
FROM endings
LEFT JOIN countries AS by_two
    ON by_two.label = CASE WHEN starts_with(last_two, 'the ') THEN substr(last_two, 5) ELSE last_two END
LEFT JOIN countries AS by_one ON by_one.label = last_one
ORDER BY endings.i
"""
# The labels country_code reads, folded as key words are: a key's ending is looked up by a join.
_COUNTRIES = pd.DataFrame(list(country_labels().items()), columns=["label", "code"])


def _features_by_sql(names: pd.Series) -> pd.DataFrame:
    """``NAME_FEATURES`` of distinct, non-missing ``names``, with ``by_rule`` where SQL does not
    express the rules and the row's features are to come from ``name_features`` instead."""
    values = names.to_numpy(dtype=object)
    # Transliterated as folded_words does it: the rest of the folding is ASCII, which SQL can do.
    is_ascii = np.array([name.isascii() for name in values.tolist()], dtype=bool)
    ascii_names = values.copy()
    ascii_names[~is_ascii] = [unidecode(unicodedata.normalize("NFKC", name)) for name in values[~is_ascii].tolist()]
    frame = query(
        _NAME_SQL,
        {"legal_form_tail": _LEGAL_FORM_TAIL_RE2, "stop_words": sorted(ACRONYM_STOP_WORDS)},
        names=pd.DataFrame(
            {"i": np.arange(len(names)), "name": values, "ascii_name": ascii_names, "is_ascii": is_ascii}
        ),
        countries=_COUNTRIES,
    )
    # Last words repeat ("digital", "energy"): each is weighed as a mistyped legal form once.
    codes, last_words = pd.factorize(frame["last_word"])
    mistyped = np.array([bool(word) and _is_mistyped_form(word) for word in last_words.tolist()], dtype=bool)[codes]
    by_rule = frame["by_rule"].to_numpy(dtype=bool) | mistyped
    initials = np.full(len(names), None, dtype=object)
    candidates = np.flatnonzero(frame["may_be_initials"].to_numpy(dtype=bool) & ~by_rule)
    initials[candidates] = [written_initials(name) for name in names.iloc[candidates].tolist()]
    codes, tails = pd.factorize(frame["legal_tail"])
    return pd.DataFrame(
        {
            "name_key": frame["name_key"].to_numpy(dtype=object),
            "name_country": frame["name_country"].to_numpy(dtype=object),
            "acronym": frame["acronym"].to_numpy(dtype=object),
            "initials": initials,
            "legal_form": np.array([form_of_tail(tail) for tail in tails.tolist()], dtype=object)[codes],
            "by_rule": by_rule,
        }
    )


def name_feature_columns(names: pd.Series) -> pd.DataFrame:
    """``NAME_FEATURES`` of every name in ``names`` (index kept): what ``name_features`` gives each."""
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    distinct = pd.Series(np.asarray(uniques, dtype=object))
    found = _features_by_sql(distinct)
    by_rule = np.flatnonzero(found.pop("by_rule").to_numpy(dtype=bool))
    table = found.to_numpy(dtype=object)
    table[by_rule] = np.array([name_features(name) for name in distinct.iloc[by_rule].tolist()], dtype=object).reshape(
        len(by_rule), len(NAME_FEATURES)
    )
    missing = np.array([name_features(None)], dtype=object)
    rows = np.concatenate([table, missing])[codes]
    return pd.DataFrame(rows, columns=list(NAME_FEATURES), index=names.index)
