"""The account marts as their documented rules say they must be, recomputed in pandas.

The other route to ``account_icp_fit``, ``account_lifecycle``, ``account_coverage``,
``account_engagement_weekly`` and ``abe_cohorts``: the rules in ``dbt_project/models/marts/_abe__models.yml``
written out again over the tables the marts are built from (facts, identity, program), read from
the same warehouse. A mart that differs from these frames breaks its own documentation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd


@dataclass(frozen=True)
class Program:
    """What the marts read from the program schema, one frame per table plus the settings row."""

    icp_rules: pd.DataFrame
    icp_tiers: pd.DataFrame
    target_accounts: pd.DataFrame
    coverage_personas: list[str]
    settings: dict


def size_band(employees: float | None) -> str | None:
    """Macro employee_size_band."""
    if employees is None or pd.isna(employees) or employees < 1:
        return None
    for limit, band in ((50, "1-49"), (200, "50-199"), (1000, "200-999"), (5000, "1000-4999")):
        if employees < limit:
            return band
    return "5000+"


def _in_range(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None or pd.isna(value):
        return False
    return (low is None or pd.isna(low) or value >= low) and (high is None or pd.isna(high) or value <= high)


def icp_fit(accounts: pd.DataFrame, customers: set[str], program: Program) -> pd.DataFrame:
    """``fit_score``, ``icp_tier`` and ``is_target`` by account_key, from each golden account's
    ``name, domain, industry, country_code, employees, annual_revenue`` and the accounts with a won deal."""
    rules = program.icp_rules
    weight = rules.groupby("criterion")["weight"].max().to_dict()
    listed = {c: set(rules.loc[rules.criterion == c, "value"]) for c in ("industry", "country")}
    bounds = {
        c: rules.loc[rules.criterion == c, ["min_value", "max_value"]].iloc[0]
        for c in ("employees", "annual_revenue")
        if (rules.criterion == c).any()
    }
    frame = accounts.set_index("account_key")
    profiles = pd.Series(
        [
            None if pd.isna(i) or pd.isna(c) or b is None else f"{i.lower()}|{c}|{b}"
            for i, c, b in zip(frame.industry, frame.country_code, frame.employees.map(size_band), strict=True)
        ],
        index=frame.index,
    )
    is_customer = frame.index.isin(list(customers))
    per_profile = profiles[is_customer].dropna().value_counts()
    largest = per_profile.max() if len(per_profile) else 0
    others = profiles.map(per_profile).fillna(0) - (is_customer & profiles.notna())
    share = others / largest if largest else others * 0.0
    score = (
        frame.industry.map(
            lambda v: weight.get("industry", 0) if isinstance(v, str) and v.lower() in listed["industry"] else 0
        )
        + frame.country_code.map(lambda v: weight.get("country", 0) if v in listed["country"] else 0)
        + sum(
            frame[column].map(lambda v, b=b, c=column: weight[c] if _in_range(v, b.min_value, b.max_value) else 0)
            for column, b in bounds.items()
        )
        + weight.get("closed_won_lookalike", 0) * share
    )
    tiers = program.icp_tiers.sort_values("tier_rank")
    tier = score.map(lambda s: next(t.tier for t in tiers.itertuples() if s >= t.min_score - 1e-9))
    targets = program.target_accounts
    by_rule = {rule: set(targets.loc[targets.rule == rule, "value"]) for rule in ("icp_tier", "domain", "name")}
    names = {n.lower() for n in by_rule["name"]}
    is_target = (
        tier.isin(list(by_rule["icp_tier"]))
        | frame.domain.isin(list(by_rule["domain"]))
        | frame.name.str.lower().isin(names)
    )
    return pd.DataFrame({"fit_score": score, "icp_tier": tier, "is_target": is_target})


def _utc_day(instant: datetime | None) -> date | None:
    return None if instant is None or pd.isna(instant) else pd.Timestamp(instant).tz_convert("UTC").date()


def opportunity_states(
    opportunities: pd.DataFrame, updated_at: pd.Series, settings: dict, as_of: datetime
) -> pd.DataFrame:
    """Each opportunity of ``fct_opportunity`` with ``is_live``, ``is_dead`` and ``in_win_back``
    (int_account_opportunities' rules); ``updated_at`` by opportunity_id, from staging."""
    today = _utc_day(as_of)
    dead_before = today - timedelta(days=int(settings["dead_opportunity_days"]))
    win_back_from = today - timedelta(days=int(settings["win_back_days"]))
    frame = opportunities[opportunities.account_key.notna()].copy()
    changed = frame.opportunity_id.map(updated_at).map(_utc_day)
    stale = ~frame.is_closed.astype(bool) & (
        changed.map(lambda d: d is not None and d < dead_before)
        | frame.close_date.map(lambda d: d is not None and not pd.isna(d) and d < dead_before)
    )
    frame["is_live"] = ~frame.is_closed.astype(bool) & ~stale
    frame["is_dead"] = (frame.is_closed.astype(bool) & ~frame.is_won.astype(bool)) | stale
    frame["in_win_back"] = frame.is_dead & frame.close_date.map(
        lambda d: d is not None and not pd.isna(d) and d >= win_back_from
    )
    return frame


def lifecycle_stages(
    hierarchy: pd.DataFrame,
    states: pd.DataFrame,
    activities: pd.DataFrame,
    targets: set[str],
    settings: dict,
    as_of: datetime,
) -> pd.Series:
    """Each account's lifecycle stage by the documented precedence, from the facts."""
    by_account = states.groupby("account_key")
    customers = set(states.loc[states.is_won.astype(bool), "account_key"])
    live = set(by_account.is_live.sum().loc[lambda s: s > 0].index)
    win_back = set(by_account.in_win_back.sum().loc[lambda s: s > 0].index)
    launch = pd.Timestamp(settings["launch_at"])
    occurred = pd.to_datetime(activities.occurred_at, utc=True)
    touched = set(
        activities.loc[
            activities.account_key.notna() & (occurred >= launch) & (occurred <= pd.Timestamp(as_of)), "account_key"
        ]
    )
    groups = hierarchy.set_index("account_key").ultimate_parent_key
    customer_groups = groups[groups.index.isin(list(customers))].value_counts()

    def stage(account: str) -> str:
        others_customers = customer_groups.get(groups[account], 0) - (account in customers)
        if account in customers:
            return "cross_sell_upsell" if account in live else "retention"
        if others_customers > 0:
            return "land_and_expand"
        if account in live:
            return "pipeline_acceleration"
        if account in win_back:
            return "dead_opportunity_win_back"
        if account in targets and account in touched:
            return "account_nurture"
        return "pre_targeting"

    return pd.Series({account: stage(account) for account in groups.index}, name="lifecycle_stage")


def coverage(people: pd.DataFrame, targets: set[str], program: Program) -> pd.DataFrame:
    """``personas_covered``, ``personas_covered_share``, ``meets_standard``, ``meets_target`` and
    ``missing_personas`` by target account, from dim_person's account, persona and staleness."""
    wanted = program.coverage_personas
    current = people[~people.is_stale.astype(bool) & people.persona.isin(wanted)]
    covered = current.groupby("account_key").persona.agg(set)
    rows = {}
    for account in targets:
        have = covered.get(account, set())
        share = len(have) / len(wanted)
        missing = sorted(set(wanted) - have)
        rows[account] = {
            "personas_covered": len(have),
            "personas_covered_share": share,
            "meets_standard": share >= program.settings["coverage_personas_min"],
            "meets_target": share >= program.settings["coverage_personas_target"],
            "missing_personas": ", ".join(missing) or None,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def cohorts(icp: pd.DataFrame, opportunities: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """abe_cohorts by (cohort, period): the cohorts drawn from ``account_icp_fit`` as documented, the
    figures from ``fct_opportunity``."""
    seed, size = str(settings["comparison_cohort_seed"]), int(settings["comparison_cohort_size"])
    icp = icp.assign(draw=[hashlib.md5((key + seed).encode()).hexdigest() for key in icp.account_key])
    non_targets = icp[~icp.is_target.astype(bool)]
    members = {
        "target": set(icp.loc[icp.is_target.astype(bool), "account_key"]),
        "random_non_target": set(non_targets.sort_values(["draw", "account_key"]).account_key[:size]),
        "lookalike_non_target": set(
            non_targets.sort_values(["fit_score", "draw", "account_key"], ascending=[False, True, True]).account_key[
                :size
            ]
        ),
    }
    launch = pd.Timestamp(settings["launch_at"])
    created = pd.to_datetime(opportunities.created_at, utc=True)
    rows = {}
    for cohort, accounts in members.items():
        for period, opps in (
            ("all_time", opportunities),
            ("since_launch", opportunities[created >= launch]),
        ):
            mine = opps[opps.account_key.isin(list(accounts))]
            won = mine[mine.is_won.astype(bool)]
            lost = mine[mine.is_closed.astype(bool) & ~mine.is_won.astype(bool)]
            still_open = mine[~mine.is_closed.astype(bool)]
            closed = len(won) + len(lost)
            rows[(cohort, period)] = {
                "accounts": len(accounts),
                "accounts_with_opportunities": mine.account_key.nunique(),
                "opportunities": len(mine),
                "open_opportunities": len(still_open),
                "open_pipeline": float(still_open.amount.dropna().sum()),
                "won_opportunities": len(won),
                "lost_opportunities": len(lost),
                "win_rate": len(won) / closed if closed else None,
                "won_revenue": float(won.amount.dropna().sum()),
                "average_contract_value": float(won.amount.dropna().mean()) if won.amount.notna().any() else None,
                "average_days_to_close": float(won.days_to_close.dropna().mean())
                if won.days_to_close.notna().any()
                else None,
            }
    return pd.DataFrame.from_dict(rows, orient="index")


def week_start(day: date) -> date:
    """The Monday of the ISO week ``day`` falls in."""
    return day - timedelta(days=day.isoweekday() - 1)


def weekly_engagement(activities: pd.DataFrame, settings: dict, as_of: datetime) -> pd.DataFrame:
    """account_engagement_weekly by (account_key, week_start): touches, engaged people, the
    baseline per 7 days and the ratio."""
    occurred = pd.to_datetime(activities.occurred_at, utc=True)
    touches = activities[activities.account_key.notna() & (occurred <= pd.Timestamp(as_of))].copy()
    touches["occurred"] = pd.to_datetime(touches.occurred_at, utc=True)
    touches["week_start"] = touches.occurred.map(lambda t: week_start(t.date()))
    weekly = touches.groupby(["account_key", "week_start"]).agg(
        touches=("occurred", "size"), engaged_people=("person_key", "nunique")
    )
    in_baseline = (touches.occurred >= pd.Timestamp(settings["baseline_start_at"])) & (
        touches.occurred < pd.Timestamp(settings["launch_at"])
    )
    baseline_weeks = (
        touches[in_baseline]
        .groupby(["account_key", "week_start"])
        .agg(touches=("occurred", "size"), engaged_people=("person_key", "nunique"))
    )
    per_seven_days = baseline_weeks.groupby("account_key").sum() * 7.0 / int(settings["baseline_days"])
    baseline = per_seven_days.reindex(weekly.index.get_level_values("account_key")).fillna(0.0)
    weekly["baseline_weekly_touches"] = baseline.touches.to_numpy()
    weekly["baseline_weekly_engaged_people"] = baseline.engaged_people.to_numpy()
    weekly["touches_vs_baseline"] = (weekly.touches / weekly.baseline_weekly_touches).where(
        weekly.baseline_weekly_touches > 0
    )
    return weekly
