"""The yearly loop of autonomous groups, through the services: opening a year's cycle, recording its steps,
and the improvement requirements that fall due each year."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles.annual import initial_certificate_year, requirements_due
from cycles.models import AnnualCycle, AnnualStep, AnnualStepRecord, Phase, Trajectory
from cycles.services.annual import annual_cycle_open, annual_step_record
from producers.models import ProducerGroup
from standards.models import Level

from ..factories import GroupStandardFactory, ProducerGroupFactory
from ..helpers import RECORD_KEEPERS
from .annual_fixtures import _certified, _in_phase, _requirement, _standard
from .annual_fixtures import autonomous as autonomous  # a fixture
from .annual_fixtures import cycle as cycle  # a fixture
from .clock_fixtures import TODAY
from .clock_fixtures import frozen as frozen  # a fixture

# --- Opening a year's cycle ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", RECORD_KEEPERS)
def test_those_who_change_the_group_open_its_cycle(autonomous, role):
    user = autonomous.users()[role]
    cycle = annual_cycle_open(group=autonomous.group, year=2026, by=user)
    assert (cycle.group, cycle.year, cycle.opened_by, cycle.opened_at) == (
        autonomous.group,
        2026,
        user,
        timezone.now(),
    )


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_donors_and_outsiders_cannot_open_a_cycle(autonomous, role):
    with pytest.raises(PermissionDenied):
        annual_cycle_open(group=autonomous.group, year=2026, by=autonomous.users()[role])
    assert not AnnualCycle.objects.exists()


@pytest.mark.parametrize("phase", ["preconditions", "planning-1", "planning-2", "initial-certificate"])
def test_a_cycle_opens_only_in_the_autonomous_phase(scope, phase):
    _in_phase(scope.group, phase)
    _certified(scope.group, 2023)
    with pytest.raises(ValidationError) as error:
        annual_cycle_open(group=scope.group, year=2026, by=scope.coordinator)
    assert error.value.code == "not_autonomous"
    assert not AnnualCycle.objects.exists()


def test_a_group_that_has_not_started_cannot_open_a_cycle(scope):
    _certified(scope.group, 2023)
    with pytest.raises(ValidationError) as error:
        annual_cycle_open(group=scope.group, year=2026, by=scope.coordinator)
    assert error.value.code == "not_started"


@pytest.mark.parametrize(("status", "code"), [("on_hold", "on_hold"), ("withdrawn", "withdrawn")])
def test_a_group_on_hold_or_withdrawn_cannot_open_a_cycle(scope, status, code):
    _in_phase(scope.group, "autonomous", status=status)
    _certified(scope.group, 2023)
    with pytest.raises(ValidationError) as error:
        annual_cycle_open(group=scope.group, year=2026, by=scope.coordinator)
    assert error.value.code == code


@pytest.mark.parametrize(("year", "code"), [(2027, "future_year"), (2022, "before_initial_certificate")])
def test_a_cycle_opens_for_a_year_from_the_initial_certificate_to_this_one(autonomous, year, code):
    with pytest.raises(ValidationError) as error:
        annual_cycle_open(group=autonomous.group, year=year, by=autonomous.coordinator)
    assert error.value.code == code
    assert annual_cycle_open(group=autonomous.group, year=2023, by=autonomous.coordinator).year == 2023


def test_a_group_without_a_certificate_cannot_open_a_cycle(scope):
    _in_phase(scope.group, "autonomous")
    with pytest.raises(ValidationError) as error:
        annual_cycle_open(group=scope.group, year=2026, by=scope.coordinator)
    assert error.value.code == "no_certificate"


def test_opening_a_year_again_returns_the_cycle_already_open(cycle, autonomous):
    again = annual_cycle_open(group=autonomous.group, year=2026, by=autonomous.group_manager)
    assert again.pk == cycle.pk
    assert again.opened_by == autonomous.field_officer
    assert AnnualCycle.objects.count() == 1


# --- Recording the steps -------------------------------------------------------------------------------------


def test_a_step_is_recorded_with_its_date_note_and_who_recorded_it(cycle, autonomous):
    record = annual_step_record(
        cycle=cycle,
        step=AnnualStep.MANAGEMENT_REVIEW,
        by=autonomous.group_manager,
        done_on=datetime.date(2026, 3, 14),
        note="  Board and committee reviewed the 2025 results.  ",
    )
    record.refresh_from_db()
    assert (record.step, record.done_on, record.note, record.recorded_by, record.recorded_at) == (
        AnnualStep.MANAGEMENT_REVIEW,
        datetime.date(2026, 3, 14),
        "Board and committee reviewed the 2025 results.",
        autonomous.group_manager,
        timezone.now(),
    )


def test_recording_a_step_again_replaces_the_earlier_record(cycle, autonomous):
    annual_step_record(
        cycle=cycle, step=AnnualStep.PLAN_UPDATE, by=autonomous.group_manager, done_on=datetime.date(2026, 2, 1)
    )
    annual_step_record(
        cycle=cycle,
        step=AnnualStep.PLAN_UPDATE,
        by=autonomous.field_officer,
        done_on=datetime.date(2026, 4, 2),
        note="Date corrected from the minutes.",
    )
    record = AnnualStepRecord.objects.get(cycle=cycle)
    assert (record.done_on, record.note, record.recorded_by) == (
        datetime.date(2026, 4, 2),
        "Date corrected from the minutes.",
        autonomous.field_officer,
    )


def test_a_step_cannot_be_dated_in_the_future(cycle, autonomous):
    with pytest.raises(ValidationError) as error:
        annual_step_record(
            cycle=cycle, step=AnnualStep.EXTERNAL_AUDIT, by=autonomous.coordinator, done_on=TODAY.replace(day=16)
        )
    assert error.value.code == "future_date"
    assert not AnnualStepRecord.objects.exists()


@pytest.mark.parametrize("done_on", [datetime.date(2025, 1, 1), datetime.date(2026, 3, 31)])
def test_a_step_is_dated_in_its_year_or_the_three_months_after(autonomous, done_on):
    cycle = annual_cycle_open(group=autonomous.group, year=2025, by=autonomous.coordinator)
    annual_step_record(cycle=cycle, step=AnnualStep.RENEWAL, by=autonomous.coordinator, done_on=done_on)
    assert AnnualStepRecord.objects.get(cycle=cycle).done_on == done_on


@pytest.mark.parametrize("done_on", [datetime.date(2024, 12, 31), datetime.date(2026, 4, 1)])
def test_a_step_dated_outside_its_year_and_the_three_months_after_is_refused(autonomous, done_on):
    cycle = annual_cycle_open(group=autonomous.group, year=2025, by=autonomous.coordinator)
    with pytest.raises(ValidationError) as error:
        annual_step_record(cycle=cycle, step=AnnualStep.RENEWAL, by=autonomous.coordinator, done_on=done_on)
    assert error.value.code == "outside_cycle_year"
    assert "between 1 January 2025 and 31 March 2026" in error.value.messages[0]


def test_an_unknown_step_is_refused(cycle, autonomous):
    with pytest.raises(ValidationError) as error:
        annual_step_record(cycle=cycle, step="party", by=autonomous.coordinator, done_on=TODAY)
    assert error.value.code == "unknown_step"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_donors_and_outsiders_cannot_record_a_step(cycle, autonomous, role):
    with pytest.raises(PermissionDenied):
        annual_step_record(cycle=cycle, step=AnnualStep.MANAGEMENT_REVIEW, by=autonomous.users()[role], done_on=TODAY)
    assert not AnnualStepRecord.objects.exists()


def test_steps_are_not_recorded_once_the_group_has_left_the_autonomous_phase(cycle, autonomous):
    Trajectory.objects.filter(group=autonomous.group).update(phase=Phase.objects.get(code="planning-2"))
    with pytest.raises(ValidationError) as error:
        annual_step_record(cycle=cycle, step=AnnualStep.MANAGEMENT_REVIEW, by=autonomous.coordinator, done_on=TODAY)
    assert error.value.code == "not_autonomous"


# --- The requirements that fall due ----------------------------------------------------------------------------


def test_the_initial_certificate_year_is_that_of_the_earliest_certificate(db):
    group = ProducerGroupFactory.create()
    assert initial_certificate_year(group) is None
    _certified(group, 2024)
    _certified(group, 2023)
    assert initial_certificate_year(group) == 2023


@pytest.fixture
def chosen(db) -> ProducerGroup:
    """A group certified in 2023 that chose two standards, each with improvement requirements of years 0, 1, 3
    and 6, and core requirements that never count; a third standard it did not choose."""
    group = ProducerGroupFactory.create()
    _certified(group, 2023)
    organic = _standard("test-organic", "B Organic")
    fair = _standard("test-fair", "A Fair")
    other = _standard("test-other", "C Other")
    for standard, prefix in [(organic, "OR"), (fair, "FA"), (other, "OT")]:
        for year in [6, 3, 1, 0]:
            _requirement(standard, f"{prefix}-I{year}", year=year)
        _requirement(standard, f"{prefix}-I3b", year=3)
        _requirement(standard, f"{prefix}-C1", year=1, level=Level.CORE)
        _requirement(standard, f"{prefix}-C3", year=3, level=Level.CORE)
    GroupStandardFactory.create(group=group, standard=organic)
    GroupStandardFactory.create(group=group, standard=fair)
    return group


def test_in_2026_the_year_three_improvement_requirements_fall_due(chosen, django_assert_num_queries):
    with django_assert_num_queries(3):
        due = requirements_due(group=chosen, year=2026)
    assert (due.initial_year, due.certification_year, due.count) == (2023, 3, 4)
    assert [(block.standard.name, [r.code for r in block.requirements]) for block in due.standards] == [
        ("A Fair", ["FA-I3", "FA-I3b"]),
        ("B Organic", ["OR-I3", "OR-I3b"]),
    ]
    # The years 0 and 1 of both chosen standards; core requirements do not count.
    assert due.in_force == 4


@pytest.mark.parametrize(
    ("year", "codes", "in_force"),
    [
        (2022, [], 0),
        (2023, ["FA-I0", "OR-I0"], 0),
        (2024, ["FA-I1", "OR-I1"], 2),
        (2025, [], 4),
        (2029, ["FA-I6", "OR-I6"], 8),
        (2030, [], 10),
    ],
)
def test_each_year_lists_the_requirements_that_start_to_apply(chosen, year, codes, in_force):
    due = requirements_due(group=chosen, year=year)
    assert [r.code for block in due.standards for r in block.requirements] == codes
    assert due.in_force == in_force


def test_nothing_falls_due_for_a_group_without_a_certificate(db):
    group = ProducerGroupFactory.create()
    due = requirements_due(group=group, year=2026)
    assert (due.initial_year, due.certification_year, due.standards, due.in_force) == (None, None, [], 0)
