"""SQL over in-memory frames, for the joins pandas runs on one core.

Lead matching and record lookups join millions of strings (blocks, domains, names, ids). pandas
hashes them again for every merge and deduplication, on one core; DuckDB reads the same frames in
place (pandas or Arrow, no copy) and joins them on every core.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa


def query(sql: str, parameters: dict[str, Any] | None = None, **tables: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """``sql`` run in a fresh in-memory DuckDB where each of ``tables`` is a view by its name.

    ``parameters`` fill ``$name`` placeholders. Text columns come back as Python ``str`` (object).
    """
    with duckdb.connect() as con:
        for name, table in tables.items():
            con.register(name, table)
        return con.execute(sql, parameters or {}).df()
