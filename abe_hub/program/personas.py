"""Job titles to buyer personas, by the program's ordered rules: the first matching pattern wins.

The rules are flattened once into numbered rows (``persona_rule_rows``): the warehouse table
``program.persona_rules`` and this classifier are built from the same rows, and the dbt model
``int_title_personas`` applies them with the same normalisation, so a title gets the same persona in
Python and in SQL. Titles are normalised before matching (whitespace collapsed, trimmed, lower case)
because systems store the same title in several spellings ("VP Marketing", "vp marketing").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from abe_hub.program.model import Program

# The same characters as the dbt macro normalised_title: ASCII whitespace only, which is what RE2 and
# PostgreSQL agree on.
_WHITESPACE = re.compile(r"[\t\n\v\f\r ]+")
TITLE_PERSONA_COLUMNS = ("title", "persona", "department", "seniority", "rule_priority", "matched_pattern")


@dataclass(frozen=True)
class PersonaRuleRow:
    """One pattern of one rule; ``pattern`` None is the fallback, tried last and matching anything."""

    priority: int
    pattern: str | None
    persona: str
    department: str
    seniority: str


def persona_rule_rows(program: Program) -> list[PersonaRuleRow]:
    """Every pattern in the order it is tried (priority 1 first), the fallback last."""
    rows = [
        (pattern, rule.persona, rule.department, rule.seniority)
        for rule in program.personas
        for pattern in rule.title_patterns
    ]
    fallback = program.persona_fallback
    rows.append((None, fallback.persona, fallback.department, fallback.seniority))
    return [PersonaRuleRow(priority, *row) for priority, row in enumerate(rows, start=1)]


def normalised_title(title: object) -> str | None:
    """The title as the rules and the warehouse see it, None when it is missing or blank."""
    if not isinstance(title, str):
        if title is None or pd.isna(title):
            return None
        title = str(title)
    text = _WHITESPACE.sub(" ", title).strip(" ").lower()
    return text or None


class TitleClassifier:
    """Classifies titles by a program's persona rules; each distinct title is matched once."""

    def __init__(self, program: Program) -> None:
        self.rows = persona_rule_rows(program)
        self._compiled = [(re.compile(row.pattern, re.IGNORECASE), row) for row in self.rows if row.pattern]
        self._cache: dict[str, PersonaRuleRow] = {}

    def rule_for(self, title: object) -> PersonaRuleRow | None:
        """The first rule whose pattern occurs in the normalised title (the fallback if none); None for no title."""
        text = normalised_title(title)
        return None if text is None else self._rule(text)

    def _rule(self, text: str) -> PersonaRuleRow:
        if text not in self._cache:
            self._cache[text] = next((row for pattern, row in self._compiled if pattern.search(text)), self.rows[-1])
        return self._cache[text]

    def title_personas(self, titles: Iterable[object]) -> pd.DataFrame:
        """One row per distinct normalised title: the same columns and values as ``int_title_personas``."""
        distinct = sorted({t for t in map(normalised_title, titles) if t is not None})
        rows = [
            (title, rule.persona, rule.department, rule.seniority, rule.priority, rule.pattern)
            for title, rule in ((title, self._rule(title)) for title in distinct)
        ]
        return pd.DataFrame(rows, columns=list(TITLE_PERSONA_COLUMNS))
