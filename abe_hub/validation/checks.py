"""Row checks: one rule each, vectorised over a column, with the sentence a person reads when it fails.

Each factory returns a Pandera ``Check`` named after its rule; ``RULES`` holds, under the same name,
how a failure is explained and whether it keeps the record out of the layer (``flag_only`` makes
any check's failures flags, where the value at fault is one nothing downstream reads). A check is a
*row* check exactly when its name is in ``RULES``: everything else Pandera reports (a missing
column, a wrong dtype, a null or duplicated key) is the table's contract, and breaking it is not a
row's fault (``abe_hub.validation.validate``).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as pc

from abe_hub.identity.geography import country_code

# Characters no name, title or address legitimately holds: C0/C1 controls, line and paragraph
# separators, zero-width space, word joiner and byte-order mark, bidirectional embeddings, overrides
# and isolates (they reorder what a reader sees), lone surrogates (undecodable text) and U+FFFD
# (text already decoded wrongly upstream). ZWJ and ZWNJ stay allowed: Persian and Indic names and
# emoji sequences need them.
_INVISIBLE_RANGES = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0x200B, 0x200B),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2060, 0x2060),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFFD, 0xFFFD),
)
INVISIBLE = re.compile("[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _INVISIBLE_RANGES) + "]")
# The same class for RE2 (Arrow's regex engine), which has no surrogates to match: Arrow text is UTF-8.
_INVISIBLE_RE2 = (
    "["
    + "".join(f"\\x{{{low:04x}}}-\\x{{{high:04x}}}" for low, high in _INVISIBLE_RANGES if high < 0xD800 or low > 0xDFFF)
    + "]"
)

# An address as mail systems accept it (RFC 5322 dot-atoms, RFC 6531 for non-ASCII): a local part
# without spaces, quotes or brackets, one @, and a domain of at least two labels ending in a
# top-level domain of letters or an IDNA ("xn--") label.
_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u00a0-\U0010ffff-]+"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_TOP_LEVEL = r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_TOP_LEVEL}", re.IGNORECASE)
EMAIL = re.compile(rf"(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@{DOMAIN.pattern}", re.IGNORECASE)
EMAIL_LIMIT = 254  # RFC 5321: the longest address a mail server must accept
DOMAIN_LIMIT = 253  # RFC 1035: the longest name DNS resolves

# Dates written in a timezone ahead of UTC (up to +14 h) or by a clock a little fast are not defects;
# a date more than a day ahead is.
CLOCK_SKEW = timedelta(days=1)
# A check's statistic that turns its failures into flags (``flag_only``).
KEEPS_RECORD = "keeps_record"


@dataclass(frozen=True)
class RowRule:
    """What a failed row check means: the sentence that explains a failing value, and whether the
    record still goes on (``keeps_record``: the failure is recorded, the record is not withheld)."""

    explain: Callable[[str, Any, Mapping[str, Any]], str]
    keeps_record: bool = False


def shown(value: Any, limit: int = 60) -> str:
    """A value as a reader can see it: invisible characters escaped (``\\u200b``), long text cut short."""
    text = INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))
    return text if len(text) <= limit else f"{text[:limit]}…"


def quoted(value: Any) -> str:
    return f"'{shown(value)}'"


def _invisible_names(value: str) -> str:
    found = dict.fromkeys(INVISIBLE.findall(value))
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in found)


def _text(series: pd.Series) -> pd.Series:
    """The column for ``.str`` methods: text columns as they are (a copy costs more than the check)."""
    return series if series.dtype == object or isinstance(series.dtype, pd.StringDtype) else series.astype("string")


class _LastColumn:
    """The distinct values of the column read last, with each row's code (-1 where missing).

    A column's checks come one after another, so its distinct values are found once for all of them.
    The column itself is held, not its ``id`` (a freed column's id may be reused by the next one), in
    one tuple replaced whole, so a check never pairs one column's codes with another's values.
    """

    last: tuple[pd.Series, np.ndarray, pd.Series] | None = None

    def of(self, series: pd.Series) -> tuple[np.ndarray, pd.Series]:
        last = self.last
        if last is None or last[0] is not series:
            codes, values = pd.factorize(series, use_na_sentinel=True)
            last = self.last = (series, codes, pd.Series(np.asarray(values, dtype=object)))
        return last[1], last[2]


_last_column = _LastColumn()


def _per_value(test: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
    """``test`` judged once per distinct value and spread back over the rows, missing and blank values
    passing (``_not_null_and``): a million-row column of names holds a few thousand distinct ones, and
    judging each row was most of the time the identity inputs took to validate."""

    def per_row(series: pd.Series) -> pd.Series:
        codes, values = _last_column.of(series)
        # The distinct values hold no missing one: that is code -1, the verdict appended last.
        judged = _not_null_and(test(values), values, missing=np.zeros(len(values), dtype=bool))
        verdict = np.append(judged.to_numpy(dtype=bool), True)
        return pd.Series(verdict[codes], index=series.index)

    return per_row


def _not_null_and(test: pd.Series, series: pd.Series, missing: np.ndarray | None = None) -> pd.Series:
    """A check's verdict where missing values pass: a field never filled in is not a malformed one.
    Blank text counts as missing: CRM APIs return "" for a cleared field as often as null (looked
    for among the failures only, which are few). ``missing`` where the caller knows it already."""
    missing = series.isna().to_numpy() if missing is None else missing
    passed = missing | test.astype("boolean").fillna(False).to_numpy(dtype=bool)
    failing = ~passed
    passed[failing] = [isinstance(value, str) and not value.strip() for value in series[failing]]
    return pd.Series(passed, index=series.index)


def _arrow_text(series: pd.Series) -> arrow.Array | None:
    """The column as Arrow text, so RE2 and length kernels judge it in C++: a Python regex per value
    was most of the time a million-row layer took to validate. None when a value is something Arrow
    text cannot hold (a number, a lone surrogate); the Python path judges those columns."""
    try:
        return arrow.array(series, type=arrow.large_string(), from_pandas=True)
    except (arrow.ArrowException, UnicodeEncodeError):
        return None


def _has_invisible(series: pd.Series) -> pd.Series:
    text = _arrow_text(series)
    if text is None:
        return _text(series).str.contains(INVISIBLE, na=False)
    found = pc.match_substring_regex(text, _INVISIBLE_RE2).fill_null(False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=series.index)


def _lengths(series: pd.Series) -> pd.Series:
    """Characters per value (code points, as Python counts them); NaN where missing."""
    text = _arrow_text(series)
    if text is None:
        return _text(series).str.len()
    return pd.Series(pc.utf8_length(text).to_numpy(zero_copy_only=False), index=series.index)


def clean_text() -> pa.Check:
    """Text without control characters, invisible formatting or undecodable characters."""
    return pa.Check(_per_value(lambda s: ~_has_invisible(s)), name="clean_text", ignore_na=False)


def max_length(limit: int) -> pa.Check:
    """Text of at most ``limit`` characters: past it, a field holds a pasted paragraph, not a value."""
    return pa.Check(
        _per_value(lambda s: _lengths(s) <= limit),
        name="max_length",
        statistics={"limit": limit},
        ignore_na=False,
    )


def valid_email() -> pa.Check:
    """An address mail could be delivered to, as far as its spelling goes (no lookup)."""

    def test(s: pd.Series) -> pd.Series:
        text = _text(s)
        return text.str.fullmatch(EMAIL) & (text.str.len() <= EMAIL_LIMIT)

    return pa.Check(_per_value(test), name="valid_email", ignore_na=False)


def valid_domain() -> pa.Check:
    """A host name DNS could resolve: labels of letters, digits and hyphens, ending in a top-level domain."""

    def test(s: pd.Series) -> pd.Series:
        text = _text(s)
        return text.str.fullmatch(DOMAIN) & (text.str.len() <= DOMAIN_LIMIT)

    return pa.Check(_per_value(test), name="valid_domain", ignore_na=False)


def known_country() -> pa.Check:
    """A country written as an ISO 3166 code, or an English or local name the identity core reads."""

    def test(values: pd.Series) -> pd.Series:
        return values.map(lambda value: country_code(value) is not None)

    return pa.Check(_per_value(test), name="known_country", ignore_na=False)


def accepted_values(values: Collection[str]) -> pa.Check:
    """One of a fixed set of values."""
    allowed = sorted(values)
    return pa.Check(
        lambda s: _not_null_and(s.isin(allowed), s),
        name="accepted_values",
        statistics={"values": allowed},
        ignore_na=False,
    )


def between(low: float, high: float | None = None) -> pa.Check:
    """A number from ``low`` to ``high`` (inclusive; no upper bound when ``high`` is None)."""

    def test(s: pd.Series) -> pd.Series:
        number = pd.to_numeric(s, errors="coerce")
        return _not_null_and((number >= low) & (number <= high if high is not None else True), s)

    return pa.Check(test, name="between", statistics={"low": low, "high": high}, ignore_na=False)


def amount_in_range(ceiling: float = 1e10) -> pa.Check:
    """A money amount from zero to ``ceiling``: a deal is not negative, nor larger than any company."""

    def test(s: pd.Series) -> pd.Series:
        number = pd.to_numeric(s, errors="coerce")
        return _not_null_and((number >= 0) & (number <= ceiling), s)

    return pa.Check(test, name="amount_in_range", statistics={"ceiling": ceiling}, ignore_na=False)


def _timestamps(s: pd.Series) -> pd.Series:
    """Dates and timestamps in UTC (naive ones read as UTC); NaT where a value is not a date."""
    return pd.to_datetime(s, errors="coerce", utc=True, format="mixed")


def not_in_future(skew: timedelta = CLOCK_SKEW) -> pa.Check:
    """A date that has happened: not later than now plus ``skew``, and readable as a date at all."""

    def test(s: pd.Series) -> pd.Series:
        return _not_null_and(_timestamps(s) <= pd.Timestamp(datetime.now(UTC) + skew), s)

    return pa.Check(test, name="not_in_future", statistics={"skew_hours": skew.total_seconds() / 3600}, ignore_na=False)


def flag_only(check: pa.Check) -> pa.Check:
    """``check``, with failures that flag the record instead of keeping it out of the layer.

    For a value no consumer of the layer reads, on a record that is otherwise sound: the record is
    real and goes on, and the value is still reported so its source can be fixed.
    """
    flagging = copy.copy(check)
    flagging.statistics = {**check.statistics, KEEPS_RECORD: True}
    return flagging


def key_exists(keys: Collection[str], target: str) -> pa.Check:
    """A reference to a key that ``target`` (a table and column) holds."""
    known = pd.Index(pd.Series(list(keys), dtype="string").dropna().unique())
    return pa.Check(
        lambda s: _not_null_and(s.isin(known), s), name="key_exists", statistics={"target": target}, ignore_na=False
    )


def _explain_email(column: str, value: Any, _: Mapping[str, Any]) -> str:
    text = str(value)
    if len(text) > EMAIL_LIMIT:
        why = f"it is {len(text):,} characters long, more than the {EMAIL_LIMIT} mail servers accept"
    elif re.search(r"\s", text):
        why = "it contains a space"
    elif text.count("@") != 1:
        why = "it has no @" if "@" not in text else f"it has {text.count('@')} @ signs"
    elif not DOMAIN.fullmatch(text.rpartition("@")[2]):
        why = f"{text.rpartition('@')[2]!r} is not a domain"
    else:
        why = "its part before the @ is not a valid mailbox name"
    return f"{column} {quoted(value)} is not a valid address: {why}"


def _explain_date(column: str, value: Any, statistics: Mapping[str, Any]) -> str:
    if pd.isna(_timestamps(pd.Series([value])).iloc[0]):
        return f"{column} {quoted(value)} is not a date"
    hours = statistics["skew_hours"]
    ahead = f"{hours:g} hours" if hours < 48 else f"{hours / 24:,.0f} days"
    return f"{column} {quoted(value)} is in the future (more than {ahead} ahead of now)"


def _explain_between(column: str, value: Any, statistics: Mapping[str, Any]) -> str:
    low, high = statistics["low"], statistics["high"]
    return (
        f"{column} {value!r} is outside {low:g} to {high:g}"
        if high is not None
        else f"{column} {value!r} is below {low:g}"
    )


def _explain_amount(column: str, value: Any, statistics: Mapping[str, Any]) -> str:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    if pd.isna(number):
        return f"{column} {quoted(value)} is not a number"
    if number < 0:
        return f"{column} {number:,.2f} is negative"
    return f"{column} {number:,.2f} is above the ceiling of {statistics['ceiling']:,.0f}"


RULES: dict[str, RowRule] = {
    "clean_text": RowRule(
        lambda column, value, _: (
            f"{column} {quoted(value)} contains invisible or control characters: {_invisible_names(str(value))}"
        )
    ),
    "max_length": RowRule(
        lambda column, value, stats: (
            f"{column} is {len(str(value)):,} characters long, more than the {stats['limit']} allowed: {quoted(value)}"
        )
    ),
    "valid_email": RowRule(_explain_email),
    "valid_domain": RowRule(lambda column, value, _: f"{column} {quoted(value)} is not a valid domain name"),
    "known_country": RowRule(
        lambda column, value, _: f"{column} {quoted(value)} is neither an ISO 3166 code nor a country name we know"
    ),
    "accepted_values": RowRule(
        lambda column, value, stats: f"{column} {quoted(value)} is not one of {', '.join(stats['values'])}"
    ),
    "between": RowRule(_explain_between),
    "amount_in_range": RowRule(_explain_amount),
    "not_in_future": RowRule(_explain_date),
    "key_exists": RowRule(lambda column, value, stats: f"{column} {quoted(value)} is not in {stats['target']}"),
}
