"""The phase page, the group page's to-do list and the timeline, through the test client."""

import re

import pytest
from django.urls import reverse

from cycles.models import Criterion, Phase
from cycles.services import phase_override, trajectory_start

from ..helpers import flash_messages


@pytest.fixture
def started(scope):
    trajectory_start(group=scope.group, by=scope.field_officer)
    return scope


def _phase_url(scope):
    return reverse("cycles:phase", kwargs={"pk": scope.group.pk})


def test_phase_page_lists_every_criterion_with_its_state(started, login):
    text = login(started.field_officer).get(_phase_url(started)).content.decode()
    assert "Phase 1 of 5 · Preconditions" in text
    assert "A basic member list exists." in text
    assert "1 members in the register; at least 10 needed." in text
    assert "Not answered" in text
    assert 'data-testid="advance"' in text


@pytest.mark.parametrize(
    ("role", "moves", "answers"),
    [
        ("coordinator", True, True),
        ("field_officer", True, True),
        ("group_manager", False, True),
        ("donor", False, False),
    ],
)
def test_phase_page_offers_each_role_what_it_may_do(started, login, role, moves, answers):
    text = login(started.users()[role]).get(_phase_url(started)).content.decode()
    assert ('data-testid="moves"' in text) is moves
    assert ('data-testid="answer-form"' in text) is answers


def test_a_closed_gate_shows_advance_disabled_with_the_reason_and_only_the_moves_that_apply(started, login):
    text = login(started.field_officer).get(_phase_url(started)).content.decode()
    button = re.search(r"<button[^>]*data-testid=\"advance\"[^>]*>", text)
    assert button
    assert "disabled" in button.group(0)
    assert 'data-testid="advance-blocked"' in text
    moves = re.search(r'<select name="kind".*?</select>', text, re.S)
    assert moves
    assert re.findall(r'<option value="(\w+)"', moves.group(0)) == ["hold", "withdraw"]
    assert "Resume" not in text
    assert "Certificate suspended" not in text
    assert 'name="to_phase"' not in text  # nothing to go back to from the first phase


def test_refused_advance_is_one_short_message_that_points_below(started, login):
    client = login(started.field_officer)
    phase = Phase.objects.get(code="preconditions")
    response = client.post(reverse("cycles:advance", kwargs={"pk": started.group.pk}), {"expected_phase": phase.pk})
    messages = flash_messages(response)
    assert len(messages) == 1
    assert messages[0].startswith("The group cannot advance yet")
    assert "Answer them below" not in messages[0]
    started.group.trajectory.refresh_from_db()
    assert started.group.trajectory.phase == phase


def test_an_unmet_computed_criterion_links_to_the_records_that_would_change_it(started, login):
    phase_override(
        group=started.group,
        by=started.coordinator,
        expected_phase=Phase.objects.get(code="preconditions"),
        justification="Walking on for the test of the links below.",
    )
    phase_override(
        group=started.group,
        by=started.coordinator,
        expected_phase=Phase.objects.get(code="planning-1"),
        justification="Walking on for the test of the links below.",
    )
    text = login(started.field_officer).get(_phase_url(started)).content.decode()
    rounds = reverse("cycles:inspection_rounds", kwargs={"pk": started.group.pk})
    assert re.search(rf'href="{rounds}"[^>]*>\s*Record an inspection', text)
    inspectors = reverse("cycles:inspectors", kwargs={"pk": started.group.pk})
    assert f'href="{inspectors}"' in text


def test_override_through_the_page_and_the_timeline_shows_it(started, login):
    client = login(started.coordinator)
    phase = Phase.objects.get(code="preconditions")
    response = client.post(
        reverse("cycles:override", kwargs={"pk": started.group.pk}),
        {"expected_phase": phase.pk, "justification": "The buyer's letter arrives next week; the board is elected."},
        follow=True,
    )
    assert "Override recorded" in response.content.decode()
    timeline = client.get(reverse("cycles:timeline", kwargs={"pk": started.group.pk})).content.decode()
    assert 'data-kind="override"' in timeline
    assert "The buyer&#x27;s letter arrives next week" in timeline


def test_a_short_justification_is_refused_on_the_page(started, login):
    phase = Phase.objects.get(code="preconditions")
    response = login(started.coordinator).post(
        reverse("cycles:override", kwargs={"pk": started.group.pk}),
        {"expected_phase": phase.pk, "justification": "because"},
        follow=True,
    )
    assert "at least 20 characters" in response.content.decode()


def test_a_move_without_a_reason_is_refused_on_the_page(started, login):
    phase = Phase.objects.get(code="preconditions")
    response = login(started.field_officer).post(
        reverse("cycles:move", kwargs={"pk": started.group.pk}),
        {"expected_phase": phase.pk, "kind": "hold", "reason": ""},
        follow=True,
    )
    assert "Say why." in response.content.decode()


def test_the_decision_keeps_the_criteria_it_was_made_against(started, login):
    move = phase_override(
        group=started.group,
        by=started.coordinator,
        expected_phase=Phase.objects.get(code="preconditions"),
        justification="Moving on: the member list is being typed in this week.",
    )
    # The criterion is reworded afterwards; the decision still shows the old words.
    Criterion.objects.filter(code="basic-member-list").update(
        text="A complete member list with phone numbers.", version=2
    )
    text = login(started.donor).get(reverse("cycles:move_detail", kwargs={"pk": move.pk})).content.decode()
    assert "A basic member list exists." in text
    assert "A complete member list with phone numbers." not in text


def test_group_page_lists_what_is_next(started, login):
    text = (
        login(started.group_manager)
        .get(reverse("cycles:group_detail", kwargs={"pk": started.group.pk}))
        .content.decode()
    )
    assert 'data-testid="what-next"' in text
    assert "A buyer has said in writing that it wants the group&#x27;s certified produce." in text


def test_a_group_not_started_can_be_started_from_its_phase_page(scope, login):
    client = login(scope.field_officer)
    assert "Start with the preconditions" in client.get(_phase_url(scope)).content.decode()
    client.post(reverse("cycles:start", kwargs={"pk": scope.group.pk}))
    assert scope.group.trajectory.phase.code == "preconditions"


def test_timeline_of_a_group_without_moves_says_so(scope, login):
    text = (
        login(scope.coordinator).get(reverse("cycles:timeline", kwargs={"pk": scope.other_group.pk})).content.decode()
    )
    assert "No move recorded yet" in text
