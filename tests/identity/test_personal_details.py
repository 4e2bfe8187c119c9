"""Same person by personal details: each detail's error model, the two-detail rule, and Febrl3."""

from __future__ import annotations

import pandas as pd
import pytest

from abe_hub.identity.accounts import resolve_accounts
from abe_hub.identity.evaluation import pairwise_scores
from abe_hub.identity.people import resolve_people
from abe_hub.identity.public_benchmarks import febrl3_people
from abe_hub.identity.shapes import ACCOUNT_COLUMNS

NO_ACCOUNTS = resolve_accounts(pd.DataFrame(columns=list(ACCOUNT_COLUMNS)))
BASE = {
    "first_name": "Mitchell",
    "last_name": "Green",
    "birth_date": "19560409",
    "national_id": "1804974",
    "street": "7 Wallaby Place",
    "postcode": "2119",
    "city": "Cleveland",
}


def _resolved(*records: dict[str, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame([{"source_system": "registry", "source_id": str(i), **r} for i, r in enumerate(records)])
    return resolve_people(frame, NO_ACCOUNTS).xref


def _same(*records: dict[str, str | None]) -> tuple[bool, str]:
    xref = _resolved(*records)
    return xref["person_key"].nunique() == 1, str(xref["person_rule"].iloc[-1])


@pytest.mark.parametrize(
    ("change", "agreeing"),
    [
        ({"national_id": "1804947", "street": "12 Ocean Road"}, "name + birth date + national id + locality"),
        ({"birth_date": "19560904"}, "birth date"),  # day and month swapped
        ({"birth_date": "19560419"}, "birth date"),  # one digit mistyped
        ({"first_name": "Green", "last_name": "Mitchell"}, "name"),  # first and last swapped
        ({"first_name": "Mitchel", "last_name": "Greene"}, "name"),
        ({"street": "7 wallabyplace"}, "street address"),
        ({"postcode": None, "city": "CLEVELAND"}, "locality"),
        ({"national_id": "180-4974"}, "national id"),  # punctuation is not a difference
    ],
)
def test_each_detail_agrees_despite_its_typical_error(change: dict[str, str | None], agreeing: str) -> None:
    same, rule = _same(BASE, {**BASE, **change})
    assert same
    assert rule.startswith("personal details: ")
    assert agreeing in rule


def test_two_details_are_needed_and_name_with_place_is_not_enough() -> None:
    namesake = {**BASE, "birth_date": "19801201", "national_id": "5550001", "street": "40 Ocean Road"}
    assert not _same(BASE, namesake)[0]  # same name, same town: a namesake
    one_detail = {"first_name": "Sarah", "last_name": "Jones", "national_id": "1804974"}
    assert not _same(BASE, one_detail)[0]  # one id typed on someone else's record
    two_details = {"first_name": "Sarah", "last_name": "Jones", "birth_date": "19560409", "national_id": "1804974"}
    same, rule = _same(BASE, two_details)
    assert same and rule == "personal details: birth date + national id"


def test_a_missing_detail_is_unknown_not_a_disagreement() -> None:
    sparse = {"first_name": "Mitchell", "last_name": "Green", "birth_date": "19560409"}
    same, rule = _same(BASE, sparse)
    assert same and rule == "personal details: name + birth date"


def test_records_without_details_are_untouched() -> None:
    xref = _resolved({"first_name": "Ann", "last_name": "Lee"}, {"first_name": "Ann", "last_name": "Lee"})
    assert xref["person_key"].nunique() == 2


def test_febrl3_person_dedupe_beats_plain_splinks_published_figure() -> None:
    """Plain Splink scored F1 0.989 to 0.999 on Febrl3 on this machine (bench/febrl3.py)."""
    people, truth = febrl3_people()
    xref = resolve_people(people, NO_ACCOUNTS).xref
    scores = pairwise_scores(xref["person_key"], truth)
    assert scores.precision >= 0.999
    assert scores.f1 >= 0.999
