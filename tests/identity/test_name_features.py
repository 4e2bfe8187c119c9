"""A column's name features are each name's: the SQL path and the per-name rules never disagree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from abe_hub.identity.name_features import NAME_FEATURES, name_feature_columns, name_features
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import account_frame, person_frame

# Each kind of name either path takes: legal forms (compound, dotted, long-hand), "the", initials
# written and spelled out, "&" and "+", transliteration, mistyped forms, countries named at the end,
# whitespace and control characters around initials, and names that are nothing but a form.
NAMES = [
    "Siemens AG",
    "SIEMENS Aktiengesellschaft",
    "Müller GmbH & Co. KG",
    "Gesellschaft mit beschränkter Haftung",
    "Kalo Software Deutschland GmbH",
    "S.p.A.",
    "Rivenwen Sp. z o.o.",
    "Sociedad Anónima de Kalo",
    "Kalo SA de CV",
    "The Boston Consulting Group",
    "The Limited",
    "The The Ltd",
    "The",
    "the netherlands bv",
    "Kalo The Netherlands",
    "Kalo France",
    "Silfal USA",
    "Kalo UK Ltd",
    "Kalo IT",
    "Banco de",
    "International Business Machines Corp.",
    "IBM",
    "I.B.M.",
    "IBM Corp.",
    " IBM Corp",
    "\tIBM",
    "IBM\x1cCorp",
    "3M",
    "P&G",
    "Procter & Gamble",
    "Procter+Gamble",
    "Canal+",
    "A B C Holdings",
    "SILFAL CONSUMER",
    "VENCOR LTD",
    "GDH",
    "Arxan SRAL",
    "Galfal Ld",
    "Valbel Pty Td",
    "Innc",
    "Ødegård AS",
    "Łódź Logistics S.A.",
    "ＩＢＭ",
    "Société Générale",
    "ÉDF",
    "株式会社 Kalo",
    "Kalo 🚀 Labs",
    "Macy's",
    "O`Brien Trading",
    "Ltd",
    "",
    "   ",
    "--",
    "Kalo\u200bLabs",
    "x" * 300,
    None,
]


def _by_each(names: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        [name_features(None if pd.isna(name) else name) for name in names.tolist()],
        columns=list(NAME_FEATURES),
        index=names.index,
    )


def _assert_same(names: pd.Series) -> None:
    pd.testing.assert_frame_equal(name_feature_columns(names), _by_each(names))


def test_every_kind_of_name_gets_the_features_of_its_own_rules() -> None:
    _assert_same(pd.Series(NAMES, dtype=object))


def test_repeated_and_missing_names_keep_their_rows_and_index() -> None:
    names = pd.Series(["Siemens AG", None, "Siemens AG", np.nan, "Ødegård AS"], index=[10, 3, 7, 1, 0], dtype=object)
    found = name_feature_columns(names)
    assert list(found.index) == [10, 3, 7, 1, 0]
    assert found.loc[10, "name_key"] == found.loc[7, "name_key"] == "siemens"
    assert found.loc[3].tolist() == found.loc[1].tolist() == list(name_features(None))
    _assert_same(names)


def test_an_empty_column_has_no_rows() -> None:
    found = name_feature_columns(pd.Series([], dtype=object))
    assert found.empty and list(found.columns) == list(NAME_FEATURES)


def test_texts_are_plain_str_or_none() -> None:
    found = name_feature_columns(pd.Series(NAMES, dtype=object))
    assert {type(value) for column in NAME_FEATURES for value in found[column].tolist()} <= {str, type(None)}


@pytest.mark.parametrize("column", ["accounts", "people"])
def test_the_default_worlds_names_get_the_features_of_their_own_rules(default_world_path: Path, column: str) -> None:
    store = WorldStore(default_world_path)
    names = account_frame(store)["name"] if column == "accounts" else person_frame(store)["company_name"]
    _assert_same(names)
