"""Same person by personal details: birth date, national id, street address, locality and name.

CRM records rarely carry these, but registries, member lists and the public Febrl benchmarks do, and
they carry no email to decide by. Each detail is compared with the kind of error it suffers from
(a digit typed wrong or two swapped in a date or an id, a misspelt street, first and last name swapped), and two
records are one person when at least two independent details agree. Name and locality alone are not
enough: namesakes in one town are common.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from abe_hub.identity.blocking import pairs_sharing
from abe_hub.identity.text import folded_words
from abe_hub.identity.vectorize import map_distinct

DETAILS = ("name", "birth date", "national id", "street address", "locality")
NAME_SIMILARITY = 0.85
STREET_SIMILARITY = 0.85
CITY_SIMILARITY = 0.9


def _digits(series: pd.Series) -> pd.Series:
    return series.astype("string").str.replace(r"\D", "", regex=True).fillna("")


def _street(value: str | None) -> tuple[str, str]:
    """(house number, street name without spaces): "7 wallaby place" -> ("7", "wallabyplace")."""
    words = folded_words(value) if value else ()
    numbers = [w for w in words if w.isdigit()]
    return (numbers[0] if numbers else "", "".join(w for w in words if not w.isdigit()))


def detail_features(people: pd.DataFrame, first: pd.Series, last: pd.Series) -> pd.DataFrame:
    """Comparable forms of the details, "" where a record has none."""
    street = map_distinct(people["street"], _street)
    return pd.DataFrame(
        {
            "first": first.fillna(""),
            "last": last.fillna(""),
            "birth_date": _digits(people["birth_date"]),
            "national_id": _digits(people["national_id"]),
            "house": street.str[0].fillna(""),
            "street": street.str[1].fillna(""),
            "postcode": people["postcode"].astype("string").str.replace(r"\s", "", regex=True).str.lower().fillna(""),
            "city": map_distinct(people["city"], lambda v: "".join(folded_words(v)) if v else "").fillna(""),
        },
        index=people.index,
    )


def _candidates(details: pd.DataFrame, max_block: int) -> pd.DataFrame:
    """Pairs sharing one detail exactly, or a surname start and a postcode, or a first-name start and a birth year."""
    with_last = details["last"] != ""
    keys = [
        details["national_id"],
        details["birth_date"],
        (details["last"].str[:3] + "|" + details["postcode"]).where(with_last & (details["postcode"] != "")),
        (details["first"] + "|" + details["last"]).where(with_last & (details["first"] != "")),
        (details["first"].str[:2] + "|" + details["birth_date"].str[:4]).where(details["birth_date"] != ""),
        (details["house"] + "|" + details["street"]).where(details["street"] != ""),
    ]
    return pd.concat([pairs_sharing(key, max_block) for key in keys]).drop_duplicates(ignore_index=True)


def _similarity(left: pd.Series, right: pd.Series, scorer: object) -> np.ndarray:
    """Scores where both sides have a value, NaN where either is empty (unknown is not disagreement)."""
    scores = process.cpdist(left.tolist(), right.tolist(), scorer=scorer, workers=-1).astype(float)
    return np.where((left.to_numpy() != "") & (right.to_numpy() != ""), scores, np.nan)


def _agreements(left: pd.DataFrame, right: pd.DataFrame) -> dict[str, np.ndarray]:
    jaro = JaroWinkler.normalized_similarity
    names = (_similarity(left["first"], right["first"], jaro) >= NAME_SIMILARITY) & (
        _similarity(left["last"], right["last"], jaro) >= NAME_SIMILARITY
    )
    swapped = (_similarity(left["first"], right["last"], jaro) >= NAME_SIMILARITY) & (
        _similarity(left["last"], right["first"], jaro) >= NAME_SIMILARITY
    )
    birth = _similarity(left["birth_date"], right["birth_date"], OSA.distance)
    birth_l, birth_r = left["birth_date"], right["birth_date"]
    day_month_swapped = ((birth_l.str[:4] + birth_l.str[6:8] + birth_l.str[4:6]) == birth_r) & (birth_r != "")
    house_l, house_r = left["house"].to_numpy(), right["house"].to_numpy()
    houses_differ = (house_l != house_r) & (house_l != "") & (house_r != "")
    return {
        "name": names | swapped,
        "birth date": (birth <= 1) | day_month_swapped.to_numpy(),
        "national id": _similarity(left["national_id"], right["national_id"], OSA.distance) <= 1,
        "street address": (_similarity(left["street"], right["street"], jaro) >= STREET_SIMILARITY) & ~houses_differ,
        "locality": ((left["postcode"] == right["postcode"]) & (left["postcode"] != "")).to_numpy()
        | (_similarity(left["city"], right["city"], jaro) >= CITY_SIMILARITY),
    }


def detail_links(details: pd.DataFrame, max_block: int) -> pd.DataFrame:
    """Pairs (``left``, ``right``) that two or more details say are one person, with ``score`` and ``rule``.

    The rule names the details that agree ("personal details: name + birth date + locality"); the
    score grows with their number, from 0.9 for two to 0.98 for all five.
    """
    pairs = _candidates(details, max_block)
    if pairs.empty:
        return pairs.assign(score=pd.Series(dtype=float), rule=pd.Series(dtype=object))
    plain = details.astype(object)
    agree = _agreements(
        plain.iloc[pairs["left"]].reset_index(drop=True), plain.iloc[pairs["right"]].reset_index(drop=True)
    )
    count = sum(agreed.astype(int) for agreed in agree.values())
    only_name_and_place = agree["name"] & agree["locality"] & (count == 2)
    keep = (count >= 2) & ~only_name_and_place
    names = np.array(DETAILS, dtype=object)
    matrix = np.column_stack([agree[d] for d in DETAILS])[keep]
    links = pairs[keep].reset_index(drop=True)
    links["score"] = 0.9 + 0.02 * (count[keep] - 2)
    links["rule"] = ["personal details: " + " + ".join(names[row]) for row in matrix]
    return links
