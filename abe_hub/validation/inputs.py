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
    known_country,
    valid_domain,
    valid_email,
)
from abe_hub.validation.columns import RECORD_KEY, TEXT, TEXT_LIMIT, key, reference, text
from abe_hub.validation.relations import no_parent_cycle, parent_exists

URL_LIMIT = 2048  # the longest URL browsers and CRMs keep
PHONE_LIMIT = 64  # a number with extension and notes still fits
PERSON_KINDS = ("contact", "lead", "user")


def _schema(name: str, shape: dict[str, str], columns: dict[str, pa.Column], **options: object) -> pa.DataFrameSchema:
    """A schema with one column per documented column of ``shape``. A column without a spec of its own
    is one the core learned to read since: of no known type, its values are held to clean text of
    sane length."""
    return pa.DataFrameSchema(
        {c: columns.get(c, text(dtype=None)) for c in shape}, name=name, unique=RECORD_KEY, **options
    )


# The column specs of the shapes (abe_hub.identity.shapes); a column they document and these do not
# name gets the default of ``_schema``.
ACCOUNT_CHECKS = {
    "source_system": key(),
    "source_id": key(),
    "name": text(),
    "website": text(URL_LIMIT),
    "domain": text(DOMAIN_LIMIT, valid_domain()),
    "country": text(TEXT_LIMIT, known_country()),
    "city": text(),
    "phone": text(PHONE_LIMIT),
    "parent_source_id": reference(),
    "external_id": text(),
}
PERSON_CHECKS = {
    "source_system": key(),
    "source_id": key(),
    "kind": pa.Column(TEXT, nullable=True, required=False, checks=[accepted_values(PERSON_KINDS)]),
    "first_name": text(),
    "last_name": text(),
    "full_name": text(),
    "email": text(EMAIL_LIMIT, valid_email()),
    "phone": text(PHONE_LIMIT),
    "title": text(),
    "company_name": text(),
    "website": text(URL_LIMIT),
    "country": text(TEXT_LIMIT, known_country()),
    "account_source_id": reference(),
}
ACCOUNTS = _schema("int_accounts_unioned", ACCOUNT_COLUMNS, ACCOUNT_CHECKS, checks=[parent_exists(), no_parent_cycle()])
PEOPLE = _schema("int_people_unioned", PERSON_COLUMNS, PERSON_CHECKS)
