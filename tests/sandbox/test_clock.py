"""The fast timestamp formatting agrees with the standard library everywhere."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from abe_hub.sandbox.clock import hubspot_datetime, iso_date, salesforce_datetime, zendesk_datetime


def test_formats_agree_with_strftime() -> None:
    rng = random.Random(3)
    for ms in [0, 951_782_400_000, *(rng.randint(0, 4_102_444_800_000) for _ in range(2000))]:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
        base = moment.strftime("%Y-%m-%dT%H:%M:%S")
        assert salesforce_datetime(ms) == f"{base}.{ms % 1000:03d}+0000"
        assert hubspot_datetime(ms) == f"{base}.{ms % 1000:03d}Z"
        assert zendesk_datetime(ms) == f"{base}Z"
        assert iso_date(ms) == moment.strftime("%Y-%m-%d")
