"""Folding free text to plain lower-case ASCII words, the common first step of every matching key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Dots and apostrophes join what they sit in ("S.p.A." is "SpA", "Macy's" is "Macys");
# every other non-alphanumeric character separates words.
_JOINERS = re.compile(r"[.'`]")
# "+" is "and" only between words: "Procter+Gamble", but "Canal+" is not "Canal and".
_PLUS = re.compile(r"(?<=[a-z0-9])\s*\+\s*(?=[a-z0-9])")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=2**10)
def folded_words(text: str) -> tuple[str, ...]:
    """The words of ``text``: NFKC, transliterated to ASCII, lower-cased, "&" and "+" read as "and".

    Transliteration (unidecode) rather than stripping accents is what makes "Groß", "Ødegård" and
    "Łódź" comparable with the ASCII spellings people type when they lack the keyboard; it gives
    "Muller" for "Müller", never "Mueller", because "ue" is an ordinary letter pair in other names.
    A run of single letters is one word again ("I B M", "A/S"), as the dotted spelling would be.
    A small cache, and so a tuple: every key of one name (its name key, legal form, initials) starts
    here. Columns reach it once per distinct value (``map_distinct``); a large cache only held
    hundreds of megabytes of names never asked for again.
    """
    if not text.isascii():
        text = unidecode(unicodedata.normalize("NFKC", text))
    text = _PLUS.sub(" and ", _JOINERS.sub("", text.lower()).replace("&", " and "))
    words: list[str] = []
    letters: list[str] = []
    for word in _SEPARATORS.split(text):
        if len(word) == 1:
            letters.append(word)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        if word:
            words.append(word)
    if letters:
        words.append("".join(letters))
    return tuple(words)
