"""The documented input shapes: what ``conform`` fills in, converts, and leaves alone."""

import pandas as pd
import pytest

from abe_hub.identity.shapes import ACCOUNT_COLUMNS, conform


def test_a_frame_is_given_every_column_with_ids_as_text_and_the_callers_frame_is_left_as_it_was() -> None:
    frame = pd.DataFrame({"source_id": [1, 2], "source_system": ["salesforce", "hubspot"], "name": ["Kalo", None]})
    frame.index = [10, 20]
    before = frame.copy()
    out = conform(frame, ACCOUNT_COLUMNS, "account")
    assert list(out.columns) == list(ACCOUNT_COLUMNS)
    assert out["source_id"].tolist() == ["1", "2"]
    assert isinstance(out["source_id"].dtype, pd.StringDtype)
    assert out["website"].str.lower().isna().all()  # a column that was absent is text, string methods work
    assert out.index.tolist() == [0, 1]
    pd.testing.assert_frame_equal(frame, before)


def test_a_frame_in_the_documented_order_is_converted_without_touching_the_callers_frame() -> None:
    frame = pd.DataFrame({column: [None, None] for column in ACCOUNT_COLUMNS}).assign(
        source_system=["salesforce", "hubspot"], source_id=[1, 2], name=["Kalo", "Vencor"]
    )
    before = frame.copy()
    out = conform(frame, ACCOUNT_COLUMNS, "account")
    assert out["source_id"].tolist() == ["1", "2"]
    assert out["website"].str.lower().isna().all()
    assert isinstance(out["parent_source_id"].dtype, pd.StringDtype)
    pd.testing.assert_frame_equal(frame, before)


def test_a_conformed_frame_is_passed_through_without_a_copy() -> None:
    once = conform(pd.DataFrame({"source_system": ["hubspot"], "source_id": ["7"]}), ACCOUNT_COLUMNS, "account")
    assert conform(once, ACCOUNT_COLUMNS, "account") is once


def test_a_frame_without_its_keys_is_refused_naming_them() -> None:
    with pytest.raises(ValueError, match="source_system"):
        conform(pd.DataFrame({"source_id": ["1"]}), ACCOUNT_COLUMNS, "account")
