"""Connector tests load with the dlt settings of the raw assets, so they test what a night runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resources.warehouse import WarehouseResource


@pytest.fixture(autouse=True)
def raw_load_settings() -> Iterator[None]:
    with WarehouseResource.dlt_settings():
        yield
