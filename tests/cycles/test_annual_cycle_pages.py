"""The annual cycle page for every role: the checklist of steps, opening a cycle and recording a step from the
page with the refusals as messages, the requirements due, and the page's query budget."""

import datetime

import pytest
from django.urls import reverse

from cycles.annual import requirements_due
from cycles.models import AnnualCycle, AnnualStep, AnnualStepRecord
from cycles.services.annual import annual_step_record
from producers.models import ProducerGroup

from ..factories import GroupStandardFactory
from ..helpers import RECORD_KEEPERS, flash_messages, page_query_count
from .annual_fixtures import _certified, _in_phase, _requirement, _standard
from .annual_fixtures import autonomous as autonomous  # a fixture
from .annual_fixtures import cycle as cycle  # a fixture
from .clock_fixtures import TODAY
from .clock_fixtures import frozen as frozen  # a fixture

# --- The page ---------------------------------------------------------------------------------------------------


def _page(group: ProducerGroup, year: int = 2026) -> str:
    return reverse("cycles:annual_cycle", kwargs={"pk": group.pk, "year": year})


def test_the_current_cycle_is_this_years(autonomous, login):
    response = login(autonomous.field_officer).get(reverse("cycles:annual_current", kwargs={"pk": autonomous.group.pk}))
    assert response.status_code == 302
    assert response.url == _page(autonomous.group, 2026)


@pytest.mark.parametrize("role", RECORD_KEEPERS)
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


@pytest.mark.parametrize("role", RECORD_KEEPERS)
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
