"""Account attributes identity does not read: Salesforce's ``Customer_Since__c``, as
``stg_salesforce__accounts.customer_since`` holds it (no intermediate model carries it).

A customer since a day that has not come is a typo on a real account, and no mart reads the field
(``dim_account.customer_since`` is the first won deal's close date), so the record is only
``flagged``: it stays in identity and the marts, and the quarantine tells its owner what to fix.
"""

from __future__ import annotations

import pandera.pandas as pa

from abe_hub.validation.checks import flag_only, not_in_future
from abe_hub.validation.columns import RECORD_KEY, key, untyped

SALESFORCE_ACCOUNTS_TABLE = "stg_salesforce__accounts"

SALESFORCE_ACCOUNTS = pa.DataFrameSchema(
    {
        "source_system": key(),
        "source_id": key(),
        "customer_since": untyped(flag_only(not_in_future())),
    },
    name=SALESFORCE_ACCOUNTS_TABLE,
    unique=RECORD_KEY,
)
