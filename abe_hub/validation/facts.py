"""The facts the marts count, before they are counted: ``int_opportunities_unioned``.

Identity resolution never reads an opportunity, so nothing else stands between a typo in a deal
and the pipeline BI sums. A record whose amount is negative or larger than any company, whose
creation lies in the future, or whose close date is decades away, or whose text is unreadable,
is quarantined (``rejected``): ``fct_opportunity`` leaves it out until its source is fixed, rather
than let one 99-trillion deal outweigh the rest of the pipeline. The contract is the record key,
as for identity's inputs.
"""

from __future__ import annotations

from datetime import timedelta

import pandera.pandas as pa

from abe_hub.validation.checks import amount_in_range, not_in_future
from abe_hub.validation.columns import RECORD_KEY, key, reference, text, untyped

OPPORTUNITIES_TABLE = "int_opportunities_unioned"
# An expected close date further ahead than this is a mistyped year, not a forecast.
CLOSE_HORIZON = timedelta(days=3650)


OPPORTUNITIES = pa.DataFrameSchema(
    {
        "source_system": key(),
        "source_id": key(),
        "account_source_id": reference(),
        "name": text(),
        "stage": text(),
        "amount": untyped(amount_in_range()),
        "currency": text(),
        "created_at": untyped(not_in_future()),
        "close_date": untyped(not_in_future(CLOSE_HORIZON)),
        "owner_id": reference(),
        "owner_name": text(),
    },
    name=OPPORTUNITIES_TABLE,
    unique=RECORD_KEY,
)
