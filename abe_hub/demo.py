"""`make demo`: the nightly job against the sandbox, then a short summary of what it produced."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from abe_hub.sandbox.store import WorldStore
from abe_hub.sandbox.summary import truth_counts

RAW_SCHEMAS = ("raw_salesforce", "raw_hubspot", "raw_zendesk")
MODEL_SCHEMAS = ("staging", "intermediate")
MARTS_SCHEMA = "marts"


def _raw_counts(warehouse: Path) -> list[tuple[str, str, int]]:
    """Rows per raw table (dlt's own bookkeeping and nested link tables left out)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN (?, ?, ?) "
            "AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' AND table_name NOT LIKE '%\\_\\_%' ESCAPE '\\' "
            "ORDER BY 1, 2",
            list(RAW_SCHEMAS),
        ).fetchall()
        return [
            (schema, table, con.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()[0])
            for schema, table in tables
        ]


def _model_counts(warehouse: Path, marts: Path) -> list[tuple[str, str, int]]:
    """Rows per dbt model (staging views, intermediate tables and views in the working file; the marts,
    the facts BI reads, in the file of their own that dbt builds them in)."""
    counts = []
    for path, schemas in ((warehouse, MODEL_SCHEMAS), (marts, (MARTS_SCHEMA,))):
        with duckdb.connect(str(path), read_only=True) as con:
            models = con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE list_contains(?, table_schema) "
                "ORDER BY 1, 2",
                [list(schemas)],
            ).fetchall()
            counts += [
                (schema, model, con.execute(f'SELECT count(*) FROM "{schema}"."{model}"').fetchone()[0])
                for schema, model in models
            ]
    return counts


def _identity_summary(warehouse: Path) -> Table:
    """Records in, golden records out, and how people were placed on accounts."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        accounts, golden_accounts = con.execute(
            "SELECT count(*), count(DISTINCT account_key) FROM identity.account_xref"
        ).fetchone()
        people, golden_people, matched = con.execute(
            "SELECT count(*), count(DISTINCT person_key), count(account_key) FROM identity.person_xref"
        ).fetchone()
        issues = con.execute("SELECT issue, count(*) FROM identity.hierarchy_issues GROUP BY 1 ORDER BY 1").fetchall()
    table = Table(title="identity resolution")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("account records -> golden accounts", f"{accounts:,} -> {golden_accounts:,}")
    table.add_row("person records -> golden people", f"{people:,} -> {golden_people:,}")
    table.add_row("person records matched to an account", f"{matched / people:.1%}" if people else "-")
    for issue, count in issues:
        table.add_row(f"hierarchy: {issue}", f"{count:,}")
    return table


def _account_summary(published: Path) -> list[Table]:
    """The account-centric view, read from the published file as a BI tool reads it."""
    with duckdb.connect(str(published), read_only=True) as con:
        accounts, targets, customers = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_target), count(*) FILTER (WHERE is_customer) "
            "FROM marts.dim_account"
        ).fetchone()
        people, on_account = con.execute("SELECT count(*), count(account_key) FROM marts.dim_person").fetchone()
        present, meeting, covered = con.execute(
            "SELECT target_accounts_present_share, accounts_meeting_persona_standard, average_personas_covered_share "
            "FROM marts.coverage_summary"
        ).fetchone()
        stages = con.execute(
            "SELECT lifecycle_stage, count(*) FROM marts.account_lifecycle GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        at_risk = con.execute(
            "SELECT a.name, h.health_score, h.tickets, h.is_single_threaded FROM marts.account_health h "
            "JOIN marts.dim_account a USING (account_key) ORDER BY h.health_score, a.name LIMIT 5"
        ).fetchall()
    overview = Table(title=f"account-based view (BI reads {published})")
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    overview.add_row("golden accounts (targets, customers)", f"{accounts:,} ({targets:,}, {customers:,})")
    overview.add_row("golden people on an account", f"{on_account:,} of {people:,} ({on_account / people:.1%})")
    overview.add_row("target accounts present", f"{present:.0%}")
    overview.add_row("target accounts meeting the persona standard", f"{meeting:,} of {targets:,}")
    overview.add_row("personas covered per target account, on average", f"{covered:.0%}")
    for stage, count in stages:
        overview.add_row(f"lifecycle: {stage}", f"{count:,}")
    risk = Table(title="top at-risk customers (lowest health)")
    for column in ("account", "health 0-100", "tickets", "single-threaded"):
        risk.add_column(column, justify="left" if column == "account" else "right")
    for name, score, tickets, single in at_risk:
        risk.add_row(name, f"{score:.0f}", f"{tickets:,}", "yes" if single else "no")
    return [overview, risk]


def run_demo(world: Path, console: Console) -> None:
    from abe_hub.definitions import defs
    from resources.dbt import dbt_resource
    from resources.sandbox import SandboxResource
    from resources.warehouse import WarehouseResource

    started = time.monotonic()
    warehouse = WarehouseResource()
    console.rule("abe-hub demo")
    console.print(f"running the nightly job against the sandbox world at {world} ...")
    result = defs.resolve_job_def("nightly").execute_in_process(
        resources={
            "sandbox": SandboxResource(world_path=str(world)),
            "warehouse": warehouse,
            "dbt": dbt_resource(warehouse),
        },
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    if not result.success:
        raise SystemExit("the nightly job failed: see the log above")
    truth = Table(title="the world (ground truth)")
    truth.add_column("measure")
    truth.add_column("count", justify="right")
    for key, value in truth_counts(WorldStore(world)).items():
        truth.add_row(key, f"{value:,}")
    raw = Table(title=f"raw layer in {warehouse.duckdb_path}")
    for column in ("schema", "table", "rows"):
        raw.add_column(column, justify="right" if column == "rows" else "left")
    for schema, table, rows in _raw_counts(Path(warehouse.duckdb_path)):
        raw.add_row(schema, table, f"{rows:,}")
    models = Table(title="dbt models (soft-deleted records left out)")
    for column in ("schema", "model", "rows"):
        models.add_column(column, justify="right" if column == "rows" else "left")
    for schema, model, rows in _model_counts(Path(warehouse.duckdb_path), Path(warehouse.marts_path)):
        models.add_row(schema, model, f"{rows:,}")
    console.print(truth, raw, models, _identity_summary(Path(warehouse.duckdb_path)))
    console.print(*_account_summary(Path(warehouse.published_path)))
    console.print(
        f"done in {time.monotonic() - started:.1f}s. Run it again for an incremental night; open the "
        "Dagster UI with [bold]make ui[/bold] (http://127.0.0.1:3000)."
    )
