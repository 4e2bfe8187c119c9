"""Column types from the source's metadata, reconciled with what earlier loads stored.

A column the warehouse already has keeps its stored type even when the source re-typed the field:
dlt keeps the table's type and puts values of the new type in a variant column
(``<name>__v_<type>``) instead of failing the load. A new column takes the source's type, so it
exists (typed) even while all its values are null.
"""

from __future__ import annotations

import dlt


def warehouse_types(table: str, types: dict[str, str]) -> dict[str, str]:
    """Source field name -> the type its column has, or will have, in the pipeline's schema."""
    pipeline = dlt.current.pipeline()
    source_schema = dlt.current.source_schema()
    stored = pipeline.schemas.get(source_schema.name) if source_schema.name in pipeline.schemas else source_schema
    known = stored.tables.get(table, {}).get("columns", {})
    normalize = stored.naming.normalize_path  # as dlt names flattened keys: "Score__c" stays "score__c"
    return {name: known.get(normalize(name), {}).get("data_type") or kind for name, kind in types.items()}
