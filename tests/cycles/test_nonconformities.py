"""The non-conformity workflow (open → action planned → implemented → verified and closed, and back when the
verification fails), corrective actions, overdue, and two people moving one non-conformity at once."""

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cycles.models import CorrectiveAction, NCStatus, NCStatusChange, NonConformity
from cycles.selectors.nonconformities import group_overdue_count, nonconformity_list
from cycles.services.nonconformities import (
    corrective_action_create,
    corrective_action_done,
    corrective_action_update,
    nonconformity_move,
)
from producers.history import StaleRecord

from ..factories_nonconformities import days_ago, make_action, make_ics_inspector, make_nc
from ..helpers import RECORD_KEEPERS

OPEN, PLANNED, IMPLEMENTED, CLOSED = NCStatus.OPEN, NCStatus.ACTION_PLANNED, NCStatus.IMPLEMENTED, NCStatus.CLOSED


@pytest.fixture
def nc(scope):
    return make_nc(scope.group, scope.group_manager, member=scope.member)


@pytest.fixture
def verifier(scope):
    """The second person who verifies (see test_nonconformities_verification.py for the rule)."""
    return make_ics_inspector(scope.group, scope.group_manager)


def _move(nc, user, to_status, **kwargs):
    return nonconformity_move(nonconformity=nc, by=user, to_status=to_status, **kwargs)


def _to_implemented(nc, user):
    action = make_action(nc, user)
    _move(nc, user, PLANNED)
    corrective_action_done(action=action, by=user)
    _move(nc, user, IMPLEMENTED)
    return action


def test_a_new_nonconformity_is_open_with_its_first_status_row(nc, scope):
    assert nc.status == OPEN
    change = NCStatusChange.objects.get(nonconformity=nc)
    assert (change.from_status, change.to_status, change.changed_by) == ("", OPEN, scope.group_manager)


def test_the_whole_way_to_closed_keeps_every_move(nc, scope, verifier):
    user = scope.group_manager
    _to_implemented(nc, user)
    change = _move(nc, verifier, CLOSED, note="Seen on the farm: the store is locked.")
    nc.refresh_from_db()
    assert nc.status == CLOSED
    assert nc.closed_on == timezone.localdate()
    assert change.note == "Seen on the farm: the store is locked."
    moves = list(NCStatusChange.objects.filter(nonconformity=nc).values_list("from_status", "to_status"))
    assert moves == [("", OPEN), (OPEN, PLANNED), (PLANNED, IMPLEMENTED), (IMPLEMENTED, CLOSED)]
    record = nc.history.latest("history_date")
    assert record.history_user == verifier
    assert record.history_change_reason == "Seen on the farm: the store is locked."


def test_open_to_action_planned_needs_a_corrective_action(nc, scope):
    with pytest.raises(ValidationError) as error:
        _move(nc, scope.group_manager, PLANNED)
    assert error.value.code == "no_action"
    nc.refresh_from_db()
    assert nc.status == OPEN
    assert NCStatusChange.objects.filter(nonconformity=nc).count() == 1


def test_implemented_needs_every_action_done(nc, scope):
    user = scope.group_manager
    first = make_action(nc, user)
    make_action(nc, user, description="Train the clerk.")
    _move(nc, user, PLANNED)
    corrective_action_done(action=first, by=user)
    with pytest.raises(ValidationError) as error:
        _move(nc, user, IMPLEMENTED)
    assert error.value.code == "actions_not_done"
    nc.refresh_from_db()
    assert nc.status == PLANNED


@pytest.mark.parametrize(
    ("start", "to_status"),
    [
        (OPEN, IMPLEMENTED),
        (OPEN, CLOSED),
        (OPEN, OPEN),
        (PLANNED, CLOSED),
        (PLANNED, OPEN),
        (PLANNED, PLANNED),
        (IMPLEMENTED, OPEN),
        (CLOSED, OPEN),
        (CLOSED, PLANNED),
        (CLOSED, IMPLEMENTED),
    ],
)
def test_moves_outside_the_workflow_are_refused(nc, scope, verifier, start, to_status):
    user = scope.group_manager
    if start != OPEN:
        _to_implemented(nc, user)
        if start == PLANNED:
            _move(nc, user, PLANNED, note="The store was open again.")
        elif start == CLOSED:
            _move(nc, verifier, CLOSED, note="Verified.")
    nc.refresh_from_db()
    assert nc.status == start
    count = NCStatusChange.objects.filter(nonconformity=nc).count()
    with pytest.raises(ValidationError) as error:
        _move(nc, user, to_status, note="Trying.")
    assert error.value.code == "move_not_allowed"
    nc.refresh_from_db()
    assert nc.status == start
    assert NCStatusChange.objects.filter(nonconformity=nc).count() == count


def test_closing_needs_a_verification_note(nc, scope):
    _to_implemented(nc, scope.group_manager)
    with pytest.raises(ValidationError) as error:
        _move(nc, scope.group_manager, CLOSED, note="  ")
    assert error.value.code == "note_required"


def test_a_failed_verification_goes_back_to_action_planned_with_a_note(nc, scope):
    user = scope.field_officer
    _to_implemented(nc, user)
    with pytest.raises(ValidationError) as error:
        _move(nc, user, PLANNED)
    assert error.value.code == "note_required"
    change = _move(nc, user, PLANNED, note="The books still do not match.")
    nc.refresh_from_db()
    assert nc.status == PLANNED
    assert (change.from_status, change.to_status, change.changed_by) == (IMPLEMENTED, PLANNED, user)
    # A further action, done, lets it be implemented again.
    further = make_action(nc, user, description="Weigh every delivery.")
    corrective_action_done(action=further, by=user)
    _move(nc, user, IMPLEMENTED)
    nc.refresh_from_db()
    assert nc.status == IMPLEMENTED


@pytest.mark.parametrize(
    ("closed_on", "code"),
    [(1, "future_date"), (-400, "closed_before_found")],
)
def test_the_closing_date_is_checked(nc, scope, verifier, closed_on, code):
    _to_implemented(nc, scope.group_manager)
    with pytest.raises(ValidationError) as error:
        _move(nc, verifier, CLOSED, note="Verified.", closed_on=days_ago(-closed_on))
    assert error.value.code == code


def test_the_closing_date_is_not_before_the_last_action_was_done(nc, scope, verifier):
    user = scope.group_manager
    action = make_action(nc, user)
    _move(nc, user, PLANNED)
    corrective_action_done(action=action, by=user, done_on=days_ago(2))
    _move(nc, user, IMPLEMENTED)
    with pytest.raises(ValidationError) as error:
        _move(nc, verifier, CLOSED, note="Verified.", closed_on=days_ago(5))
    assert error.value.code == "closed_before_done"
    _move(nc, verifier, CLOSED, note="Verified.", closed_on=days_ago(1))
    nc.refresh_from_db()
    assert nc.closed_on == days_ago(1)


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_keep_the_records_move_a_nonconformity(nc, scope, role):
    make_action(nc, scope.group_manager)
    with pytest.raises(PermissionDenied):
        _move(nc, scope.users()[role], PLANNED)
    nc.refresh_from_db()
    assert nc.status == OPEN


@pytest.mark.parametrize("role", RECORD_KEEPERS)
def test_every_role_that_keeps_the_records_corrects_it_and_a_second_person_closes_it(nc, scope, verifier, role):
    user = scope.users()[role]
    _to_implemented(nc, user)
    _move(nc, verifier, CLOSED, note="Verified.")
    nc.refresh_from_db()
    assert nc.status == CLOSED


def test_a_move_from_a_stale_page_is_refused_and_writes_nothing(nc, scope):
    make_action(nc, scope.group_manager)
    seen = NonConformity.objects.get(pk=nc.pk)  # the second person's page, read before the first moved it
    _move(nc, scope.group_manager, PLANNED)
    with pytest.raises(ValidationError) as error:
        nonconformity_move(
            nonconformity=seen, by=scope.field_officer, to_status=PLANNED, expected_status=OPEN, note="Planned."
        )
    assert error.value.code == "moved_meanwhile"
    assert "Action planned" in error.value.messages[0]
    assert NCStatusChange.objects.filter(nonconformity=nc, to_status=PLANNED).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite fails the second writer ('database table is locked') instead of making it wait for the first's "
    "row lock; the race is tested on PostgreSQL, as CI runs it (.ci/run)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_moving_one_nonconformity_at_the_same_moment_move_it_once():
    from ..conftest import make_scope

    scope = make_scope()
    nc = make_nc(scope.group, scope.group_manager)
    make_action(nc, scope.group_manager)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press(user):
        try:
            seen = NonConformity.objects.get(pk=nc.pk)
            barrier.wait()
            nonconformity_move(nonconformity=seen, by=user, to_status=PLANNED, expected_status=OPEN)
            outcomes.append("moved")
        except ValidationError as error:
            outcomes.append(error.code or "refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (scope.group_manager, scope.field_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["moved", "moved_meanwhile"]
    assert NCStatusChange.objects.filter(nonconformity=nc, to_status=PLANNED).count() == 1


# --- Corrective actions -----------------------------------------------------------------------------------------


def test_an_action_is_added_with_its_author_in_the_history(nc, scope):
    action = make_action(nc, scope.group_manager)
    assert action.history.get().history_user == scope.group_manager


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"description": " "}, "description_required"),
        ({"owner": ""}, "owner_required"),
        ({"due_on": -400}, "due_before_finding"),
    ],
)
def test_an_action_needs_what_who_and_a_due_date_after_the_finding(nc, scope, values, code):
    arguments: dict[str, Any] = {"description": "Reconcile the books.", "owner": "ICS manager", "due_on": days_ago(-10)}
    arguments.update(values)
    if isinstance(arguments["due_on"], int):
        arguments["due_on"] = days_ago(-arguments["due_on"])
    with pytest.raises(ValidationError) as error:
        corrective_action_create(nonconformity=nc, by=scope.group_manager, **arguments)
    assert error.value.code == code
    assert not CorrectiveAction.objects.exists()


def test_no_action_is_added_once_implemented_or_closed(nc, scope, verifier):
    user = scope.group_manager
    _to_implemented(nc, user)
    with pytest.raises(ValidationError) as error:
        make_action(nc, user)
    assert error.value.code == "nc_implemented"
    _move(nc, verifier, CLOSED, note="Verified.")
    with pytest.raises(ValidationError) as error:
        make_action(nc, user)
    assert error.value.code == "nc_closed"


def test_an_action_is_edited_as_a_new_version_and_a_stale_copy_is_refused(nc, scope):
    action = make_action(nc, scope.group_manager)
    saved = corrective_action_update(
        action=action,
        by=scope.field_officer,
        expected_version=1,
        description="Reconcile the books every month.",
        owner="Treasurer",
        due_on=days_ago(-20),
        reason="Agreed at the board meeting.",
    )
    assert (saved.version, saved.owner) == (2, "Treasurer")
    latest = saved.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (scope.field_officer, "Agreed at the board meeting.")
    with pytest.raises(StaleRecord):
        corrective_action_update(
            action=action,
            by=scope.group_manager,
            expected_version=1,
            description="Something else.",
            owner="Chair",
            due_on=days_ago(-5),
        )
    action.refresh_from_db()
    assert (action.owner, action.version) == ("Treasurer", 2)


def test_an_action_is_marked_done_once(nc, scope):
    action = make_action(nc, scope.group_manager)
    done = corrective_action_done(action=action, by=scope.group_manager, done_on=days_ago(1))
    assert done.done_on == days_ago(1)
    assert done.history.latest("history_date").history_user == scope.group_manager
    with pytest.raises(ValidationError) as error:
        corrective_action_done(action=action, by=scope.group_manager)
    assert error.value.code == "already_done"


@pytest.mark.parametrize(("done_on", "code"), [(-1, "future_date"), (400, "done_before_finding")])
def test_the_done_date_is_checked(nc, scope, done_on, code):
    action = make_action(nc, scope.group_manager)
    with pytest.raises(ValidationError) as error:
        corrective_action_done(action=action, by=scope.group_manager, done_on=days_ago(done_on))
    assert error.value.code == code


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_keep_the_records_touch_actions(nc, scope, role):
    action = make_action(nc, scope.group_manager)
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        make_action(nc, user)
    with pytest.raises(PermissionDenied):
        corrective_action_done(action=action, by=user)
    with pytest.raises(PermissionDenied):
        corrective_action_update(
            action=action, by=user, expected_version=1, description="x", owner="y", due_on=days_ago(-1)
        )


# --- Overdue ----------------------------------------------------------------------------------------------------


def test_an_open_action_past_its_due_date_makes_the_nonconformity_overdue(scope):
    user = scope.group_manager
    late = make_nc(scope.group, user, severity="minor")
    make_action(late, user, due_on=days_ago(1))
    on_time = make_nc(scope.group, user, severity="critical")
    make_action(on_time, user, due_on=days_ago(-1))
    done_late = make_nc(scope.group, user)
    corrective_action_done(action=make_action(done_late, user, due_on=days_ago(3)), by=user)
    make_nc(scope.group, user)  # no action at all: not overdue, just open
    rows = list(nonconformity_list(group=scope.group))
    assert rows[0] == late
    assert [row.is_overdue for row in rows].count(True) == 1  # type: ignore[attr-defined]
    assert group_overdue_count(scope.group) == 1
    assert list(nonconformity_list(group=scope.group, overdue=True)) == [late]


def test_a_closed_nonconformity_is_never_overdue(scope):
    user = scope.group_manager
    nc = make_nc(scope.group, user)
    late = make_action(nc, user, due_on=days_ago(1))
    make_action(nc, user, due_on=days_ago(-1), description="Second")
    _move(nc, user, PLANNED)
    assert group_overdue_count(scope.group) == 1
    # Closed through an overdue path: still, once closed, nothing about it is overdue.
    for action in nc.actions.all():
        corrective_action_done(action=action, by=user)
    CorrectiveAction.objects.filter(pk=late.pk).update(done_on=None)  # the data as an old import left it
    NonConformity.objects.filter(pk=nc.pk).update(status=CLOSED, closed_on=timezone.localdate())
    assert group_overdue_count(scope.group) == 0
    assert not nonconformity_list(group=scope.group).get().is_overdue  # type: ignore[attr-defined]
