"""Column specs the schemas of records share: keys, references to other records, and text.

A record of any source table is keyed by ``source_system`` and ``source_id``; that key is the
contract (present, text, unique together), so every reject traces back to one record. Everything
else a schema names is optional and checked row by row where it is there.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine

from abe_hub.validation.checks import clean_text, max_length

RECORD_KEY = ["source_system", "source_id"]
TEXT_LIMIT = 255  # a name, title or city longer than this is a pasted paragraph, not a value


@pandas_engine.Engine.register_dtype
@dtypes.immutable
class Text(pandas_engine.NpString):
    """Pandera's ``str``, judged by pandas' type inference (C) before any value by value (Python).

    Pandera checks ``str`` with a Python call per value, half a second per million-row column; a
    column that holds nothing but text (every column, nearly every night) passes at the cost of
    ``infer_dtype``, and only a column that holds something else is read value by value, so its
    failures still name the values.
    """

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> Any:
        if data_container is not None and pd.api.types.infer_dtype(data_container, skipna=True) in ("string", "empty"):
            return True
        return super().check(pandera_dtype, data_container)


TEXT = Text()


def key() -> pa.Column:
    """A key column: text, never null (a null key is the table's fault, not a row's)."""
    return pa.Column(TEXT, nullable=False)


def reference() -> pa.Column:
    """An id of another record: any text, checked against its table where one is at hand."""
    return pa.Column(TEXT, nullable=True, required=False)


def text(limit: int = TEXT_LIMIT, *checks: pa.Check, dtype: Any = TEXT) -> pa.Column:
    """Free text: clean of invisible characters, at most ``limit`` long, and ``checks`` besides."""
    return pa.Column(dtype, nullable=True, required=False, checks=[clean_text(), max_length(limit), *checks])


def untyped(*checks: pa.Check) -> pa.Column:
    """A number or date column, of whatever type the warehouse driver gives (floats or Decimals,
    timestamps or date objects): the checks read the values themselves, so a column holding only
    nulls is not a type error."""
    return pa.Column(nullable=True, required=False, checks=list(checks))
