"""The default program's persona rules against the sandbox's truth, and on real-world titles.

The sandbox knows each person's persona, department and seniority (``truth_person``); the systems
hold the title as typed, sometimes lower-cased, upper-cased or shortened ("VP Marketing" for "Vice
President of Marketing"). Both must classify as the truth says.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from abe_hub.program import TitleClassifier, load_program, normalised_title
from abe_hub.sandbox import WorldStore
from abe_hub.sandbox.identity_frames import person_frame, truth_frame

PERSON_OBJECTS = ("Contact", "Lead", "contacts", "users")
TRUTH = ["persona", "department", "seniority"]


@pytest.fixture(scope="module")
def classifier() -> TitleClassifier:
    return TitleClassifier(load_program(None))


def _accuracy(classifier: TitleClassifier, titles: pd.Series, truth: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Share of rows whose classified (persona, department, seniority) equals the truth; the misses."""
    rules = [classifier.rule_for(title) for title in titles]
    got = pd.DataFrame([(r.persona, r.department, r.seniority) for r in rules], columns=TRUTH, index=titles.index)
    hit = (got[TRUTH] == truth[TRUTH]).all(axis=1)
    return float(hit.mean()), pd.concat([titles[~hit], got[~hit], truth.loc[~hit, TRUTH].add_prefix("true_")], axis=1)


def test_sandbox_titles_classify_as_the_truth(default_world_path: Path, classifier: TitleClassifier) -> None:
    store = WorldStore(default_world_path)
    people = pd.read_sql("SELECT person_id, title, persona, department, seniority FROM truth_person", store.con)
    accuracy, misses = _accuracy(classifier, people["title"], people)
    assert accuracy == 1.0, f"truth titles: accuracy {accuracy:.4f}, misses:\n{misses.head(20)}"

    records = person_frame(store).merge(truth_frame(store, PERSON_OBJECTS), on=["source_system", "source_id"])
    typed = records[records["title"].map(normalised_title).notna()].merge(people.drop(columns="title"), on="person_id")
    assert len(typed) > 0.4 * len(records), "most Salesforce and HubSpot people carry a title"
    assert (typed["title"] != typed["title"].str.title()).any(), "the systems' spellings are in the sample"
    accuracy, misses = _accuracy(classifier, typed["title"].reset_index(drop=True), typed.reset_index(drop=True))
    assert accuracy >= 0.99, f"titles as the systems hold them: accuracy {accuracy:.4f}, misses:\n{misses.head(20)}"
    store.close()


@pytest.mark.parametrize(
    ("title", "persona", "department", "seniority"),
    [
        ("VP Marketing", "marketing_leader", "marketing", "vp"),
        ("Head of Demand Gen", "marketing_leader", "marketing", "vp"),
        ("Senior Demand Generation Manager", "marketing_practitioner", "marketing", "individual_contributor"),
        ("CFO", "finance_buyer", "finance", "c_level"),
        ("Director of IT", "it_manager", "it", "manager"),
        ("VP of Engineering", "it_leader", "it", "vp"),
        ("Chief Information Security Officer", "it_leader", "it", "c_level"),
        ("SDR", "sales_practitioner", "sales", "individual_contributor"),
        ("Account Executive, Enterprise", "sales_practitioner", "sales", "individual_contributor"),
        ("Customer Success Manager", "customer_success_manager", "customer_success", "individual_contributor"),
        ("Director, Customer Success", "customer_success_leader", "customer_success", "vp"),
        ("Co-Founder & CTO", "executive_sponsor", "executive", "c_level"),
        ("Vice President, Sales EMEA", "sales_leader", "sales", "vp"),
        ("  Senior   Software\tEngineer ", "technical_evaluator", "it", "individual_contributor"),
        ("Head of People", "unclassified", "other", "unknown"),
    ],
)
def test_real_world_titles(
    classifier: TitleClassifier, title: str, persona: str, department: str, seniority: str
) -> None:
    rule = classifier.rule_for(title)
    assert rule is not None
    assert (rule.persona, rule.department, rule.seniority) == (persona, department, seniority)


def test_missing_titles_have_no_persona_and_distinct_titles_are_one_row(classifier: TitleClassifier) -> None:
    assert classifier.rule_for(None) is None and classifier.rule_for(" \t") is None
    frame = classifier.title_personas(["VP Marketing", "vp  marketing", "VP MARKETING", None, "", "Nurse"])
    assert frame["title"].tolist() == ["nurse", "vp marketing"]
    assert frame.set_index("title").at["nurse", "matched_pattern"] is None
    assert frame.set_index("title").at["nurse", "rule_priority"] == classifier.rows[-1].priority
