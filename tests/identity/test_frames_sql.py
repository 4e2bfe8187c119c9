"""SQL over in-memory frames: pandas and Arrow tables are views by name, parameters fill `$name`."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from abe_hub.identity.frames_sql import query


def test_pandas_and_arrow_frames_join_by_name_with_parameters() -> None:
    people = pd.DataFrame({"person": [0, 1, 2], "domain": ["kalo.de", "borel.fr", None]})
    accounts = pa.table({"domain": ["kalo.de", "kalo.de", "borel.fr"], "account_key": ["acc_b", "acc_a", "acc_c"]})
    found = query(
        "SELECT person, account_key, $kind AS kind FROM people JOIN accounts USING (domain) ORDER BY ALL",
        {"kind": "email domain"},
        people=people,
        accounts=accounts,
    )
    assert found.to_dict("records") == [
        {"person": 0, "account_key": "acc_a", "kind": "email domain"},
        {"person": 0, "account_key": "acc_b", "kind": "email domain"},
        {"person": 1, "account_key": "acc_c", "kind": "email domain"},
    ]
