"""The improvement plan: adding and changing actions, status moves in the history, dropping with a reason,
overdue actions standing out, concurrent edits, and the pages for every role."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles.models import Indicator, PlanAction, PlanStatus
from cycles.selectors.plans import drop_reason, plan_actions, plan_figures
from cycles.services.plans import plan_action_create, plan_action_update
from producers.history import StaleRecord, history_entries
from standards.models import Requirement

from ..factories_nonconformities import choose as choose_standard
from ..factories_records import PlanActionFactory
from ..helpers import page_query_count

NAIROBI = ZoneInfo("Africa/Nairobi")
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


@pytest.fixture
def requirement(scope) -> Requirement:
    standard = choose_standard(scope.group)
    return Requirement.objects.filter(standard=standard).order_by("code")[0]


def _create(scope, **overrides) -> PlanAction:
    arguments = {
        "group": scope.group,
        "by": scope.group_manager,
        "title": "Train two more internal inspectors",
        "owner": "ICS manager",
        "deadline": datetime.date(2026, 9, 30),
        "gap": "Only one inspector for 300 members.",
    }
    arguments.update(overrides)
    return plan_action_create(**arguments)


def _update(action: PlanAction, by, **overrides) -> PlanAction:
    arguments = {
        "action": action,
        "by": by,
        "expected_version": action.version,
        "title": action.title,
        "owner": action.owner,
        "deadline": action.deadline,
        "requirement": action.requirement,
        "gap": action.gap,
        "indicator": action.indicator,
        "status": action.status,
    }
    arguments.update(overrides)
    return plan_action_update(**arguments)


# --- Services ------------------------------------------------------------------------------------------------


def test_an_action_links_a_requirement_or_a_gap_and_the_indicator_it_should_move(scope, requirement):
    indicator = Indicator.objects.get(code="inspection-coverage")
    action = _create(scope, requirement=requirement, gap="", indicator=indicator)
    assert (action.requirement, action.indicator, action.status, action.version) == (
        requirement,
        indicator,
        PlanStatus.PLANNED,
        1,
    )
    [version] = action.history.all()
    assert version.history_user == scope.group_manager


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"owner": ""}, "owner_required"),
        ({"gap": "  "}, "gap_required"),
        ({"status": "cancelled"}, "status"),
        ({"status": PlanStatus.DROPPED}, "reason_required"),
        ({"reason": "r" * 1001}, "reason_too_long"),
    ],
)
def test_adding_refuses_an_incomplete_action(scope, overrides, code):
    with pytest.raises(ValidationError) as refused:
        _create(scope, **overrides)
    assert refused.value.code == code
    assert not PlanAction.objects.exists()


def test_the_requirement_must_be_of_a_chosen_standard(scope, requirement):
    elsewhere = Requirement.objects.exclude(standard=requirement.standard).first()
    with pytest.raises(ValidationError) as refused:
        _create(scope, requirement=elsewhere)
    assert refused.value.code == "requirement_not_chosen"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_the_plan_is_kept_by_those_who_keep_the_records(scope, role):
    with pytest.raises(PermissionDenied):
        _create(scope, by=scope.users()[role])
    action = _create(scope)
    with pytest.raises(PermissionDenied):
        _update(action, scope.users()[role], status=PlanStatus.DONE)


def test_status_moves_are_versions_in_the_history_with_who_and_why(scope):
    action = _create(scope)
    action = _update(action, scope.field_officer, status=PlanStatus.IN_PROGRESS)
    action = _update(action, scope.group_manager, status=PlanStatus.DROPPED, reason="The buyer pulled out.")
    assert (action.status, action.version) == (PlanStatus.DROPPED, 3)
    entries = history_entries(action)
    assert [entry.by for entry in entries] == [scope.group_manager, scope.field_officer, scope.group_manager]
    assert entries[0].reason == "The buyer pulled out."
    assert [(c.field, str(c.old), str(c.new)) for c in entries[0].changes] == [("status", "In progress", "Dropped")]
    assert drop_reason(action) == "The buyer pulled out."
    # Once dropped, changing something else needs no new reason, and the first one stays.
    action = _update(action, scope.group_manager, owner="Chair")
    assert drop_reason(action) == "The buyer pulled out."


def test_dropping_needs_a_reason(scope):
    action = _create(scope)
    with pytest.raises(ValidationError) as refused:
        _update(action, scope.group_manager, status=PlanStatus.DROPPED, reason="   ")
    assert refused.value.code == "reason_required"
    action.refresh_from_db()
    assert action.status == PlanStatus.PLANNED


def test_a_stale_edit_is_refused_and_writes_nothing(scope):
    action = _create(scope)
    _update(action, scope.field_officer, status=PlanStatus.DONE)
    with pytest.raises(StaleRecord):
        _update(action, scope.group_manager, status=PlanStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert (action.status, action.version) == (PlanStatus.DONE, 2)


def test_overdue_actions_are_the_open_ones_past_their_deadline(scope):
    late = PlanActionFactory.create(group=scope.group, deadline=TODAY - datetime.timedelta(days=1))
    PlanActionFactory.create(group=scope.group, deadline=TODAY)  # due today: not overdue yet
    PlanActionFactory.create(group=scope.group, deadline=TODAY - datetime.timedelta(days=30), status=PlanStatus.DONE)
    in_progress = PlanActionFactory.create(
        group=scope.group, deadline=datetime.date(2026, 1, 1), status=PlanStatus.IN_PROGRESS
    )
    PlanActionFactory.create(group=scope.other_group, deadline=datetime.date(2026, 1, 1))
    actions: Any = plan_actions(group=scope.group, show="all")
    overdue = set(actions.filter(overdue=True).values_list("pk", flat=True))
    assert overdue == {late.pk, in_progress.pk}
    assert {a.pk for a in plan_actions(group=scope.group, show="overdue")} == overdue
    figures = plan_figures(scope.group)
    assert (figures.total, figures.planned, figures.in_progress, figures.done, figures.overdue) == (4, 2, 1, 1, 2)
    # Open ones first, by deadline; then the others.
    assert [a.status for a in plan_actions(group=scope.group, show="all")][-1] == PlanStatus.DONE


# --- Pages ---------------------------------------------------------------------------------------------------


def _plan(group) -> str:
    return reverse("cycles:plan", kwargs={"pk": group.pk})


def _edit(action) -> str:
    return reverse("cycles:plan_action_update", kwargs={"pk": action.pk})


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor"])
def test_every_role_that_sees_the_group_reads_its_plan_with_overdue_actions_standing_out(scope, login, role):
    PlanActionFactory.create(group=scope.group, title="Write the internal rules", deadline=datetime.date(2026, 1, 31))
    text = login(scope.users()[role]).get(_plan(scope.group)).content.decode()
    assert "Write the internal rules" in text
    assert "data-overdue" in text
    assert "Overdue" in text
    assert ("Add an action" in text) is (role != "donor")


def test_a_dropped_action_shows_why(scope, login):
    action = _update(_create(scope), scope.group_manager, status=PlanStatus.DROPPED, reason="Merged with another")
    text = login(scope.donor).get(_plan(scope.group) + "?show=dropped").content.decode()
    assert action.title in text
    assert "Merged with another" in text


def test_a_donor_and_an_outsider_cannot_change_the_plan(scope, login):
    action = PlanActionFactory.create(group=scope.group)
    assert login(scope.donor).get(_edit(action)).status_code == 403
    assert (
        login(scope.donor).get(reverse("cycles:plan_action_create", kwargs={"pk": scope.group.pk})).status_code == 403
    )
    assert login(scope.outsider).get(_edit(action)).status_code == 404
    assert login(scope.outsider).get(_plan(scope.group)).status_code == 404


def test_adding_through_the_page_offers_the_chosen_standards_requirements_only(scope, login, requirement):
    client = login(scope.group_manager)
    form = client.get(reverse("cycles:plan_action_create", kwargs={"pk": scope.group.pk})).context["form"]
    assert set(form.fields["requirement"].queryset.values_list("standard_id", flat=True)) == {requirement.standard_id}
    response = client.post(
        reverse("cycles:plan_action_create", kwargs={"pk": scope.group.pk}),
        {
            "title": "Annual inspection of all",
            "requirement": requirement.pk,
            "owner": "ICS manager",
            "deadline": "2026-10-01",
            "status": PlanStatus.PLANNED,
        },
    )
    action = PlanAction.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?show=open#action-{action.pk}")


def test_dropping_through_the_page_without_a_reason_is_refused_with_what_was_typed(scope, login):
    action = _create(scope)
    data = {
        "title": "New words",
        "gap": action.gap,
        "owner": "Chair",
        "deadline": "2026-09-30",
        "status": PlanStatus.DROPPED,
        "expected_version": action.version,
    }
    response = login(scope.group_manager).post(_edit(action), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Say why the action is dropped." in text
    assert 'value="New words"' in text
    action.refresh_from_db()
    assert action.status == PlanStatus.PLANNED


def test_a_stale_edit_through_the_page_keeps_what_was_typed_beside_the_saved_version(scope, login):
    action = _create(scope)
    _update(action, scope.field_officer, status=PlanStatus.DONE)
    data = {
        "title": "Mine",
        "gap": action.gap,
        "owner": "Chair",
        "deadline": "2026-09-30",
        "status": PlanStatus.IN_PROGRESS,
        "expected_version": 1,
    }
    response = login(scope.group_manager).post(_edit(action), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Someone else saved this record" in text
    assert 'value="Mine"' in text
    assert 'data-testid="current-version"' in text
    assert 'name="expected_version" value="2"' in text


def test_the_action_page_shows_its_history(scope, login):
    action = _update(_create(scope), scope.field_officer, status=PlanStatus.IN_PROGRESS)
    text = login(scope.group_manager).get(_edit(action)).content.decode()
    assert 'data-testid="history"' in text
    assert "In progress" in text
    assert str(scope.field_officer) in text


def test_the_empty_plan_says_what_to_do(scope, login):
    text = login(scope.group_manager).get(_plan(scope.group)).content.decode()
    assert "The group has no improvement plan yet." in text
    assert "Add an action for each gap" in text


@pytest.mark.parametrize("show", ["open", "all", "dropped"])
@pytest.mark.parametrize("role", ["group_manager", "donor"])
def test_the_plan_queries_do_not_grow_with_actions(scope, login, requirement, role, show):
    client = login(scope.users()[role])
    indicator = Indicator.objects.get(code="training-coverage")

    url = _plan(scope.group) + f"?show={show}"

    _update(_create(scope, requirement=requirement), scope.group_manager, status=PlanStatus.DROPPED, reason="No")
    PlanActionFactory.create(group=scope.group, requirement=requirement, indicator=indicator)
    small = page_query_count(client, url)
    for index in range(40):
        PlanActionFactory.create(
            group=scope.group,
            requirement=requirement,
            indicator=indicator,
            status=[PlanStatus.PLANNED, PlanStatus.DROPPED][index % 2],
            deadline=datetime.date(2026, 1, 1) + datetime.timedelta(days=index * 9),
        )
    large = page_query_count(client, url)
    assert large == small
    assert large <= 20
