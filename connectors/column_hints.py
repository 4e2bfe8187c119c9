"""Typed columns from the source's metadata, for columns the warehouse does not have yet.

Declaring types up front makes a column exist even while all its values are null. Declaring them
again for a column that already exists would re-type it in dlt's schema while the table keeps its
type; so known columns are left to dlt, which puts values of a changed type in a variant column
(``<name>__v_<type>``) instead of failing the load.
"""

from __future__ import annotations

import dlt
from dlt.extract.hints import TResourceHints


def new_column_hints(table: str, types: dict[str, str]) -> TResourceHints | None:
    """Hints for the columns the pipeline's stored schema (earlier loads) does not have yet."""
    pipeline = dlt.current.pipeline()
    source_schema = dlt.current.source_schema()
    stored = pipeline.schemas.get(source_schema.name) if source_schema.name in pipeline.schemas else source_schema
    known = stored.tables.get(table, {}).get("columns", {})
    normalize = stored.naming.normalize_path  # as dlt names flattened keys: "Score__c" stays "score__c"
    columns = [{"name": name, "data_type": kind} for name, kind in types.items() if normalize(name) not in known]
    return dlt.mark.make_hints(columns=columns) if columns else None
