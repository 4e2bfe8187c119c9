"""`abe-hub match`: identity resolution on any CSV or Parquet file in the documented shapes.

So the resolver can be tried, and judged, on data that did not come from our connectors: a CRM
export, a benchmark set. The columns are those of ``abe_hub.identity.shapes``; only
``source_system`` and ``source_id`` are required.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from abe_hub.identity.accounts import resolve_accounts
from abe_hub.identity.lead_matching import match_people_to_accounts
from abe_hub.identity.people import resolve_people
from abe_hub.identity.shapes import ACCOUNT_COLUMNS, PERSON_COLUMNS

match_app = typer.Typer(
    help="Resolve accounts, people and lead -> account matches in CSV or Parquet files.", no_args_is_help=True
)
console = Console()

AccountsOption = typer.Option(..., "--accounts", help="Accounts file (CSV or Parquet) in the account shape.")
OutOption = typer.Option(None, "--out", help="Where to write the result (CSV or Parquet); default: next to INPUT.")
PreviousOption = typer.Option(None, "--previous", help="The previous run's result, so keys stay stable.")


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or Parquet file as strings: ids such as "00123" must not become numbers."""
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    raise typer.BadParameter(f"{path}: expected a .csv or .parquet file")


def _write(frame: pd.DataFrame, out: Path | None, source: Path, suffix: str) -> Path:
    target = out or source.with_name(f"{source.stem}.{suffix}{source.suffix}")
    if target.suffix.lower() == ".parquet":
        frame.to_parquet(target, index=False)
    else:
        frame.to_csv(target, index=False)
    return target


def _report(frame: pd.DataFrame, key: str, what: str, target: Path) -> None:
    table = Table(title=f"{len(frame):,} {what} -> {frame[key].nunique():,} keys ({target})")
    table.add_column("match rule")
    table.add_column("records", justify="right")
    rules = frame["match_rule"].fillna("unmatched").str.replace(r" [0-9.]+", "", regex=True)
    for rule, count in rules.value_counts().items():
        table.add_row(str(rule), f"{count:,}")
    console.print(table)


def _shape_help(columns: dict[str, str]) -> str:
    return "; ".join(f"{name}: {text}" for name, text in columns.items())


@match_app.command("accounts", help=f"Golden accounts. Columns: {_shape_help(ACCOUNT_COLUMNS)}")
def match_accounts(input: Path, out: Path | None = OutOption, previous: Path | None = PreviousOption) -> None:
    result = resolve_accounts(read_table(input), read_table(previous) if previous else None)
    target = _write(result.xref, out, input, "accounts")
    _report(result.xref, "account_key", "account records", target)


OptionalAccountsOption = typer.Option(
    None, "--accounts", help="Accounts file in the account shape; without it, people are resolved without accounts."
)


@match_app.command("people", help=f"Golden people and their accounts. Columns: {_shape_help(PERSON_COLUMNS)}")
def match_people(
    input: Path,
    accounts: Path | None = OptionalAccountsOption,
    out: Path | None = OutOption,
    previous: Path | None = PreviousOption,
) -> None:
    account_records = read_table(accounts) if accounts else pd.DataFrame(columns=list(ACCOUNT_COLUMNS))
    resolved = resolve_people(
        read_table(input), resolve_accounts(account_records), read_table(previous) if previous else None
    )
    target = _write(resolved.xref, out, input, "people")
    _report(resolved.xref, "person_key", "person records", target)


@match_app.command("leads", help="The account of every lead or person, with the rule and score that decided it.")
def match_leads(input: Path, accounts: Path = AccountsOption, out: Path | None = OutOption) -> None:
    people = read_table(input)
    matched = match_people_to_accounts(people, resolve_accounts(read_table(accounts)))
    result = pd.concat([people[["source_system", "source_id"]], matched], axis=1)
    target = _write(result, out, input, "leads")
    _report(result.assign(account=result["account_key"].fillna("-")), "account", "leads", target)
