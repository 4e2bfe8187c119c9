"""The account-centric ABE marts (dim_account, dim_person, ICP fit, coverage, engagement, lifecycle,
health, cohorts, roll-ups), built by the `nightly` job (every asset and check: the connectors, dbt
staging, identity resolution, the quarantine, the dbt marts, publication) from the default sandbox
world, on DuckDB and on PostgreSQL.

Two kinds of check. Against the world's ground truth: golden accounts and people stand for the real
companies and people, customers are the real customers, personas the real personas. Against their
own documentation: each rule in ``_abe__models.yml`` is recomputed in pandas from the tables the
mart is built from (``tests/abe_marts_expected.py``) and must give the mart's rows. One warehouse
is built per backend and shared by the module's tests.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import psycopg
import pytest
from dagster import AssetCheckEvaluation, AssetCheckSeverity, DagsterInstance
from dateutil.relativedelta import relativedelta

import abe_marts_expected as expected
from abe_hub.definitions import defs
from abe_hub.identity.geography import country_code
from abe_hub.sandbox import WorldStore
from assets.dbt import mart_models
from resources.dbt import dbt_resource
from resources.sandbox import SandboxResource
from resources.warehouse import WarehouseResource

POSTGRES_DSN = "postgresql://postgres:trust@127.0.0.1:5432/test"
ABE_MARTS = (
    "dim_account",
    "dim_person",
    "account_icp_fit",
    "account_coverage",
    "coverage_summary",
    "account_engagement_weekly",
    "account_lifecycle",
    "account_health",
    "abe_cohorts",
    "account_rollup",
)
LIFECYCLE_STAGES = {
    "pre_targeting",
    "account_nurture",
    "pipeline_acceleration",
    "dead_opportunity_win_back",
    "retention",
    "cross_sell_upsell",
    "land_and_expand",
}
ACCOUNT_OBJECTS = ("Account", "companies", "organizations")
TOLERANCE = 1e-9
Read = Callable[[str], pd.DataFrame]


@dataclass
class Warehouse:
    """One built warehouse: how to read it, where each layer is, and the run's dbt test results."""

    read: Read
    prefix: str
    marts: str
    """The marts' build schema, quoted (qualified on DuckDB: the marts file attached to the working one)."""
    checks: list[AssetCheckEvaluation]
    build_seconds: float
    read_published: Read
    published_marts: str
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """``<layer>.<table>`` (marts, identity, program, intermediate, staging), read once."""
        if name not in self._tables:
            layer, table = name.split(".")
            schema = self.marts if layer == "marts" else f'"{self.prefix}{layer}"'
            self._tables[name] = self.read(f'SELECT * FROM {schema}."{table}"')
        return self._tables[name]

    def program(self) -> expected.Program:
        """The program as this warehouse holds it, the rules the recomputations apply."""
        rules = self.table("program.icp_rules")
        return expected.Program(
            icp_rules=rules.assign(weight=rules.weight.astype(float)),
            icp_tiers=self.table("program.icp_tiers"),
            target_accounts=self.table("program.target_accounts"),
            coverage_personas=sorted(self.table("program.coverage_personas").persona),
            settings=self.table("program.settings").iloc[0].to_dict(),
        )

    def as_of(self) -> datetime:
        """The instant the marts describe (int_as_of), which every window counts back from."""
        return pd.Timestamp(self.table("intermediate.int_as_of").as_of.iloc[0]).to_pydatetime()


def _frame(cursor: Any) -> pd.DataFrame:
    """Rows as Python values (dates, aware datetimes, floats, bools) on either engine, so one
    recomputation reads both alike."""
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame(cursor.fetchall(), columns=columns, dtype=object)


def _build(world: Path, warehouse: WarehouseResource) -> tuple[list[AssetCheckEvaluation], float]:
    """The nightly job, every asset and check of the code location, on this world and warehouse."""
    started = time.perf_counter()
    result = defs.resolve_job_def("nightly").execute_in_process(
        instance=DagsterInstance.ephemeral(),
        resources={
            "sandbox": SandboxResource(world_path=str(world)),
            "warehouse": warehouse,
            "dbt": dbt_resource(warehouse),
        },
    )
    assert result.success
    built = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert built >= {f"marts/{mart}" for mart in ABE_MARTS} | {"published/warehouse", "quarantine/opportunities"}
    return result.get_asset_check_evaluations(), time.perf_counter() - started


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouse(
    request: pytest.FixtureRequest, default_world_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Warehouse]:
    """The default world's marts on one backend, built once for the module."""
    work = tmp_path_factory.mktemp(f"abe_marts_{request.param}")
    if request.param == "duckdb":
        path = work / "warehouse.duckdb"
        resource = WarehouseResource(
            duckdb_path=str(path), pipelines_dir=str(work / "dlt"), published_path=str(work / "published.duckdb")
        )
        checks, seconds = _build(default_world_path, resource)

        def read(sql: str) -> pd.DataFrame:
            with duckdb.connect(str(path), read_only=True) as con:
                con.execute("ATTACH ? AS marts_file (READ_ONLY)", [resource.marts_path])
                return _frame(con.execute(sql))

        def read_published(sql: str) -> pd.DataFrame:
            with duckdb.connect(resource.published_path, read_only=True) as con:
                return _frame(con.execute(sql))

        built = f'marts_file."{resource.marts_build_schema}"'
        yield Warehouse(read, "", built, checks, seconds, read_published, "marts")
        return
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    resource = WarehouseResource(postgres_dsn=POSTGRES_DSN, pipelines_dir=str(work / "dlt"), dataset_prefix=prefix)

    def read(sql: str) -> pd.DataFrame:
        with psycopg.connect(POSTGRES_DSN) as con:
            return _frame(con.execute(sql))

    try:
        checks, seconds = _build(default_world_path, resource)
        yield Warehouse(read, prefix, f'"{resource.marts_build_schema}"', checks, seconds, read, resource.marts_schema)
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as con:
            schemas = con.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [prefix])
            for (schema,) in schemas.fetchall():
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def truth(default_world_path: Path) -> Iterator[sqlite3.Connection]:
    """The world's ground truth tables, read-only."""
    con = sqlite3.connect(f"file:{default_world_path}?mode=ro", uri=True)
    yield con
    con.close()


def _truth(truth: sqlite3.Connection, sql: str) -> pd.DataFrame:
    return pd.read_sql(sql, truth)


def _pure_keys(xref: pd.DataFrame, records: pd.DataFrame, key: str, truth_id: str) -> pd.Series:
    """Golden key -> the one true entity behind all its records, for keys whose records are one entity."""
    joined = xref.merge(records, on=["source_system", "source_id"])
    entities = joined.groupby(key)[truth_id].agg(["nunique", "first"])
    return entities.loc[entities["nunique"] == 1, "first"].rename(truth_id)


def _account_records(truth: sqlite3.Connection) -> pd.DataFrame:
    return _truth(
        truth,
        "SELECT system AS source_system, source_id, company_id FROM truth_record "
        f"WHERE object IN {ACCOUNT_OBJECTS} AND company_id IS NOT NULL",
    )


def _true_companies(warehouse: Warehouse, truth: sqlite3.Connection) -> pd.Series:
    """account_key -> company_id, for golden accounts whose records are all one true company."""
    return _pure_keys(warehouse.table("identity.account_xref"), _account_records(truth), "account_key", "company_id")


def _assert_close(got: pd.Series, want: pd.Series, what: str) -> None:
    """Equal up to float rounding, nulls equal to nulls, on the same index."""
    got = got.sort_index()
    want = want.reindex(got.index)
    both_null = got.isna() & want.isna()
    differ = ~both_null & ~np.isclose(
        pd.to_numeric(got, errors="coerce").astype(float),
        pd.to_numeric(want, errors="coerce").astype(float),
        rtol=TOLERANCE,
        atol=TOLERANCE,
    )
    assert not differ.any(), (
        f"{what}: {int(differ.sum())} differ, e.g.\n{pd.DataFrame({'mart': got, 'expected': want})[differ].head()}"
    )


def test_marts_build_with_every_dbt_test_passing(warehouse: Warehouse) -> None:
    checks = [check for check in warehouse.checks if check.asset_key.path[0] == "marts"]
    failed = [check.check_name for check in checks if not check.passed]
    assert not failed, f"dbt tests failed: {failed}"
    tested = {check.asset_key.path[-1] for check in checks}
    assert set(ABE_MARTS) <= tested
    assert len(checks) == len(mart_models.check_keys)
    earlier = [check for check in warehouse.checks if check.asset_key.path[0] in ("staging", "intermediate")]
    assert earlier and all(check.passed for check in earlier)
    print(f"built in {warehouse.build_seconds:.1f} s")


def test_bi_reads_exactly_the_built_marts(warehouse: Warehouse) -> None:
    """The published copy (the read-only file, or the swapped-in schema) holds every mart, row for row."""
    for mart in ABE_MARTS:
        built = warehouse.table(f"marts.{mart}")
        published = warehouse.read_published(f'SELECT * FROM "{warehouse.published_marts}"."{mart}"')
        assert list(published.columns) == list(built.columns), mart
        key = list(built.columns)
        pd.testing.assert_frame_equal(
            published.sort_values(key).reset_index(drop=True), built.sort_values(key).reset_index(drop=True)
        )


def test_identity_contracts_hold_and_the_planted_defects_are_reported(warehouse: Warehouse) -> None:
    """No identity table breaks its contract (ERROR); the world's planted defects make them WARN."""
    contracts = [check for check in warehouse.checks if check.asset_key.path[0] == "identity"]
    assert {check.asset_key.path[1] for check in contracts} >= {"account_xref", "person_xref", "account_hierarchy"}
    assert not [check for check in contracts if not check.passed and check.severity == AssetCheckSeverity.ERROR]
    assert any(not check.passed and check.severity == AssetCheckSeverity.WARN for check in contracts)


def test_as_of_is_the_worlds_own_day(warehouse: Warehouse, default_world_path: Path) -> None:
    """Without the var, the marts describe the world as of its newest change: its clock, not ours."""
    store = WorldStore(default_world_path)
    clock = datetime.fromtimestamp(store.now_ms / 1000, tz=UTC)
    store.close()
    assert warehouse.as_of() == clock


def test_dim_account_has_one_row_per_golden_account_and_true_company(
    warehouse: Warehouse, truth: sqlite3.Connection
) -> None:
    accounts = warehouse.table("marts.dim_account")
    xref = warehouse.table("identity.account_xref")
    assert accounts.account_key.is_unique
    assert set(accounts.account_key) == set(warehouse.table("identity.account_hierarchy").account_key)
    assert set(accounts.account_key) == set(xref.account_key)
    keys_per_company = (
        xref.merge(_account_records(truth), on=["source_system", "source_id"])
        .groupby("company_id")["account_key"]
        .nunique()
    )
    one_row = float((keys_per_company == 1).mean())
    print(f"true companies with account records: {len(keys_per_company)}, on one dim_account row: {one_row:.4f}")
    assert one_row >= 0.97


def _ids_by_system(records: pd.DataFrame, key: str) -> dict[str, dict[str, str]]:
    """Per system, each golden key's source ids comma-joined in id order: what the dimensions list."""
    return {
        system: records[records.source_system == system]
        .groupby(key)
        .source_id.agg(lambda s: ",".join(sorted(s)))
        .to_dict()
        for system in ("salesforce", "hubspot", "zendesk")
    }


def test_dim_account_shows_the_system_of_records_values_and_every_source_id(warehouse: Warehouse) -> None:
    accounts = warehouse.table("marts.dim_account").set_index("account_key")
    records = warehouse.table("identity.account_xref").merge(
        warehouse.table("intermediate.int_account_attributes"), on=["source_system", "source_id"]
    )
    for system, ids in _ids_by_system(records, "account_key").items():
        assert accounts[f"{system}_ids"].dropna().to_dict() == ids
    salesforce_names = records[records.source_system == "salesforce"].groupby("account_key").name.agg(set)
    named = accounts.loc[salesforce_names.index, "name"]
    assert all(name in salesforce_names[key] for key, name in named.items() if name is not None)
    hierarchy = warehouse.table("identity.account_hierarchy").set_index("account_key")
    assert accounts.ultimate_parent_key.to_dict() == hierarchy.ultimate_parent_key.to_dict()
    assert accounts.path.to_dict() == hierarchy.path.to_dict()
    written = records.dropna(subset=["country"])
    assert (written.country.map(country_code) == written.country_code).all(), "SQL reads countries as identity does"
    assert accounts.country_code.notna().mean() > 0.95


def test_dim_person_lists_every_source_id_of_each_golden_person(warehouse: Warehouse) -> None:
    people = warehouse.table("marts.dim_person").set_index("person_key")
    records = warehouse.table("identity.person_xref").merge(
        warehouse.table("intermediate.int_person_attributes")[["source_system", "source_id"]],
        on=["source_system", "source_id"],
    )
    for system, ids in _ids_by_system(records, "person_key").items():
        assert people[f"{system}_ids"].dropna().to_dict() == ids
    assert len(people) == records.person_key.nunique()


def test_is_customer_agrees_with_the_truth(warehouse: Warehouse, truth: sqlite3.Connection) -> None:
    accounts = warehouse.table("marts.dim_account").set_index("account_key")
    companies = _true_companies(warehouse, truth)
    real = _truth(truth, "SELECT company_id, is_customer FROM truth_company").set_index("company_id").is_customer
    is_customer = accounts.loc[companies.index, "is_customer"].astype(bool)
    agreement = float((is_customer.to_numpy() == real.loc[companies].astype(bool).to_numpy()).mean())
    print(f"accounts of one true company: {len(companies)}, is_customer agrees: {agreement:.4f}")
    assert agreement >= 0.98
    lifecycle = warehouse.table("marts.account_lifecycle").set_index("account_key")
    assert (lifecycle.is_customer.reindex(accounts.index) == accounts.is_customer).all()


def test_persona_agrees_with_the_truth(warehouse: Warehouse, truth: sqlite3.Connection) -> None:
    people = warehouse.table("marts.dim_person").set_index("person_key")
    assert people.index.is_unique
    records = _truth(
        truth, "SELECT system AS source_system, source_id, person_id FROM truth_record WHERE person_id IS NOT NULL"
    )
    persons = _pure_keys(warehouse.table("identity.person_xref"), records, "person_key", "person_id")
    real = _truth(truth, "SELECT person_id, persona FROM truth_person").set_index("person_id").persona
    ours = people.loc[persons.index, "persona"]
    classified = ours.notna()
    agreement = float((ours[classified].to_numpy() == real.loc[persons[classified]].to_numpy()).mean())
    print(f"people of one true person: {len(persons)}, titled {int(classified.sum())}, persona agrees: {agreement:.4f}")
    assert classified.mean() > 0.95 and agreement >= 0.99


def test_icp_fit_follows_the_program(warehouse: Warehouse, truth: sqlite3.Connection) -> None:
    accounts = warehouse.table("marts.dim_account")
    icp = warehouse.table("marts.account_icp_fit").set_index("account_key")
    customers = set(accounts.loc[accounts.is_customer.astype(bool), "account_key"])
    want = expected.icp_fit(accounts, customers, warehouse.program())
    _assert_close(icp.fit_score, want.fit_score, "fit_score")
    assert icp.icp_tier.to_dict() == want.icp_tier.to_dict()
    assert icp.is_target.astype(bool).to_dict() == want.is_target.to_dict()
    assert set(accounts.set_index("account_key").icp_fit_score.items()) == set(icp.fit_score.items())
    assert (icp.fit_score.astype(float).between(0, 100)).all()
    companies = _true_companies(warehouse, truth)
    real = _truth(truth, "SELECT company_id, icp_fit FROM truth_company").set_index("company_id").icp_fit
    tier_a = icp.loc[companies.index, "icp_tier"] == "A"
    agreement = float((tier_a.to_numpy() == (real.loc[companies] >= 0.6).to_numpy()).mean())
    print(f"tier A agrees with the world's good fits (icp_fit >= 0.6): {agreement:.4f}")
    assert agreement >= 0.9


def _opportunity_states(warehouse: Warehouse) -> pd.DataFrame:
    changes = pd.concat(
        [
            warehouse.table("staging.stg_salesforce__opportunities")[["source_system", "source_id", "updated_at"]],
            warehouse.table("staging.stg_hubspot__deals")[["source_system", "source_id", "updated_at"]],
        ]
    )
    updated_at = pd.Series(
        changes.updated_at.to_numpy(), index=changes.source_system + ":" + changes.source_id, dtype=object
    )
    settings = warehouse.program().settings
    return expected.opportunity_states(
        warehouse.table("marts.fct_opportunity"), updated_at, settings, warehouse.as_of()
    )


def test_lifecycle_stages_follow_their_rules(warehouse: Warehouse) -> None:
    """Every account in exactly one stage, and the stage the documented precedence gives from the facts."""
    lifecycle = warehouse.table("marts.account_lifecycle").set_index("account_key")
    hierarchy = warehouse.table("identity.account_hierarchy")
    assert lifecycle.index.is_unique and set(lifecycle.index) == set(hierarchy.account_key)
    icp = warehouse.table("marts.account_icp_fit")
    want = expected.lifecycle_stages(
        hierarchy,
        _opportunity_states(warehouse),
        warehouse.table("marts.fct_activity"),
        set(icp.loc[icp.is_target.astype(bool), "account_key"]),
        warehouse.program().settings,
        warehouse.as_of(),
    )
    wrong = lifecycle.lifecycle_stage != want.reindex(lifecycle.index)
    assert not wrong.any(), f"{int(wrong.sum())} stages differ:\n{lifecycle[wrong].head()}"
    counts = lifecycle.lifecycle_stage.value_counts().to_dict()
    print(f"lifecycle stages: {counts}")
    assert set(counts) == LIFECYCLE_STAGES, "the default world has accounts in every stage"
    dim = warehouse.table("marts.dim_account").set_index("account_key")
    assert (dim.lifecycle_stage == lifecycle.lifecycle_stage.reindex(dim.index)).all()
    assert lifecycle.stage_evidence.notna().all()


def test_coverage_is_dim_persons_personas_at_each_target_account(warehouse: Warehouse) -> None:
    coverage = warehouse.table("marts.account_coverage").set_index("account_key")
    icp = warehouse.table("marts.account_icp_fit")
    targets = set(icp.loc[icp.is_target.astype(bool), "account_key"])
    people = warehouse.table("marts.dim_person")
    program = warehouse.program()
    want = expected.coverage(people, targets, program)
    assert set(coverage.index) == targets
    for column in ("personas_covered", "meets_standard", "meets_target", "missing_personas"):
        assert coverage[column].to_dict() == want[column].to_dict(), column
    _assert_close(coverage.personas_covered_share, want.personas_covered_share, "personas_covered_share")
    at_targets = people[people.account_key.isin(list(targets))]
    stale = at_targets.groupby("account_key").is_stale.sum()
    assert coverage.stale_people.to_dict() == stale.reindex(coverage.index, fill_value=0).astype(int).to_dict()

    (summary,) = warehouse.table("marts.coverage_summary").to_dict("records")
    assert summary["target_accounts"] == len(targets) and summary["missing_targets"] == 0
    assert summary["meets_accounts_standard"] and summary["target_accounts_present_share"] == 1.0
    assert summary["accounts_meeting_persona_standard"] == int(want.meets_standard.sum())
    print(
        f"target accounts {len(targets)}, mean persona coverage {want.personas_covered_share.mean():.3f}, "
        f"meeting the {program.settings['coverage_personas_min']} minimum: {int(want.meets_standard.sum())}"
    )


def test_weekly_engagement_counts_touches_against_the_baseline(warehouse: Warehouse) -> None:
    weekly = warehouse.table("marts.account_engagement_weekly").set_index(["account_key", "week_start"])
    want = expected.weekly_engagement(
        warehouse.table("marts.fct_activity"), warehouse.program().settings, warehouse.as_of()
    )
    assert set(weekly.index) == set(want.index)
    for column in ("touches", "engaged_people"):
        assert weekly[column].to_dict() == want[column].to_dict(), column
    for column in ("baseline_weekly_touches", "baseline_weekly_engaged_people", "touches_vs_baseline"):
        _assert_close(weekly[column], want[column], column)
    assert all(day.isoweekday() == 1 for _, day in weekly.index)
    by_function = weekly[
        ["marketing_touches", "sales_development_touches", "sales_touches", "customer_success_touches"]
    ]
    assert (by_function.sum(axis=1) == weekly.touches).all()


def test_health_scores_customers_from_visible_components(warehouse: Warehouse, truth: sqlite3.Connection) -> None:
    health = warehouse.table("marts.account_health").set_index("account_key")
    accounts = warehouse.table("marts.dim_account")
    assert set(health.index) == set(accounts.loc[accounts.is_customer.astype(bool), "account_key"])
    settings = warehouse.program().settings
    components = (
        "support_load",
        "ticket_severity",
        "satisfaction",
        "engagement_trend",
        "relationship_breadth",
        "renewal_proximity",
    )
    scores = health[[f"{c}_score" for c in components]].astype(float)
    assert ((scores >= 0) & (scores <= 1) | scores.isna()).all().all()
    weights = pd.Series({f"{c}_score": float(settings[f"health_weight_{c}"]) for c in components})
    total = 100 * scores.mul(weights).sum(axis=1) / scores.notna().mul(weights).sum(axis=1)
    _assert_close(health.health_score, total, "health_score")
    for component in components:
        _assert_close(
            health[f"{component}_points"], scores[f"{component}_score"] * weights[f"{component}_score"], component
        )

    as_of_day = warehouse.as_of().date()
    since = accounts.set_index("account_key").customer_since.loc[health.index]
    term = int(settings["contract_term_months"])

    def next_renewal(start: Any) -> Any:
        terms = 1
        while start + relativedelta(months=terms * term) < as_of_day:
            terms += 1
        return start + relativedelta(months=terms * term)

    assert health.next_renewal_on.to_dict() == since.map(next_renewal).to_dict()
    assert (health.is_single_threaded == (health.engaged_people <= 1)).all()

    companies = _true_companies(warehouse, truth)
    real = _truth(truth, "SELECT company_id, health FROM truth_company").set_index("company_id").health
    scored = health.index.intersection(companies.index)
    correlation = float(np.corrcoef(health.health_score.loc[scored].astype(float), real.loc[companies[scored]])[0, 1])
    print(f"customers {len(health)}, health score vs the world's health: r = {correlation:.3f}")
    assert correlation > 0


def test_health_satisfaction_is_csat_and_nps_of_the_look_back(warehouse: Warehouse) -> None:
    """NPS answers (HubSpot feedback submissions) count on the answering person's golden account, in
    the health look-back; satisfaction is the mean of CSAT and NPS scaled to 0-1, whichever exist."""
    health = warehouse.table("marts.account_health").set_index("account_key")
    answers = warehouse.table("staging.stg_hubspot__nps_responses")
    people = warehouse.table("identity.person_xref")[["source_system", "source_id", "account_key"]]
    settings = warehouse.program().settings
    as_of = pd.Timestamp(warehouse.as_of())
    look_back_from = as_of.date() - relativedelta(days=2 * int(settings["health_trend_window_days"]))
    answered = answers.merge(
        people, left_on=["source_system", "contact_source_id"], right_on=["source_system", "source_id"]
    )
    submitted = pd.to_datetime(answered.submitted_at, utc=True)
    answered = answered[
        (submitted.dt.date > look_back_from) & (submitted <= as_of) & answered.account_key.notna()
    ].assign(points=lambda a: np.select([a.score >= 9, a.score <= 6], [1.0, -1.0], 0.0))
    by_account = answered.groupby("account_key").points.agg(["count", "mean"]).reindex(health.index)

    assert health.nps_responses.to_dict() == by_account["count"].fillna(0).astype(int).to_dict()
    _assert_close(health.nps, 100 * by_account["mean"], "nps")
    signals = pd.DataFrame({"csat": health.csat.astype(float), "nps": (by_account["mean"] + 1) / 2})
    _assert_close(health.satisfaction_score, signals.mean(axis=1, skipna=True), "satisfaction_score")
    with_nps = int((health.nps_responses > 0).sum())
    print(f"customers with NPS answers in the look-back: {with_nps} of {len(health)}")
    assert with_nps > 0


def test_cohorts_compare_targets_with_random_and_lookalike_non_targets(warehouse: Warehouse) -> None:
    cohorts = warehouse.table("marts.abe_cohorts").set_index(["cohort", "period"])
    settings = warehouse.program().settings
    icp = warehouse.table("marts.account_icp_fit")
    want = expected.cohorts(icp, warehouse.table("marts.fct_opportunity"), settings)
    assert set(cohorts.index) == set(want.index)
    for column in want.columns:
        _assert_close(cohorts[column], want[column], column)
    assert cohorts.loc[("random_non_target", "all_time"), "accounts"] == settings["comparison_cohort_size"]
    print(cohorts.loc[:, ["accounts", "open_pipeline", "win_rate", "average_contract_value", "average_days_to_close"]])


def test_rollup_sums_every_unit_of_each_group(warehouse: Warehouse) -> None:
    rollup = warehouse.table("marts.account_rollup").set_index("ultimate_parent_key")
    accounts = warehouse.table("marts.dim_account")
    groups = accounts.set_index("account_key").ultimate_parent_key
    roots = set(accounts.loc[accounts.account_key == accounts.ultimate_parent_key, "account_key"])
    assert set(rollup.index) == roots
    assert rollup.units.to_dict() == groups.value_counts().to_dict()
    customers = accounts[accounts.is_customer.astype(bool)].ultimate_parent_key.value_counts()
    assert rollup.customer_units.to_dict() == customers.reindex(rollup.index, fill_value=0).to_dict()
    opportunities = warehouse.table("marts.fct_opportunity")
    won = opportunities[opportunities.is_won.astype(bool) & opportunities.account_key.notna()]
    revenue = won.assign(group=won.account_key.map(groups)).groupby("group").amount.sum()
    _assert_close(rollup.won_revenue, revenue.reindex(rollup.index, fill_value=0.0), "won_revenue")
    tickets = warehouse.table("marts.fct_ticket").dropna(subset=["account_key"])
    per_group = tickets.account_key.map(groups).value_counts()
    assert rollup.tickets.to_dict() == per_group.reindex(rollup.index, fill_value=0).to_dict()
    assert rollup.units.sum() == len(accounts)
