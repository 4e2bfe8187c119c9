"""The inputs of identity resolution, as the warehouse holds them: ``int_accounts_unioned`` and
``int_people_unioned``, whose columns are the documented shapes (``abe_hub.identity.shapes``).

The contract is what resolution cannot do without: ``source_system`` and ``source_id`` present, text,
and unique together, so each result traces back to one record. The other documented columns may be
missing (the core reads them when present), and are checked row by row where they are there: a
record with an unusable value is quarantined and resolved once its source is fixed, instead of
planting a wrong value in a golden record.
"""

from __future__ import annotations

import pandera.pandas as pa

from abe_hub.identity.shapes import ACCOUNT_COLUMNS, PERSON_COLUMNS
from abe_hub.validation.checks import (
    DOMAIN_LIMIT,
    EMAIL_LIMIT,
    accepted_values,
    clean_text,
    known_country,
    max_length,
    valid_domain,
    valid_email,
)
from abe_hub.validation.relations import no_parent_cycle, parent_exists

RECORD_KEY = ["source_system", "source_id"]
TEXT_LIMIT = 255  # a name, title or city longer than this is a pasted paragraph, not a value
URL_LIMIT = 2048  # the longest URL browsers and CRMs keep
PHONE_LIMIT = 64  # a number with extension and notes still fits
PERSON_KINDS = ("contact", "lead", "user")


def _key() -> pa.Column:
    return pa.Column(str, nullable=False)


def _id() -> pa.Column:
    """An id of another record: any text, checked against its table where one is at hand."""
    return pa.Column(str, nullable=True, required=False)


def _text(limit: int = TEXT_LIMIT, *checks: pa.Check, dtype: type | None = str) -> pa.Column:
    return pa.Column(dtype, nullable=True, required=False, checks=[clean_text(), max_length(limit), *checks])


def _schema(name: str, shape: dict[str, str], columns: dict[str, pa.Column], **options: object) -> pa.DataFrameSchema:
    """A schema with one column per documented column of ``shape``. A column without a spec of its own
    is one the core learned to read since: of no known type, its values are held to clean text of
    sane length."""
    return pa.DataFrameSchema(
        {c: columns.get(c, _text(dtype=None)) for c in shape}, name=name, unique=RECORD_KEY, **options
    )


# The column specs of the shapes (abe_hub.identity.shapes); a column they document and these do not
# name gets the default of ``_schema``.
ACCOUNT_CHECKS = {
    "source_system": _key(),
    "source_id": _key(),
    "name": _text(),
    "website": _text(URL_LIMIT),
    "domain": _text(DOMAIN_LIMIT, valid_domain()),
    "country": _text(TEXT_LIMIT, known_country()),
    "city": _text(),
    "phone": _text(PHONE_LIMIT),
    "parent_source_id": _id(),
    "external_id": _text(),
}
PERSON_CHECKS = {
    "source_system": _key(),
    "source_id": _key(),
    "kind": pa.Column(str, nullable=True, required=False, checks=[accepted_values(PERSON_KINDS)]),
    "first_name": _text(),
    "last_name": _text(),
    "full_name": _text(),
    "email": _text(EMAIL_LIMIT, valid_email()),
    "phone": _text(PHONE_LIMIT),
    "title": _text(),
    "company_name": _text(),
    "website": _text(URL_LIMIT),
    "country": _text(TEXT_LIMIT, known_country()),
    "account_source_id": _id(),
}
ACCOUNTS = _schema("int_accounts_unioned", ACCOUNT_COLUMNS, ACCOUNT_CHECKS, checks=[parent_exists(), no_parent_cycle()])
PEOPLE = _schema("int_people_unioned", PERSON_COLUMNS, PERSON_CHECKS)
