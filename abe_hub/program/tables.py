"""The program as warehouse tables, so dbt marts and BI read the rules as data.

Shapes, chosen for the SQL that reads them (all in schema ``<prefix>program``):

- ``persona_rules(priority, pattern, persona, department, seniority)``: one row per title pattern in
  the order tried (priority 1 first); the last row, ``pattern`` null, is the fallback. A title's
  persona is the row with the lowest priority whose pattern matches the normalised title
  (``int_title_personas`` does this).
- ``icp_rules(criterion, weight, value, min_value, max_value)``: one row per listed value for
  ``industry`` (lower case, as any system spells it) and ``country`` (ISO code, regions expanded); one
  row with bounds for ``employees`` and ``annual_revenue`` (null = open); one row, weight only, for
  ``closed_won_lookalike``. An account's fit score is the sum of the weights of the criteria it meets
  (each criterion counted once), 0-100.
- ``icp_tiers(tier, tier_rank, min_score)``: an account's tier is the best-ranked (rank 1 first) tier
  whose ``min_score`` its fit score reaches; the worst tier starts at 0.
- ``target_accounts(rule, value)``: an account is a target when its ICP tier is a ``icp_tier`` value,
  its domain a ``domain`` value (lower case) or its name a ``name`` value (compare case-insensitively).
- ``coverage_personas(persona)``: the personas the coverage standard counts.
- ``settings``: one row, one typed column per scalar setting, so a model reads any of them with a
  ``cross join``: launch and baseline instants, lifecycle, health weights, coverage, freshness, cohort.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pandas as pd

from abe_hub.program.model import Program, RangeCriterion
from abe_hub.program.personas import persona_rule_rows

TABLE_DESCRIPTIONS = {
    "persona_rules": "Title patterns in the order tried, each with its persona, department and seniority; "
    "the last row (no pattern) is the fallback.",
    "icp_rules": "ICP fit criteria: the weight an account scores for meeting each one, with listed values or bounds.",
    "icp_tiers": "ICP tiers from best to worst and the fit score each starts at.",
    "target_accounts": "What puts an account on the target list: an ICP tier, a domain or a name.",
    "coverage_personas": "The buyer personas the coverage standard counts at each target account.",
    "settings": "Every scalar program setting in one row: launch and baseline, lifecycle, health weights, "
    "coverage standards, freshness, comparison cohort.",
}


def program_tables(program: Program) -> dict[str, pd.DataFrame]:
    """Each program table by name, typed so DuckDB and PostgreSQL create the same columns."""
    return {
        "persona_rules": _persona_rules(program),
        "icp_rules": _icp_rules(program),
        "icp_tiers": _icp_tiers(program),
        "target_accounts": _target_accounts(program),
        "coverage_personas": _frame([(p,) for p in program.coverage.personas], {"persona": "string"}),
        "settings": _settings(program),
    }


def _frame(rows: list[tuple], dtypes: dict[str, str]) -> pd.DataFrame:
    """Nullable dtypes throughout: an all-null text column is still text, a missing bound still NULL."""
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def _persona_rules(program: Program) -> pd.DataFrame:
    rows = [(r.priority, r.pattern, r.persona, r.department, r.seniority) for r in persona_rule_rows(program)]
    return _frame(
        rows,
        {"priority": "int64", "pattern": "string", "persona": "string", "department": "string", "seniority": "string"},
    )


def _icp_rules(program: Program) -> pd.DataFrame:
    criteria = program.icp.criteria
    rows: list[tuple] = []
    if criteria.industry is not None:
        values = dict.fromkeys(v.strip().lower() for v in criteria.industry.values)
        rows += [("industry", criteria.industry.weight, value, None, None) for value in values]
    for name, bounds in (("employees", criteria.employees), ("annual_revenue", criteria.annual_revenue)):
        if isinstance(bounds, RangeCriterion):
            rows.append((name, bounds.weight, None, bounds.min, bounds.max))
    if criteria.country is not None:
        rows += [("country", criteria.country.weight, code, None, None) for code in program.icp.country_codes()]
    if criteria.closed_won_lookalike is not None:
        rows.append(("closed_won_lookalike", criteria.closed_won_lookalike.weight, None, None, None))
    return _frame(
        rows,
        {"criterion": "string", "weight": "Float64", "value": "string", "min_value": "Float64", "max_value": "Float64"},
    )


def _icp_tiers(program: Program) -> pd.DataFrame:
    rows = [(tier.name, rank, tier.min_score) for rank, tier in enumerate(program.icp.tiers, start=1)]
    return _frame(rows, {"tier": "string", "tier_rank": "int64", "min_score": "Float64"})


def _target_accounts(program: Program) -> pd.DataFrame:
    targets = program.target_accounts
    rows = (
        [("icp_tier", tier) for tier in targets.icp_tiers]
        + [("domain", domain) for domain in dict.fromkeys(targets.domains)]
        + [("name", name.strip()) for name in targets.names]
    )
    return _frame(rows, {"rule": "string", "value": "string"})


def _settings(program: Program) -> pd.DataFrame:
    launch = datetime.combine(program.launch_date, time(), tzinfo=UTC)
    health = program.health.weights
    row = {
        "program_name": program.name,
        "launch_at": pd.Timestamp(launch),
        "baseline_days": program.baseline_days,
        "baseline_start_at": pd.Timestamp(launch - timedelta(days=program.baseline_days)),
        "dead_opportunity_days": program.lifecycle.dead_opportunity_days,
        "win_back_days": program.lifecycle.win_back_days,
        "renewal_window_days": program.lifecycle.renewal_window_days,
        "contract_term_months": program.lifecycle.contract_term_months,
        "health_weight_support_load": health.support_load,
        "health_weight_ticket_severity": health.ticket_severity,
        "health_weight_satisfaction": health.satisfaction,
        "health_weight_engagement_trend": health.engagement_trend,
        "health_weight_relationship_breadth": health.relationship_breadth,
        "health_weight_renewal_proximity": health.renewal_proximity,
        "health_trend_window_days": program.health.trend_window_days,
        "coverage_accounts_target": program.coverage.accounts_target,
        "coverage_personas_min": program.coverage.personas_min,
        "coverage_personas_target": program.coverage.personas_target,
        "stale_after_days": program.freshness.stale_after_days,
        "annual_decay": program.freshness.annual_decay,
        "comparison_cohort_size": program.target_accounts.comparison_cohort.size,
        "comparison_cohort_seed": program.target_accounts.comparison_cohort.seed,
    }
    frame = pd.DataFrame([row])
    return frame.astype({"program_name": "string"})
