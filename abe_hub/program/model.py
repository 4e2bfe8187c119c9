"""The ABE program configuration as validated pydantic models: what one YAML file may say.

The program is the business's own definition of its account-based effort (ICP, personas, target
list, launch date, lifecycle and health parameters, coverage standards). Every model forbids keys it
does not know, so a misspelt setting fails loudly instead of silently falling back to a default.
Checks that span several settings raise ``SettingError`` with the path of the offending setting, so
the loader's message points at the exact line to fix (``icp.tiers[1].min_score``), not at the
section that holds it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from abe_hub.program.patterns import portable_pattern_problem

WEIGHT_TOTAL = 100.0
_TOLERANCE = 1e-6
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SettingError(ValueError):
    """A cross-setting check failed at ``path`` (relative to the model that raised it)."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _title_pattern(pattern: str) -> str:
    problem = portable_pattern_problem(pattern)
    if problem:
        raise ValueError(problem)
    return pattern


def _identifier(value: str) -> str:
    if not _IDENTIFIER.match(value):
        raise ValueError(f"expected a lower-case identifier (a-z, 0-9, _), such as marketing_leader, got {value!r}")
    return value


def _country_code(value: str) -> str:
    code = value.strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"expected an ISO 3166 two-letter country code such as US or DE, got {value!r}")
    return code


def _domain(value: str) -> str:
    domain = value.strip().lower().removeprefix("www.")
    if not _DOMAIN.match(domain):
        raise ValueError(f"expected a bare domain such as example.com (no scheme, path or @), got {value!r}")
    return domain


TitlePattern = Annotated[str, AfterValidator(_title_pattern)]
Identifier = Annotated[str, AfterValidator(_identifier)]
CountryCode = Annotated[str, AfterValidator(_country_code)]
Domain = Annotated[str, AfterValidator(_domain)]
Weight = Annotated[float, Field(ge=0, le=WEIGHT_TOTAL)]
Share = Annotated[float, Field(ge=0, le=1)]
Days = Annotated[int, Field(gt=0)]


class Strict(BaseModel):
    """Unknown keys are errors; values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ValuesCriterion(Strict):
    """An account scores ``weight`` when its value is one of ``values`` (for country: a code or a region)."""

    weight: Weight
    values: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


class RangeCriterion(Strict):
    """An account scores ``weight`` when its number lies in [min, max]; either bound may be open."""

    weight: Weight
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bounds(self) -> RangeCriterion:
        if self.min is None and self.max is None:
            raise SettingError(("min",), "a range needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise SettingError(("max",), f"max ({self.max:g}) is below min ({self.min:g})")
        return self


class WeightOnly(Strict):
    """A criterion the marts compute themselves (similarity to closed-won customers); only its weight is set."""

    weight: Weight


class IcpCriteria(Strict):
    industry: ValuesCriterion | None = None
    employees: RangeCriterion | None = None
    annual_revenue: RangeCriterion | None = None
    country: ValuesCriterion | None = None
    closed_won_lookalike: WeightOnly | None = None

    def weights(self) -> dict[str, float]:
        """Weight per configured criterion, in declaration order."""
        return {name: criterion.weight for name, criterion in self if criterion is not None}


class Tier(Strict):
    name: Annotated[str, Field(min_length=1, max_length=20)]
    min_score: Weight


class Icp(Strict):
    """Ideal customer profile: weighted criteria give a 0-100 fit score, thresholds give a tier."""

    criteria: IcpCriteria
    regions: dict[Identifier, list[CountryCode]] = Field(default_factory=dict)
    tiers: list[Tier] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_total(self) -> Icp:
        weights = self.criteria.weights()
        total = sum(weights.values())
        if abs(total - WEIGHT_TOTAL) > _TOLERANCE:
            raise SettingError(
                ("criteria",),
                f"criterion weights add up to {total:g}; they must add up to {WEIGHT_TOTAL:g} so the fit "
                f"score runs 0-100 ({', '.join(f'{k} {v:g}' for k, v in weights.items())})",
            )
        return self

    @model_validator(mode="after")
    def _countries_known(self) -> Icp:
        values = self.criteria.country.values if self.criteria.country else []
        for i, value in enumerate(values):
            if value in self.regions:
                continue
            try:
                _country_code(value)
            except ValueError:
                raise SettingError(
                    ("criteria", "country", "values", i),
                    f"{value!r} is neither an ISO 3166 two-letter country code nor a region defined under "
                    f"icp.regions ({', '.join(self.regions) or 'none defined'})",
                ) from None
        return self

    @model_validator(mode="after")
    def _tiers_ordered(self) -> Icp:
        names = [tier.name for tier in self.tiers]
        for i, tier in enumerate(self.tiers):
            if names.index(tier.name) != i:
                raise SettingError(("tiers", i, "name"), f"tier {tier.name!r} is defined twice")
            if i and tier.min_score >= self.tiers[i - 1].min_score:
                raise SettingError(
                    ("tiers", i, "min_score"),
                    f"tiers go from best to worst: {tier.name}'s min_score {tier.min_score:g} must be below "
                    f"{self.tiers[i - 1].name}'s {self.tiers[i - 1].min_score:g}",
                )
        if self.tiers[-1].min_score != 0:
            raise SettingError(
                ("tiers", len(self.tiers) - 1, "min_score"),
                f"the last tier must start at 0 so every account gets a tier, not {self.tiers[-1].min_score:g}",
            )
        return self

    def country_codes(self) -> list[str]:
        """The country criterion's values with regions expanded, each code once, in order."""
        if self.criteria.country is None:
            return []
        codes = [
            code
            for value in self.criteria.country.values
            for code in (self.regions.get(value) or [_country_code(value)])
        ]
        return list(dict.fromkeys(codes))


class PersonaRule(Strict):
    """Titles matching any pattern (case-insensitive, anywhere in the title) get this persona."""

    title_patterns: list[TitlePattern] = Field(min_length=1)
    persona: Identifier
    department: Identifier
    seniority: Identifier


class PersonaFallback(Strict):
    """What a title that no rule matches is classified as."""

    persona: Identifier
    department: Identifier
    seniority: Identifier


class ComparisonCohort(Strict):
    size: int = Field(ge=0)
    seed: int


class TargetAccounts(Strict):
    """Targets: accounts in the listed ICP tiers, plus named accounts by domain or name."""

    icp_tiers: list[str] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)
    names: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    comparison_cohort: ComparisonCohort

    @model_validator(mode="after")
    def _not_empty(self) -> TargetAccounts:
        if not (self.icp_tiers or self.domains or self.names):
            raise SettingError(("icp_tiers",), "the target list is empty: give icp_tiers, domains or names")
        return self


class Lifecycle(Strict):
    dead_opportunity_days: Days
    win_back_days: Days
    renewal_window_days: Days
    contract_term_months: Annotated[int, Field(gt=0, le=120)]


class HealthWeights(Strict):
    support_load: Weight
    ticket_severity: Weight
    satisfaction: Weight
    engagement_trend: Weight
    relationship_breadth: Weight
    renewal_proximity: Weight


class Health(Strict):
    weights: HealthWeights
    trend_window_days: Days

    @model_validator(mode="after")
    def _weights_total(self) -> Health:
        weights = self.weights.model_dump()
        total = sum(weights.values())
        if abs(total - WEIGHT_TOTAL) > _TOLERANCE:
            raise SettingError(
                ("weights",),
                f"component weights add up to {total:g}; they must add up to {WEIGHT_TOTAL:g} so the health "
                f"score runs 0-100 ({', '.join(f'{k} {v:g}' for k, v in weights.items())})",
            )
        return self


class Coverage(Strict):
    accounts_target: Share
    personas_min: Share
    personas_target: Share
    personas: list[Identifier] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Coverage:
        if self.personas_min > self.personas_target:
            raise SettingError(
                ("personas_min",),
                f"personas_min ({self.personas_min:g}) is above personas_target ({self.personas_target:g})",
            )
        return self


class Freshness(Strict):
    stale_after_days: Days
    annual_decay: Share


class Program(Strict):
    """One ABE program: the rules the marts apply, loaded from YAML by ``load_program``."""

    name: Annotated[str, Field(min_length=1)]
    launch_date: date
    baseline_days: Days = 90
    icp: Icp
    personas: list[PersonaRule] = Field(min_length=1)
    persona_fallback: PersonaFallback
    target_accounts: TargetAccounts
    lifecycle: Lifecycle
    health: Health
    coverage: Coverage
    freshness: Freshness

    @model_validator(mode="after")
    def _references(self) -> Program:
        tiers = [tier.name for tier in self.icp.tiers]
        for i, tier in enumerate(self.target_accounts.icp_tiers):
            if tier not in tiers:
                raise SettingError(
                    ("target_accounts", "icp_tiers", i),
                    f"unknown ICP tier {tier!r}; icp.tiers defines {', '.join(tiers)}",
                )
        known = {rule.persona for rule in self.personas} | {self.persona_fallback.persona}
        for i, persona in enumerate(self.coverage.personas):
            if persona not in known:
                raise SettingError(
                    ("coverage", "personas", i),
                    f"unknown persona {persona!r}; the persona rules give {', '.join(sorted(known))}",
                )
        return self
