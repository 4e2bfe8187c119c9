"""The program YAML: the shipped default loads, and every kind of mistake is reported with the file,
the setting's path and what was expected."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from abe_hub.program import DEFAULT_PROGRAM_PATH, ProgramError, load_program, program_tables
from abe_hub.program.patterns import portable_pattern_problem
from abe_hub.sandbox.generate import ICP_COUNTRIES
from abe_hub.sandbox.spec import DAY_MS, preset
from abe_hub.sandbox.vocabulary import PERSONAS, SALESFORCE_INDUSTRY

Edit = Callable[[dict[str, Any]], None]
PROGRAM_TABLE_NAMES = ("persona_rules", "icp_rules", "icp_tiers", "target_accounts", "coverage_personas", "settings")


@pytest.fixture(scope="module")
def default_document() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_PROGRAM_PATH.read_text(encoding="utf-8"))


def _problems(document: dict[str, Any], edit: Edit, tmp_path: Path) -> tuple[Path, ProgramError]:
    changed = copy.deepcopy(document)
    edit(changed)
    path = tmp_path / "program.yaml"
    path.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
    with pytest.raises(ProgramError) as raised:
        load_program(path)
    return path, raised.value


def test_the_default_program_loads_and_fits_the_sandbox() -> None:
    program = load_program(None)
    spec = preset("default")
    launch_ms = spec.now_ms - spec.program_launch_days_ago * DAY_MS
    assert program.launch_date == datetime.fromtimestamp(launch_ms / 1000, UTC).date(), "the sandbox's launch day"
    assert program.baseline_days == 90
    assert set(program.icp.country_codes()) == ICP_COUNTRIES
    industries = {value.lower() for value in program.icp.criteria.industry.values}
    assert {SALESFORCE_INDUSTRY[i].lower() for i in ("software", "financial_services", "manufacturing")} <= industries
    assert {p.name for p in PERSONAS} <= {rule.persona for rule in program.personas}
    assert program.target_accounts.icp_tiers == ["A"]


def test_program_tables_are_typed_and_complete() -> None:
    tables = program_tables(load_program(None))
    assert tuple(tables) == PROGRAM_TABLE_NAMES
    rules = tables["persona_rules"]
    assert list(rules.columns) == ["priority", "pattern", "persona", "department", "seniority"]
    assert rules["priority"].tolist() == list(range(1, len(rules) + 1))
    assert rules["pattern"].isna().tolist() == [False] * (len(rules) - 1) + [True], "the fallback comes last"
    icp = tables["icp_rules"]
    weights = icp.drop_duplicates("criterion").set_index("criterion")["weight"]
    assert weights.sum() == 100
    assert sorted(icp.loc[icp.criterion == "country", "value"]) == sorted(ICP_COUNTRIES)
    assert tables["icp_tiers"]["tier"].tolist() == ["A", "B", "C", "D"]
    settings = tables["settings"]
    assert len(settings) == 1
    assert str(settings.at[0, "launch_at"]) == "2026-05-05 00:00:00+00:00"
    assert (settings.at[0, "launch_at"] - settings.at[0, "baseline_start_at"]).days == 90
    health = settings.filter(like="health_weight_")
    assert health.shape[1] == 6 and health.sum(axis=1).iloc[0] == 100


def test_regions_expand_to_countries_and_named_targets_are_kept(
    default_document: dict[str, Any], tmp_path: Path
) -> None:
    document = copy.deepcopy(default_document)
    document["icp"]["regions"] = {"dach": ["DE", "AT", "ch"]}
    document["icp"]["criteria"]["country"]["values"] = ["US", "dach", "DE"]
    document["target_accounts"].update(icp_tiers=["A", "B"], domains=["WWW.Kalo.DE"], names=["Kalo GmbH"])
    path = tmp_path / "program.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    program = load_program(path)
    assert program.icp.country_codes() == ["US", "DE", "AT", "CH"]
    targets = program_tables(program)["target_accounts"]
    assert list(targets.itertuples(index=False, name=None)) == [
        ("icp_tier", "A"),
        ("icp_tier", "B"),
        ("domain", "kalo.de"),
        ("name", "Kalo GmbH"),
    ]


def _set(*path: str | int, value: Any) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


def _drop(key: str) -> Edit:
    return lambda document: document.pop(key)


@pytest.mark.parametrize(
    ("edit", "setting", "expected"),
    [
        (_set("personas", 3, "title_patterns", 0, value="(vp"), "personas[3].title_patterns[0]", "not a valid regular"),
        (_set("personas", 3, "title_patterns", 1, value="vp(?!x)"), "personas[3].title_patterns[1]", "lookahead"),
        (_set("personas", 0, "title_patterns", 0, value=r"\Aceo"), "personas[0].title_patterns[0]", "escape \\A"),
        (_set("personas", 0, "title_patterns", 0, value=" "), "personas[0].title_patterns[0]", "empty pattern"),
        (_set("personas", 0, "persona", value="Exec Sponsor"), "personas[0].persona", "lower-case identifier"),
        (_set("icp", "criteria", "industy", value={"weight": 0, "values": ["x"]}), "icp.criteria.industy", "unknown"),
        (_set("lauch_date", value="2026-05-05"), "lauch_date", "expected one of: name, launch_date"),
        (_set("icp", "criteria", "industry", "weight", value=50), "icp.criteria", "add up to 110"),
        (_set("health", "weights", "satisfaction", value=5), "health.weights", "add up to 85"),
        (_set("icp", "tiers", 1, "min_score", value=80), "icp.tiers[1].min_score", "must be below A's 60"),
        (_set("icp", "tiers", 3, "min_score", value=5), "icp.tiers[3].min_score", "must start at 0"),
        (_set("icp", "tiers", 2, "name", value="A"), "icp.tiers[2].name", "defined twice"),
        (_set("launch_date", value="2026-13-01"), "launch_date", "expected a date as YYYY-MM-DD"),
        (_set("launch_date", value="next tuesday"), "launch_date", "expected a date as YYYY-MM-DD"),
        (_set("icp", "criteria", "employees", "max", value=10), "icp.criteria.employees.max", "below min"),
        (_set("icp", "criteria", "country", "values", 1, value="XX"), "icp.criteria.country.values[1]", "ISO 3166"),
        (_set("target_accounts", "icp_tiers", value=["Z"]), "target_accounts.icp_tiers[0]", "unknown ICP tier"),
        (_set("target_accounts", "domains", value=["https://a.com/"]), "target_accounts.domains[0]", "bare domain"),
        (_set("coverage", "personas", 0, value="cfo"), "coverage.personas[0]", "unknown persona 'cfo'"),
        (_set("coverage", "personas_min", value=0.9), "coverage.personas_min", "above personas_target"),
        (_set("coverage", "personas_min", value=70), "coverage.personas_min", "less than or equal to 1"),
        (_drop("lifecycle"), "lifecycle", "required setting is missing"),
    ],
)
def test_each_mistake_names_file_setting_and_expectation(
    default_document: dict[str, Any], tmp_path: Path, edit: Edit, setting: str, expected: str
) -> None:
    path, error = _problems(default_document, edit, tmp_path)
    assert str(error).startswith(f"invalid ABE program {path}:")
    messages = dict(error.problems)
    assert setting in messages, f"{setting} not among {list(messages)}"
    assert expected in messages[setting]


def test_several_mistakes_are_reported_together(default_document: dict[str, Any], tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        document.pop("name")
        document["health"]["trend_window_days"] = 0
        document["freshness"]["stale"] = 1

    _, error = _problems(default_document, edit, tmp_path)
    assert [setting for setting, _ in error.problems] == ["name", "health.trend_window_days", "freshness.stale"]


def test_unreadable_files_are_program_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProgramError, match=re.escape(f"{broken}:") + r"\n.*not valid YAML \(line 2"):
        load_program(broken)
    with pytest.raises(ProgramError, match="cannot read the file"):
        load_program(tmp_path / "missing.yaml")
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n", encoding="utf-8")
    with pytest.raises(ProgramError, match="expected a mapping of settings, got list"):
        load_program(listed)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"\bvp\b.*\b(sales|revenue)\b", None),
        (r"^(co-?)?president\b", None),
        (r"\d+\s\w", None),
        (r"head\.of", None),
        (r"(?:vp|svp)", None),
        (r"\bc\+\+ developer", None),
        (r"\(?contract\)?", None),
        (r"(?i)vp", "inline flags"),
        (r"(?P<x>vp)", "named group"),
        (r"(?<=a)b", "lookbehind"),
        (r"a++", "possessive"),
        (r"[[:alpha:]]", "POSIX classes"),
        (r"a\\b", "literal backslash"),
        (r"\Bvp", "escape \\B"),
        (r"\x41", "escape \\x"),
    ],
)
def test_only_patterns_all_three_engines_read_alike_pass(pattern: str, problem: str | None) -> None:
    found = portable_pattern_problem(pattern)
    assert (found is None) if problem is None else (found is not None and problem in found)
