"""The coordination findings on the groups' way through the phases, on the hand-built field of
coordination_fixtures: the pipeline and its moves, time in phase, stuck groups, and the services that are missing
or duplicated."""

import datetime

import pytest

from cycles.services import trajectory_start

from .coordination_fixtures import at, by_phase, findings, group, phase
from .coordination_fixtures import frozen as frozen  # a fixture
from .coordination_fixtures import world as world  # a fixture


def test_the_pipeline_counts_groups_per_phase_now_and_at_the_end_of_the_previous_period(world):
    result = findings()["pipeline"]
    rows = by_phase(result["rows"])
    assert {code: (row["active"], row["on_hold"], row["previous"], row["change"]) for code, row in rows.items()} == {
        "preconditions": (1, 1, 3, -2),
        "planning-1": (1, 0, 0, 1),
        "planning-2": (1, 0, 1, 0),
        "initial-certificate": (0, 0, 0, 0),
        "autonomous": (1, 0, 1, 0),
    }
    assert (result["groups_total"], result["not_started"], result["withdrawn"]) == (7, 1, 1)


def test_the_pipeline_counts_the_moves_against_the_previous_period_of_the_same_length(world):
    result = findings()
    assert (result["period"]["previous_start"], result["period"]["previous_end"]) == ("2025-07-04", "2025-12-31")
    moves = {row["kind"]: (row["count"], row["previous"]) for row in result["pipeline"]["moves"]}
    assert moves == {
        "start": (1, 0),
        "advance": (1, 1),
        "override": (0, 0),
        "back": (0, 0),
        "hold": (1, 0),
        "resume": (0, 0),
        "suspend": (0, 0),
        "withdraw": (1, 0),
    }
    transitions = {(row["kind"], row["from"], row["to"]): row["count"] for row in result["pipeline"]["transitions"]}
    assert transitions == {
        ("start", "", phase("preconditions").name): 1,
        ("advance", phase("preconditions").name, phase("planning-1").name): 1,
        ("hold", phase("preconditions").name, phase("preconditions").name): 1,
        ("withdraw", phase("preconditions").name, phase("preconditions").name): 1,
    }


def test_time_in_phase_of_the_stays_ended_in_the_period_and_of_the_current_stays(world):
    rows = by_phase(findings()["time_in_phase"])
    # Gamma's preconditions: 15 January 2024 to 1 March 2026.
    assert rows["preconditions"]["ended"] == {"count": 1, "mean": 776.0, "median": 776.0}
    # Beta only: Epsilon is on hold and Zeta withdrew. 1 Feb 2026 10:00 to the end of 30 June: 149.6 days.
    assert rows["preconditions"]["current"] == {"count": 1, "mean": 149.6, "median": 149.6}
    assert rows["planning-2"]["current"] == {"count": 1, "mean": 425.6, "median": 425.6}
    assert rows["autonomous"]["current"]["count"] == 1
    assert rows["initial-certificate"]["current"] == {"count": 0, "mean": None, "median": None}


def test_median_and_mean_of_several_stays(db, frozen):
    for number, days in enumerate((10, 20, 60)):
        trajectory_start(group=group(f"Stay {number}"), by=None, at=at(2026, 7, 1) - datetime.timedelta(days=days))
    current = by_phase(findings()["time_in_phase"])["preconditions"]["current"]
    # Entered at 10:00 local time, measured to midnight: each stay is 10 hours shorter than its whole days.
    assert current["count"] == 3
    assert current["median"] == pytest.approx(20 - 10 / 24, abs=0.05)
    assert current["mean"] == pytest.approx(30 - 10 / 24, abs=0.05)


def test_stuck_groups_are_named_with_their_phase_days_and_inspection_coverage(world):
    stuck = findings()["stuck"]
    assert stuck["count"] == 1
    (alpha,) = stuck["groups"]
    assert (alpha["name"], alpha["phase"], alpha["days"], alpha["stuck_after_days"]) == (
        "Alpha Cooperative",
        "planning-2",
        425,
        365,
    )
    # Four members who have not left; two inspected within the 12 months to 30 June 2026.
    assert (alpha["members_due"], alpha["members_inspected"], alpha["coverage"]) == (4, 2, 0.5)


def test_expected_services_missing_since_each_group_entered_its_phase(world):
    missing = {
        (row["phase"], row["service_type"]): (row["count"], row["groups"]) for row in findings()["missing_services"]
    }
    assert missing[("preconditions", "market-linkage")] == (1, ["Beta Association"])
    assert missing[("preconditions", "certification-subsidy")] == (0, [])
    # Gamma's gap analysis came before it entered planning 1.
    assert missing[("planning-1", "standards-information")] == (1, ["Gamma Growers"])
    assert missing[("planning-2", "ics-coaching")] == (1, ["Alpha Cooperative"])
    assert missing[("planning-2", "training")] == (0, [])
    assert missing[("initial-certificate", "audit-certification")] == (0, [])
    assert missing[("autonomous", "market-linkage")] == (0, [])
    assert missing[("autonomous", "audit-certification")] == (1, ["Delta Coffee"])


def test_duplicated_services_are_two_providers_one_type_one_group_within_the_period(world):
    duplicated = findings()["duplicated_services"]
    assert duplicated["count"] == 1
    (item,) = duplicated["items"]
    assert (item["group"], item["service_type"]) == ("Gamma Growers", "training")
    assert [(p["name"], p["count"]) for p in item["providers"]] == [("Trainer One", 1), ("Trainer Two", 1)]
