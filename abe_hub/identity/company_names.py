"""Company-name matching keys: legal forms removed, spelling folded, acronyms and fuzzy similarity.

The same company is "Siemens AG" in Salesforce, "SIEMENS Aktiengesellschaft" in HubSpot and "Siemens"
on a lead form. A key that drops what does not identify the company (legal form, case, accents,
punctuation, a leading "the") turns most of those into equality, which is cheap to block and join
on; similarity and acronyms handle what remains.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from abe_hub.identity.text import folded_words

# One row per legal form: its spellings, short and long, as they are written. They are folded like
# names when the pattern is compiled, so "S.p.A.", "SpA" and "S. p. A." need no separate entries.
# Compound forms are sequences of these ("GmbH & Co. KG" is GmbH, & Co, KG; "Co., Ltd." is Co, Ltd).
# "Group" and "Holding(s)" are absent on purpose: "Siemens Holding" is another company than "Siemens".
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    # United States, United Kingdom, Ireland, Canada
    ("Inc", "Incorporated"),
    ("Corp", "Corporation"),
    ("Co", "Company", "& Co", "& Company"),
    ("LLC", "L.L.C.", "Limited Liability Company"),
    ("PLLC", "Professional Limited Liability Company"),
    ("Ltd", "Limited"),
    ("PLC", "Public Limited Company"),
    ("LLP", "Limited Liability Partnership"),
    ("LP", "Limited Partnership"),
    ("DAC", "Designated Activity Company"),
    ("ULC", "Unlimited Company"),
    # Germany, Austria, Switzerland
    ("GmbH", "Gesellschaft mit beschränkter Haftung", "mbH"),
    ("gGmbH", "gemeinnützige GmbH"),
    ("UG", "UG (haftungsbeschränkt)", "Unternehmergesellschaft (haftungsbeschränkt)"),
    ("AG", "Aktiengesellschaft"),
    ("KG", "Kommanditgesellschaft"),
    ("KGaA", "Kommanditgesellschaft auf Aktien"),
    ("OHG", "Offene Handelsgesellschaft"),
    ("e.V.", "eingetragener Verein"),
    ("e.K.", "eingetragener Kaufmann"),
    ("eG", "eingetragene Genossenschaft"),
    ("SE", "Societas Europaea"),
    # France, Belgium, Switzerland, Luxembourg, and the same abbreviations in Southern Europe and Latin America
    ("SA", "Société Anonyme", "Sociedad Anónima", "Sociedade Anónima", "Sociedade Anônima", "Spółka Akcyjna"),
    ("SAS", "Société par actions simplifiée", "Società in accomandita semplice"),
    ("SASU", "Société par actions simplifiée unipersonnelle"),
    ("SARL", "Sàrl", "Société à responsabilité limitée"),
    ("EURL", "Entreprise unipersonnelle à responsabilité limitée"),
    ("SNC", "Société en nom collectif", "Società in nome collettivo"),
    ("SCA", "Société en commandite par actions"),
    ("& Cie", "et Cie"),
    ("SPRL", "Société privée à responsabilité limitée"),
    # Netherlands, Belgium
    ("BV", "Besloten Vennootschap"),
    ("NV", "Naamloze Vennootschap"),
    ("BVBA", "Besloten Vennootschap met Beperkte Aansprakelijkheid"),
    ("VOF", "Vennootschap onder firma"),
    # Spain, Portugal, Brazil, Mexico
    ("SL", "Sociedad Limitada"),
    ("SLU", "Sociedad Limitada Unipersonal"),
    ("SAU", "Sociedad Anónima Unipersonal"),
    ("Ltda", "Lda", "Limitada"),
    ("SA de CV", "SAB de CV", "S de RL de CV"),
    ("EIRELI", "Empresa Individual de Responsabilidade Limitada"),
    # Italy, Spain, Latin America, Romania
    ("Srl", "Società a responsabilità limitata", "Sociedad de Responsabilidad Limitada"),
    ("Srls", "Società a responsabilità limitata semplificata"),
    ("SpA", "Società per Azioni"),
    ("Sapa", "Società in accomandita per azioni"),
    # Nordics
    ("AB", "Aktiebolag", "AB (publ)"),
    ("Oy", "Osakeyhtiö"),
    ("Oyj", "Julkinen osakeyhtiö"),
    ("AS", "Aksjeselskap"),
    ("ASA", "Allmennaksjeselskap"),
    ("A/S", "Aktieselskab"),
    ("ApS", "Anpartsselskab"),
    # Poland, Czechia, Slovakia
    ("Sp. z o.o.", "Sp. z o. o.", "Spółka z ograniczoną odpowiedzialnością"),
    ("Sp. k.", "Spółka komandytowa"),
    ("Sp. j.", "Spółka jawna"),
    ("s.r.o.", "spol. s r.o.", "společnost s ručením omezeným"),
    ("a.s.", "akciová společnost"),
    # Japan
    ("KK", "Kabushiki Kaisha", "Kabushiki Gaisha"),
    ("GK", "Godo Kaisha", "Godo Gaisha"),
    ("YK", "Yugen Kaisha", "Yugen Gaisha"),
    # India, Australia, New Zealand, South Africa
    ("Pvt Ltd", "Private Limited", "Pvt"),
    ("Pty Ltd", "Proprietary Limited", "Pty"),
)

# Words an acronym skips, folded ("für" is "fur"): "Procter & Gamble" is "P&G", "The Boston Consulting Group" "BCG".
ACRONYM_STOP_WORDS = frozenset(
    {"of", "and", "the", "for", "de", "der", "die", "das", "des", "du", "la", "le", "les", "fur", "und", "et"}
    | {"y", "e", "di", "da", "do", "del", "van", "von", "en"}
)


# Every spelling of a legal form as folded words, longest first: what ``name_key`` removes from a
# name's end. The match must run to the end of the name, so the order of the alternatives cannot
# change what is removed; longest first only spares backtracking on compound forms such as "sa de cv".
LEGAL_FORM_TERMS = tuple(
    sorted({" ".join(folded_words(spelling)) for row in LEGAL_FORMS for spelling in row}, key=len, reverse=True)
)


def _legal_form_pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(term) for term in LEGAL_FORM_TERMS)
    return re.compile(rf"(?:^| )(?:{alternatives})(?: (?:{alternatives}))*$")


_LEGAL_FORM_TAIL = _legal_form_pattern()


@lru_cache(maxsize=2**10)
def name_key(name: str | None) -> str:
    """The matching key of a company name: folded words without a leading "the" or trailing legal forms.

    Legal forms are removed only where they end the name, several in a row if need be ("GmbH & Co.
    KG"), because inside a name they are part of it ("Co-operative Bank", "AG Barr"). A name that is
    nothing but a legal form and "the" ("The Limited") keeps all its words: an empty key would make
    every such record equal. A small cache serves the several keys asked of one name in a row.
    """
    if not name:
        return ""
    words = folded_words(name)
    body = words[1:] if len(words) > 1 and words[0] == "the" else words
    return _LEGAL_FORM_TAIL.sub("", " ".join(body)) or " ".join(words)


def acronym(name: str | None) -> str | None:
    """The initials of a name's key words, stop words skipped, when it has at least two other words.

    "International Business Machines Corp." gives "ibm". One word has no meaningful initials.
    """
    significant = [word for word in name_key(name).split() if word not in ACRONYM_STOP_WORDS]
    return "".join(word[0] for word in significant) if len(significant) >= 2 else None


def looks_like_acronym(token: str) -> bool:
    """Whether a token as written reads as initials: 2 to 6 capitals or digits, dots and "&" allowed.

    "IBM", "I.B.M.", "P&G", "3M" do; "Ibm" and "Dell" do not. Case is the evidence, so pass the
    token as the source wrote it, not a key.
    """
    letters = token.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


def _initials_written(name: str) -> str | None:
    """The initials a name is written as, if it starts with an acronym-looking word ("IBM Corp.", "P&G")."""
    if not looks_like_acronym(name.split()[0]):
        return None
    words = [word for word in name_key(name).split() if word not in ACRONYM_STOP_WORDS]
    if len(words) == 1:
        return words[0]
    # "P&G" folds to "p and g": single letters around a stop word are still one acronym.
    return "".join(words) if words and all(len(word) == 1 for word in words) else None


def names_match_by_acronym(a: str | None, b: str | None) -> bool:
    """Whether one name is written as the acronym of the other ("IBM" and "International Business Machines").

    The short side must look like an acronym as written (capitals): a capitalised single word such
    as "Dell" or "Sky" is far more often a brand than initials, and a false merge of two accounts
    costs more than a missed one that a shared domain usually catches anyway.
    """
    if not a or not a.strip() or not b or not b.strip():
        return False
    for short, long in ((a, b), (b, a)):
        initials = _initials_written(short)
        if initials and initials == acronym(long):
            return True
    return False


def name_similarity(a_key: str, b_key: str) -> float:
    """Similarity of two name keys in [0, 1]: rapidfuzz's token sort ratio (normalised Indel).

    Sorting the words before comparing forgives word order ("Gamble Procter") and the Indel distance
    forgives typos; unlike token set or WRatio, it does not score a name contained in another as
    equal, so "Kalo Software Deutschland" (a subsidiary) stays below "Kalo Software" with a typo.
    Empty keys are similar to nothing.
    """
    if not a_key or not b_key:
        return 0.0
    return fuzz.token_sort_ratio(a_key, b_key) / 100.0
