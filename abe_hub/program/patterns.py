"""Title patterns that mean the same thing in Python, DuckDB and PostgreSQL.

One pattern is matched by three engines: Python's ``re`` (the core's classifier), RE2 (DuckDB's
``regexp_matches``) and PostgreSQL's advanced regular expressions (``~*``). A pattern that one of
them reads differently would classify a title one way in a notebook and another way in the
warehouse, so the loader accepts only the subset all three agree on and says which part is not in
it. ``\\b`` is the one shorthand PostgreSQL spells differently (``\\y``); the dbt macro
``regex_matches_ci`` translates it, which is why a literal backslash is refused: ``\\\\b`` would be
translated too.
"""

from __future__ import annotations

import re

# Escapes all three engines read alike: word boundary, digit, space and word classes, control
# characters, and any escaped punctuation except the backslash itself.
_PORTABLE_ESCAPES = frozenset("bdDsSwWtnrfv")
_NOT_PORTABLE_GROUPS = {
    "(?=": "a lookahead",
    "(?!": "a negative lookahead",
    "(?<=": "a lookbehind",
    "(?<!": "a negative lookbehind",
    "(?P": "a named group",
    "(?<": "a named group",
    "(?>": "an atomic group",
    "(?#": "a comment group",
}


def portable_pattern_problem(pattern: str) -> str | None:
    """What makes ``pattern`` unusable in all three engines, or None when it is fine."""
    if not pattern.strip():
        return "an empty pattern matches every title; use persona_fallback for titles no rule matches"
    if "[[:" in pattern:
        return "POSIX classes such as [[:alpha:]] are not read alike by Python and the databases; use \\w or [a-z]"
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        return f"not a valid regular expression ({error})"
    # Structure is checked with escaped characters removed: in c\+\+ and \(? they are literals, not syntax.
    structure = re.sub(r"\\.", "", pattern)
    for opening, what in _NOT_PORTABLE_GROUPS.items():
        if opening in structure:
            return f"{what} ({opening}...) is not supported by DuckDB's RE2; use plain alternatives"
    if re.search(r"\(\?[^:]", structure):
        return "inline flags (?...) are not portable; patterns are always case-insensitive, no flags needed"
    if re.search(r"[*+?}]\+", structure):
        return "possessive quantifiers (*+, ++, ?+) are not supported by DuckDB's RE2 or PostgreSQL"
    for escaped in re.findall(r"\\(.)", pattern, flags=re.DOTALL):
        if escaped == "\\":
            return "a literal backslash (\\\\) is not supported in title patterns"
        if escaped.isalnum() and escaped not in _PORTABLE_ESCAPES:
            return (
                f"the escape \\{escaped} is not read alike by Python, DuckDB and PostgreSQL; "
                "use \\b, \\d, \\s, \\w (or their capitals) or an escaped punctuation mark"
            )
    return None
