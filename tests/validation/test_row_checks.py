"""Each row check on values real CRMs hold: real names of every script pass, junk fails, and the
reason says what is wrong with which value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pandera.pandas as pa
import pytest

from abe_hub.validation import validate
from abe_hub.validation.checks import (
    accepted_values,
    amount_in_range,
    between,
    clean_text,
    flag_only,
    known_country,
    max_length,
    not_in_future,
    valid_domain,
    valid_email,
)


def _reasons(check: pa.Check, values: list[object], column: str = "value") -> dict[object, str | None]:
    """Each value's reason for failing ``check``, None for those that pass."""
    frame = pd.DataFrame({"id": [str(i) for i in range(len(values))], column: pd.Series(values, dtype=object)})
    schema = pa.DataFrameSchema({"id": pa.Column(str, unique=True), column: pa.Column(nullable=True, checks=[check])})
    rejects = validate(frame, schema, "examples", ["id"]).rejects.set_index("record_key")["reason"]
    return {value: rejects.get(str(i)) for i, value in enumerate(values)}


NAMES = [
    "Zoë Müller-Lüdenscheidt",
    "O'Brien",
    "山田太郎",
    "Łukasz Wąsowski",
    "Siobhán Ní Bhriain",
    "محمد عبد الله",
    "Ольга Петрова",
    "José María Aznar-López",
    "Nguyễn Thị Minh Khai",
    "Ana\u200cLúcia",
    "Team 👩\u200d💻 Ops",
    "Kalo Software GmbH & Co. KG",
    "",
]


@pytest.mark.parametrize("name", NAMES)
def test_real_names_are_clean_text(name: str) -> None:
    assert _reasons(clean_text(), [name]) == {name: None}


@pytest.mark.parametrize(
    ("junk", "named"),
    [
        ("Acme\x00", "U+0000"),
        ("Acme\tCorp", "U+0009"),
        ("Acme\nCorp", "U+000A"),
        ("\u200bAcme", "U+200B ZERO WIDTH SPACE"),
        ("Acme\u202e 🚀", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\ufeffAcme", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("Acme \ud83d Corp", "U+D83D"),
        ("M\ufffcller\ufffd", "U+FFFD REPLACEMENT CHARACTER"),
        ("Acme\x85", "U+0085"),
    ],
)
def test_control_and_invisible_characters_fail(junk: str, named: str) -> None:
    reason = _reasons(clean_text(), [junk], "name")[junk]
    assert reason is not None and reason.startswith("name '") and named in reason
    assert "\x00" not in reason and "\ud83d" not in reason, "the reason shows invisible characters escaped"


def test_max_length_counts_characters_not_bytes() -> None:
    reasons = _reasons(max_length(255), ["ü" * 255, "Head of Strategic Initiatives and " * 180], "title")
    assert reasons["ü" * 255] is None
    assert reasons["Head of Strategic Initiatives and " * 180].startswith(
        "title is 6,120 characters long, more than the 255 allowed"
    )


@pytest.mark.parametrize(
    "email",
    [
        "bob@example.com",
        "Bob.Smith+crm@Example.CO.UK",
        "o'brien@dublin.ie",
        "first_last-1@sub.domain.io",
        "zoë@müller.de",
        "yamada@例え.jp",
        "info@xn--mller-kva.de",
        "a@b.co",
    ],
)
def test_valid_emails_pass(email: str) -> None:
    assert _reasons(valid_email(), [email]) == {email: None}


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("bob@@x.com", "it has 2 @ signs"),
        ("susan.lefevreulfal.com", "it has no @"),
        ("emileg at arwen.ca", "it contains a space"),
        ("bob@localhost", "'localhost' is not a domain"),
        ("bob@example", "'example' is not a domain"),
        ("bob@-example.com", "is not a domain"),
        (".bob@example.com", "its part before the @"),
        ("bob..smith@example.com", "its part before the @"),
        ("x" * 65 + "@example.com", "its part before the @"),
        ("a@" + "b" * 250 + ".com", "more than the 254"),
    ],
)
def test_invalid_emails_fail_with_the_reason(email: str, why: str) -> None:
    reason = _reasons(valid_email(), [email], "email")[email]
    assert reason is not None and reason.startswith("email '") and "is not a valid address" in reason and why in reason


def test_domains() -> None:
    reasons = _reasons(valid_domain(), ["acme.com", "kalo.co.uk", "müller.de", "www.acme.com", "acme", "acme .com"])
    assert [v for v, r in reasons.items() if r] == ["acme", "acme .com"]


def test_countries_as_codes_english_and_local_names() -> None:
    good = ["DE", "deu", "Germany", "Deutschland", "Österreich", "U.S.A.", "The Netherlands", "Nippon", "UK"]
    reasons = _reasons(known_country(), [*good, "Narnia", "XX"], "country")
    assert all(reasons[v] is None for v in good)
    assert reasons["Narnia"] == "country 'Narnia' is neither an ISO 3166 code nor a country name we know"
    assert reasons["XX"] is not None


def test_dates_in_the_future_fail_beyond_the_clock_skew() -> None:
    now = datetime.now(UTC)
    soon, later = (now + timedelta(hours=3)).isoformat(), (now + timedelta(days=3)).isoformat()
    reasons = _reasons(not_in_future(), ["2019-05-01", "2024-02-29T10:00:00Z", soon, later, "2099-12-31", "soon"])
    assert [v for v, r in reasons.items() if r] == [later, "2099-12-31", "soon"]
    assert reasons["2099-12-31"] == "value '2099-12-31' is in the future (more than 24 hours ahead of now)"
    assert reasons["soon"] == "value 'soon' is not a date"


def test_a_horizon_of_days_is_said_in_days() -> None:
    reasons = _reasons(not_in_future(timedelta(days=3650)), ["2030-06-30", "2099-12-31"], "close_date")
    assert reasons == {
        "2030-06-30": None,
        "2099-12-31": "close_date '2099-12-31' is in the future (more than 3,650 days ahead of now)",
    }


def test_a_flag_only_check_keeps_the_record_and_reports_the_value() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "customer_since": ["2019-05-01", "2099-12-31"]})
    future = not_in_future()
    checks = {"flagged": flag_only(future), "rejected": future}
    for outcome, check in checks.items():
        schema = pa.DataFrameSchema({"id": pa.Column(str), "customer_since": pa.Column(checks=[check])})
        validated = validate(frame, schema, "accounts", ["id"])
        assert validated.rejects[["record_key", "check", "outcome"]].values.tolist() == [
            ["b", "not_in_future", outcome]
        ]
        assert list(validated.valid["id"]) == (["a", "b"] if outcome == "flagged" else ["a"])
    assert "keeps_record" not in future.statistics, "the check it wraps is left as it was"


def test_amounts_are_non_negative_and_below_the_ceiling() -> None:
    reasons = _reasons(amount_in_range(), [0, 25_000.0, 9_999_999_999.0, -25_000.0, 9.9e13], "amount")
    assert [v for v, r in reasons.items() if r] == [-25_000.0, 9.9e13]
    assert reasons[-25_000.0] == "amount -25,000.00 is negative"
    assert reasons[9.9e13] == "amount 99,000,000,000,000.00 is above the ceiling of 10,000,000,000"


def test_scores_and_accepted_values() -> None:
    scores = _reasons(between(0, 1), [0.0, 0.93, 1.0, 1.5, -0.1], "match_score")
    assert [v for v, r in scores.items() if r] == [1.5, -0.1]
    assert scores[1.5] == "match_score 1.5 is outside 0 to 1"
    kinds = _reasons(accepted_values(["contact", "lead", "user"]), ["lead", "prospect"], "kind")
    assert kinds == {"lead": None, "prospect": "kind 'prospect' is not one of contact, lead, user"}


def test_missing_and_blank_values_pass_every_row_check() -> None:
    for check in (clean_text(), max_length(3), valid_email(), valid_domain(), known_country(), not_in_future()):
        assert all(reason is None for reason in _reasons(check, [None, float("nan"), pd.NA, "", "  "]).values())


def test_a_value_repeated_over_many_rows_is_judged_alike_on_each_and_columns_keep_their_own_verdicts() -> None:
    """Checks judge each distinct value once: every row holding it gets its verdict, and a column
    checked right after another (same length, other values) is judged on its own values."""
    bad, good = "x@@example.com", "ann@example.com"
    frame = pd.DataFrame(
        {
            "id": [str(i) for i in range(6)],
            "email": [bad, good, None, bad, "", good],
            "backup_email": [good, bad, good, None, good, good],
        }
    )
    columns = {c: pa.Column(nullable=True, checks=[max_length(254), valid_email()]) for c in ("email", "backup_email")}
    schema = pa.DataFrameSchema({"id": pa.Column(str, unique=True), **columns})
    rejects = validate(frame, schema, "people", ["id"]).rejects
    failed = sorted(zip(rejects["column"], rejects["record_key"], strict=True))
    assert failed == [("backup_email", "1"), ("email", "0"), ("email", "3")]
