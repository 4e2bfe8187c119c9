"""Identity benchmark: our resolver and plain Splink on the same sandbox records, scored on the truth.

    .venv/bin/python bench/identity.py                          # default and large
    .venv/bin/python bench/identity.py --presets default
    .venv/bin/python bench/identity.py --presets large --reuse  # keep an existing large world
    .venv/bin/python bench/identity.py --no-splink              # ours only
    .venv/bin/python bench/identity.py --presets large --reuse --repeat 3  # medians of 3 alternating runs

For each preset and engine, in a process of its own (so its peak memory is its own): account dedupe
and person dedupe scored on pairs, lead -> account scored per lead (and per person) against the
world's truth (and again for the leads that hold any evidence: a company typed, a website or a
company address; the rest cannot be placed by anyone), the wall time of the resolution (inputs read
from the world store beforehand), the peak resident memory of the process and its workers together
(`peak_memory.py`), and for ours the time of a second resolution of the same records that carries
the first one's keys over (the nightly path).
Splink gives no lead -> account, so that row is ours alone.

With ``--repeat N`` the engines run N times each, alternating, every run in a fresh process; the
scores are printed once (they do not change between runs), then the times of every run, their
medians and the ratio of the medians. On a shared VM one run's time can move by a fifth, so a time
ratio taken from a single pair of runs says little.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import median

from peak_memory import PeakMemory
from rich.console import Console
from rich.table import Table

from abe_hub.identity.evaluation import Scores, assignment_scores, pairwise_scores
from abe_hub.identity.lead_matching import lead_features
from abe_hub.identity.resolve import resolve
from abe_hub.identity.shapes import PERSON_COLUMNS, conform
from abe_hub.sandbox import WorldStore, generate_world, preset
from abe_hub.sandbox.identity_frames import ACCOUNT_OBJECTS, PERSON_OBJECTS, account_frame, person_frame, truth_frame

ROOT = Path(__file__).resolve().parents[1]
Result = tuple[list[tuple[str, Scores]], float, float, float | None]


def _ours(world: Path) -> Result:
    store = WorldStore(world)
    accounts, people = account_frame(store), person_frame(store)
    account_truth, person_truth = truth_frame(store, ACCOUNT_OBJECTS), truth_frame(store, PERSON_OBJECTS)
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = resolve(accounts, people)
        seconds = time.perf_counter() - started
    peak = memory.mib
    # The nightly path (its memory not counted): the same records again, the first run's keys carried over.
    started = time.perf_counter()
    resolve(accounts, people, previous_accounts=result.account_xref, previous_people=result.person_xref)
    rerun = time.perf_counter() - started
    scored_accounts = result.account_xref.merge(account_truth, on=["source_system", "source_id"])
    company_of_key = scored_accounts.groupby("account_key")["company_id"].agg(lambda c: c.mode().iat[0])
    # A lead with no company typed, no website and no company address (a Gmail address, or none)
    # holds nothing to match on: scored apart too, to show what the evidence allows.
    typed = lead_features(conform(people, PERSON_COLUMNS, "person"))
    evidence = typed["company_key"].ne("") | typed["email_domain"].notna() | typed["website_domain"].notna()
    scored_people = result.person_xref.merge(person_truth, on=["source_system", "source_id"]).merge(
        people[["source_system", "source_id", "kind"]].assign(evidence=evidence.to_numpy()),
        on=["source_system", "source_id"],
    )
    actual = scored_people["company_id"].where(scored_people["company_id"].isin(set(scored_accounts["company_id"])))
    predicted = scored_people["account_key"].map(company_of_key)
    leads = scored_people["kind"] == "lead"
    evidence = scored_people["evidence"]
    return (
        [
            ("account dedupe", pairwise_scores(scored_accounts["account_key"], scored_accounts["company_id"])),
            ("person dedupe", pairwise_scores(scored_people["person_key"], scored_people["person_id"])),
            ("lead -> account", assignment_scores(predicted[leads], actual[leads])),
            ("  leads with evidence", assignment_scores(predicted[leads & evidence], actual[leads & evidence])),
            ("person -> account", assignment_scores(predicted, actual)),
        ],
        seconds,
        peak,
        rerun,
    )


def _splink(world: Path) -> Result:
    from splink_baseline import splink_accounts, splink_people

    store = WorldStore(world)
    accounts, people = account_frame(store), person_frame(store)
    account_truth, person_truth = truth_frame(store, ACCOUNT_OBJECTS), truth_frame(store, PERSON_OBJECTS)
    with PeakMemory() as memory:
        started = time.perf_counter()
        account_clusters = splink_accounts(accounts)
        person_clusters = splink_people(people)
        seconds = time.perf_counter() - started
    peak = memory.mib
    scored_accounts = accounts.assign(cluster=account_clusters.to_numpy()).merge(
        account_truth, on=["source_system", "source_id"]
    )
    scored_people = people.assign(cluster=person_clusters.to_numpy()).merge(
        person_truth, on=["source_system", "source_id"]
    )
    return (
        [
            ("account dedupe", pairwise_scores(scored_accounts["cluster"], scored_accounts["company_id"])),
            ("person dedupe", pairwise_scores(scored_people["cluster"], scored_people["person_id"])),
        ],
        seconds,
        peak,
        None,
    )


def _run(engine: str, world: Path) -> Result:
    return (_ours if engine == "ours" else _splink)(world)


def _in_child(engine: str, world: Path) -> Result:
    """One engine in a fresh process; an error there is raised here instead of leaving us waiting."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as child:
        return child.submit(_run, engine, world).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", nargs="+", default=["default", "large"])
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--reuse", action="store_true", help="use existing world files instead of generating")
    parser.add_argument("--no-splink", action="store_true", help="run our resolver only")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine, alternating (medians reported)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    console = Console(width=160)
    for name in args.presets:
        world = args.dir / f"{name}_identity.db"
        if not (args.reuse and world.exists()):
            generate_world(world, preset(name)).close()
        engines = ("ours", *(() if args.no_splink else ("splink",)))
        runs: dict[str, list[tuple[float, float]]] = {engine: [] for engine in engines}
        for round_number in range(1, args.repeat + 1):
            for engine in engines:
                rows, seconds, peak, rerun = _in_child(engine, world)
                runs[engine].append((seconds, peak))
                if round_number == 1:
                    console.print(_table(name, engine, rows, seconds, peak, rerun))
                else:
                    console.print(f"{engine} on {name}, run {round_number}: {seconds:.1f} s, peak {peak:,.0f} MiB")
        if args.repeat > 1:
            console.print(_times_table(name, runs))


def _table(
    preset_name: str, engine: str, rows: list[tuple[str, Scores]], seconds: float, peak: float, rerun: float | None
) -> Table:
    """One engine's rows on one world, printed as soon as it finishes: a large run is long."""
    again = f", again with its keys carried over {rerun:.1f} s" if rerun is not None else ""
    table = Table(title=f"{engine} on {preset_name}: {seconds:.1f} s{again}, peak {peak:,.0f} MiB")
    for column in ("task", "true pairs/leads", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "task" else "right")
    for task, scores in rows:
        table.add_row(task, f"{scores.actual:,}", f"{scores.precision:.4f}", f"{scores.recall:.4f}", f"{scores.f1:.4f}")
    return table


def _times_table(preset_name: str, runs: dict[str, list[tuple[float, float]]]) -> Table:
    """Every run's time per engine, the medians, and (with Splink) the ratio of the medians."""
    table = Table(title=f"times on {preset_name}, {len(next(iter(runs.values())))} runs each, alternating")
    for column in ("engine", "runs (s)", "median (s)", "median peak (MiB)"):
        table.add_column(column, justify="left" if column in ("engine", "runs (s)") else "right")
    medians = {engine: median(seconds for seconds, _ in timed) for engine, timed in runs.items()}
    for engine, timed in runs.items():
        listed = ", ".join(f"{seconds:.1f}" for seconds, _ in timed)
        table.add_row(engine, listed, f"{medians[engine]:.1f}", f"{median(peak for _, peak in timed):,.0f}")
    if "splink" in medians:
        pairs = zip(runs["ours"], runs["splink"], strict=True)
        ratios = ", ".join(f"{ours[0] / splink[0]:.2f}" for ours, splink in pairs)
        table.add_row("ours / splink", ratios, f"{medians['ours'] / medians['splink']:.2f}", "")
    return table


if __name__ == "__main__":
    main()
