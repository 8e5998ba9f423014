"""The yearly loop of autonomous groups: opening a year's cycle, recording its steps, the improvement
requirements that fall due, and the page that shows them to every role."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles.annual import initial_certificate_year, requirements_due
from cycles.models import AnnualCycle, AnnualStep, AnnualStepRecord, Phase, Trajectory, TrajectoryStatus
from cycles.services.annual import annual_cycle_open, annual_step_record
from producers.models import ProducerGroup
from standards.models import Domain, Level, Requirement, Standard, StandardKind

from ..factories import CertificateFactory, GroupStandardFactory, ProducerGroupFactory
from ..helpers import flash_messages, page_query_count

NAIROBI = ZoneInfo("Africa/Nairobi")
TODAY = datetime.date(2026, 6, 15)
EDITORS = ["coordinator", "field_officer", "group_manager"]


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Mid-2026, so that "this year", "the future" and the grace months after a year are fixed."""
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


def _in_phase(group: ProducerGroup, code: str, status: str = TrajectoryStatus.ACTIVE) -> Trajectory:
    now = timezone.now()
    return Trajectory.objects.create(
        group=group, phase=Phase.objects.get(code=code), phase_since=now, started_at=now, status=status
    )


def _certified(group: ProducerGroup, year: int) -> None:
    CertificateFactory.create(
        group=group, valid_from=datetime.date(year, 3, 1), valid_to=datetime.date(year + 3, 2, 28)
    )


def _standard(code: str, name: str) -> Standard:
    return Standard.objects.create(
        code=code, name=name, short_name=name, owner="Test owner", version="1", kind=StandardKind.IMPROVEMENT
    )


def _requirement(standard: Standard, code: str, *, year: int, level: str = Level.IMPROVEMENT) -> Requirement:
    return Requirement.objects.create(
        standard=standard,
        code=code,
        text=f"Requirement {code}",
        domain=Domain.ENVIRONMENT,
        level=level,
        applies_from_year=year,
    )


@pytest.fixture
def autonomous(scope):
    """The scope's group, certified in 2023 and running its yearly loop."""
    _in_phase(scope.group, "autonomous")
    _certified(scope.group, 2023)
    return scope


@pytest.fixture
def cycle(autonomous) -> AnnualCycle:
    return annual_cycle_open(group=autonomous.group, year=2026, by=autonomous.field_officer)


# --- Opening a year's cycle ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
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


# --- The page ---------------------------------------------------------------------------------------------------


def _page(group: ProducerGroup, year: int = 2026) -> str:
    return reverse("cycles:annual_cycle", kwargs={"pk": group.pk, "year": year})


def test_the_current_cycle_is_this_years(autonomous, login):
    response = login(autonomous.field_officer).get(reverse("cycles:annual_current", kwargs={"pk": autonomous.group.pk}))
    assert response.status_code == 302
    assert response.url == _page(autonomous.group, 2026)


@pytest.mark.parametrize("role", EDITORS)
def test_those_who_change_the_group_see_the_checklist_with_a_form_per_step(cycle, autonomous, login, role):
    annual_step_record(
        cycle=cycle,
        step=AnnualStep.MANAGEMENT_REVIEW,
        by=autonomous.group_manager,
        done_on=datetime.date(2026, 3, 14),
        note="Held with the board.",
    )
    response = login(autonomous.users()[role]).get(_page(autonomous.group))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="step"') == 5
    assert html.count('data-done="true"') == 1
    assert "14 Mar 2026" in html
    assert "Held with the board." in html
    assert html.count('data-testid="step-form"') == 5
    steps = [item.row.step for item in response.context["rows"]]
    assert steps == list(AnnualStep)


def test_donors_read_the_checklist_without_forms(cycle, autonomous, login):
    response = login(autonomous.donor).get(_page(autonomous.group))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="step"') == 5
    assert 'data-testid="step-form"' not in html
    assert 'data-testid="open-cycle"' not in html


def test_outsiders_do_not_find_the_page(cycle, autonomous, login):
    client = login(autonomous.outsider)
    assert client.get(_page(autonomous.group)).status_code == 404
    assert client.get(reverse("cycles:annual_current", kwargs={"pk": autonomous.group.pk})).status_code == 404


def test_the_field_officer_does_not_reach_a_group_outside_the_portfolio(autonomous, login):
    _in_phase(autonomous.other_group, "autonomous")
    assert login(autonomous.field_officer).get(_page(autonomous.other_group)).status_code == 404
    assert login(autonomous.coordinator).get(_page(autonomous.other_group)).status_code == 200


def test_a_year_not_yet_open_offers_to_open_it(autonomous, login):
    html = login(autonomous.group_manager).get(_page(autonomous.group)).content.decode()
    assert 'data-testid="not-open"' in html
    assert 'data-testid="open-cycle"' in html


def test_a_year_that_cannot_be_opened_says_why_without_a_button(autonomous, login):
    html = login(autonomous.coordinator).get(_page(autonomous.group, 2022)).content.decode()
    assert 'data-testid="open-cycle"' not in html
    assert "initial certificate dates from 2023" in html


def test_a_group_not_in_the_autonomous_phase_gets_an_explanation(scope, login):
    _in_phase(scope.group, "planning-2")
    _certified(scope.group, 2023)
    response = login(scope.coordinator).get(_page(scope.group))
    html = response.content.decode()
    assert 'data-testid="not-autonomous"' in html
    assert "autonomous phase" in html
    assert 'data-testid="open-cycle"' not in html
    assert 'data-testid="step"' not in html


def test_the_page_lists_the_requirements_due_and_links_the_years(autonomous, login):
    standard = _standard("test-fair", "A Fair")
    _requirement(standard, "FA-I3", year=3)
    _requirement(standard, "FA-I1", year=1)
    GroupStandardFactory.create(group=autonomous.group, standard=standard)
    response = login(autonomous.donor).get(_page(autonomous.group))
    html = response.content.decode()
    assert 'data-code="FA-I3"' in html
    assert 'data-code="FA-I1"' not in html
    assert "1 improvement requirement of earlier years applies already." in html
    assert (response.context["previous_year"], response.context["next_year"]) == (2025, None)
    response = login(autonomous.donor).get(_page(autonomous.group, 2023))
    assert (response.context["previous_year"], response.context["next_year"]) == (None, 2024)


@pytest.mark.parametrize("role", EDITORS)
def test_those_who_change_the_group_open_the_cycle_from_the_page(autonomous, login, role):
    url = reverse("cycles:annual_open", kwargs={"pk": autonomous.group.pk, "year": 2026})
    response = login(autonomous.users()[role]).post(url)
    assert response.status_code == 302
    assert response.url == _page(autonomous.group)
    assert AnnualCycle.objects.get(group=autonomous.group).year == 2026
    assert flash_messages(response) == ["The cycle of 2026 is open."]


def test_a_refused_opening_comes_back_as_an_error_message(autonomous, login):
    url = reverse("cycles:annual_open", kwargs={"pk": autonomous.group.pk, "year": 2027})
    response = login(autonomous.coordinator).post(url)
    assert response.status_code == 302
    assert not AnnualCycle.objects.exists()
    assert flash_messages(response) == ["2027 has not begun yet: a year's cycle is opened in that year."]


def _step_post(group: ProducerGroup, **data: str) -> tuple[str, dict[str, str]]:
    url = reverse("cycles:annual_step", kwargs={"pk": group.pk, "year": 2026})
    return url, {"step": AnnualStep.INSPECTION_ROUND.value, "done_on": "2026-05-20", "note": "All 212 members."} | data


def test_the_group_manager_records_a_step_from_the_page(cycle, autonomous, login):
    url, data = _step_post(autonomous.group)
    response = login(autonomous.group_manager).post(url, data)
    assert response.status_code == 302
    assert response.url == _page(autonomous.group) + "#step-inspection_round"
    record = AnnualStepRecord.objects.get(cycle=cycle)
    assert (record.step, record.done_on, record.recorded_by) == (
        AnnualStep.INSPECTION_ROUND,
        datetime.date(2026, 5, 20),
        autonomous.group_manager,
    )
    assert flash_messages(response) == ["“Internal inspection round” recorded as done."]


def test_a_step_recorded_again_from_the_page_is_corrected(cycle, autonomous, login):
    client = login(autonomous.field_officer)
    url, data = _step_post(autonomous.group)
    client.post(url, data)
    response = client.post(url, data | {"done_on": "2026-05-22"})
    assert AnnualStepRecord.objects.get(cycle=cycle).done_on == datetime.date(2026, 5, 22)
    assert flash_messages(response)[-1] == "“Internal inspection round” corrected."


def test_a_future_date_comes_back_as_an_error_message(cycle, autonomous, login):
    url, data = _step_post(autonomous.group, done_on="2026-07-01")
    response = login(autonomous.field_officer).post(url, data)
    assert response.status_code == 302
    assert not AnnualStepRecord.objects.exists()
    assert flash_messages(response) == ["A step is recorded once it is done: the date cannot be in the future."]


def test_a_step_form_without_a_date_comes_back_as_an_error_message(cycle, autonomous, login):
    url, data = _step_post(autonomous.group, done_on="")
    response = login(autonomous.field_officer).post(url, data)
    assert not AnnualStepRecord.objects.exists()
    assert flash_messages(response) == ["Done on: This field is required."]


def test_a_step_of_a_year_not_open_is_refused(autonomous, login):
    url, data = _step_post(autonomous.group)
    response = login(autonomous.field_officer).post(url, data)
    assert not AnnualStepRecord.objects.exists()
    assert flash_messages(response) == ["Open the cycle of 2026 first."]


def test_donors_cannot_change_the_cycle(cycle, autonomous, login):
    client = login(autonomous.donor)
    url, data = _step_post(autonomous.group)
    assert client.post(url, data).status_code == 403
    open_url = reverse("cycles:annual_open", kwargs={"pk": autonomous.group.pk, "year": 2025})
    assert client.post(open_url).status_code == 403
    assert not AnnualStepRecord.objects.exists()
    assert AnnualCycle.objects.count() == 1


def test_outsiders_cannot_change_the_cycle(cycle, autonomous, login):
    client = login(autonomous.outsider)
    url, data = _step_post(autonomous.group)
    assert client.post(url, data).status_code == 404
    open_url = reverse("cycles:annual_open", kwargs={"pk": autonomous.group.pk, "year": 2025})
    assert client.post(open_url).status_code == 404
    assert not AnnualStepRecord.objects.exists()


def test_the_actions_take_only_posts(cycle, autonomous, login):
    client = login(autonomous.coordinator)
    url, _data = _step_post(autonomous.group)
    assert client.get(url).status_code == 405
    assert (
        client.get(reverse("cycles:annual_open", kwargs={"pk": autonomous.group.pk, "year": 2026})).status_code == 405
    )


def test_an_impossible_year_is_not_found(autonomous, login):
    assert login(autonomous.coordinator).get(_page(autonomous.group, 0)).status_code == 404


@pytest.mark.parametrize("role", ["field_officer", "donor"])
def test_the_page_queries_do_not_grow_with_the_requirements_due(cycle, autonomous, login, role):
    client = login(autonomous.users()[role])
    standard = _standard("test-fair", "A Fair")
    GroupStandardFactory.create(group=autonomous.group, standard=standard)
    _requirement(standard, "FA-I3-00", year=3)
    small = page_query_count(client, _page(autonomous.group))
    for n in range(1, 25):
        _requirement(standard, f"FA-I3-{n:02d}", year=3)
        _requirement(standard, f"FA-I1-{n:02d}", year=1)
    organic = _standard("test-organic", "B Organic")
    GroupStandardFactory.create(group=autonomous.group, standard=organic)
    for n in range(10):
        _requirement(organic, f"OR-I3-{n:02d}", year=3)
    for step in AnnualStep:
        annual_step_record(cycle=cycle, step=step, by=autonomous.field_officer, done_on=TODAY)
    large = page_query_count(client, _page(autonomous.group))
    assert requirements_due(group=autonomous.group, year=2026).count == 35
    assert large == small, f"{small} queries for 1 requirement due, {large} for 35"
