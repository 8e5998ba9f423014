"""The rules over a group's records: corrective actions due, non-conformities past their deadline, this year's round
not complete near its end, applicants waiting for an inspection. Each at its boundaries, the clock frozen."""

import datetime

import pytest

from cycles.models import NCStatus, NonConformity
from cycles.reminders.items import ItemKind
from cycles.reminders.rules import (
    actions_due,
    applicants_waiting,
    nonconformities_past_deadline,
    rounds_incomplete,
)
from cycles.services.inspections import inspection_round_open
from cycles.services.nonconformities import corrective_action_done
from producers.models import ProducerGroup
from producers.models.members import MemberStatus

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, inspect
from ..factories_nonconformities import choose, make_action, make_audit, make_nc
from .reminders_fixtures import TODAY, days, freeze, start_in
from .reminders_fixtures import frozen as frozen


def _found(scope, day: int) -> NonConformity:
    """A finding of an audit `day` days from TODAY."""
    return make_nc(
        scope.group, scope.field_officer, audit=make_audit(scope.group, scope.field_officer, audited_on=days(day))
    )


def _groups(scope):
    return ProducerGroup.objects.filter(pk=scope.group.pk)


# --- Corrective actions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "listed"), [(-1, True), (0, True), (1, True), (7, True), (8, False)], ids=lambda v: str(v)
)
def test_an_action_is_listed_from_a_week_before_its_due_date(scope, due, listed):
    nc = make_nc(scope.group, scope.field_officer, member=scope.member)
    action = make_action(nc, scope.field_officer, due_on=days(due))

    items = actions_due(_groups(scope), today=TODAY)

    assert [item.key for item in items] == ([f"action:{action.pk}"] if listed else [])
    if listed:
        item = items[0]
        assert item.kind == ItemKind.ACTION_DUE
        assert item.due_on == days(due)
        assert item.group == scope.group
        assert item.owner == "ICS manager"
        assert item.member == scope.member.full_name
        assert item.url.endswith(f"/nonconformities/{nc.pk}/#action-{action.pk}")


def test_an_action_leaves_the_list_when_it_is_done(scope):
    nc = make_nc(scope.group, scope.field_officer)
    action = make_action(nc, scope.field_officer, due_on=days(-3))
    assert actions_due(_groups(scope), today=TODAY)

    corrective_action_done(action=action, by=scope.group_manager)

    assert actions_due(_groups(scope), today=TODAY) == []


def test_an_action_of_a_closed_nonconformity_is_not_listed(scope):
    nc = make_nc(scope.group, scope.field_officer)
    make_action(nc, scope.field_officer, due_on=days(-3))
    NonConformity.objects.filter(pk=nc.pk).update(status=NCStatus.CLOSED)

    assert actions_due(_groups(scope), today=TODAY) == []


def test_actions_outside_the_groups_are_not_listed(scope):
    nc = make_nc(scope.other_group, scope.coordinator)
    make_action(nc, scope.coordinator, due_on=days(-3))

    assert actions_due(_groups(scope), today=TODAY) == []


# --- Non-conformities past their deadline -------------------------------------------------------------------------


@pytest.mark.parametrize(("found", "listed"), [(-31, True), (-30, False), (-29, False)], ids=lambda v: str(v))
def test_a_nonconformity_without_action_is_late_thirty_days_after_it_was_found(scope, found, listed):
    nc = _found(scope, found)

    items = nonconformities_past_deadline(_groups(scope), today=TODAY)

    assert [item.key for item in items] == ([f"nc:{nc.pk}"] if listed else [])
    if listed:
        assert items[0].due_on == days(-1)
        assert items[0].kind == ItemKind.NC_PAST_DEADLINE


@pytest.mark.parametrize(("due", "listed"), [(-1, True), (0, False), (1, False)], ids=lambda v: str(v))
def test_a_nonconformity_whose_actions_are_done_is_late_after_their_last_due_date(scope, due, listed):
    nc = _found(scope, -60)
    early = make_action(nc, scope.field_officer, due_on=days(-20))
    last = make_action(nc, scope.field_officer, due_on=days(due))
    corrective_action_done(action=early, by=scope.field_officer, done_on=days(-25))
    corrective_action_done(action=last, by=scope.field_officer, done_on=days(-2))

    items = nonconformities_past_deadline(_groups(scope), today=TODAY)

    assert [item.due_on for item in items] == ([days(due)] if listed else [])


def test_while_an_action_is_open_the_action_is_the_reminder_not_its_nonconformity(scope):
    nc = _found(scope, -60)
    make_action(nc, scope.field_officer, due_on=days(-5))

    assert nonconformities_past_deadline(_groups(scope), today=TODAY) == []
    assert len(actions_due(_groups(scope), today=TODAY)) == 1


def test_a_closed_nonconformity_is_never_late(scope):
    nc = _found(scope, -60)
    NonConformity.objects.filter(pk=nc.pk).update(status=NCStatus.CLOSED)

    assert nonconformities_past_deadline(_groups(scope), today=TODAY) == []


# --- This year's round --------------------------------------------------------------------------------------------


@pytest.fixture
def half_inspected(scope, time_machine):
    """The scope's group with two members, one inspected in this year's round (in February)."""
    freeze(time_machine, datetime.date(2026, 2, 10))
    choose(scope.group)
    MemberFactory.create(group=scope.group, status=MemberStatus.APPROVED)
    inspector = InspectorFactory.create(group=scope.group)
    inspect(member=scope.member, inspector=inspector, by=scope.field_officer)
    return scope


@pytest.mark.parametrize(
    ("day", "listed"),
    [(datetime.date(2026, 10, 31), False), (datetime.date(2026, 11, 1), True), (datetime.date(2026, 12, 31), True)],
    ids=["61-days-before", "60-days-before", "last-day"],
)
def test_a_round_with_members_left_is_listed_in_the_last_sixty_days_of_the_year(
    half_inspected, time_machine, day, listed
):
    freeze(time_machine, day)

    items = rounds_incomplete(_groups(half_inspected), today=day)

    assert len(items) == int(listed)
    if listed:
        assert items[0].due_on == datetime.date(2026, 12, 31)
        assert "1 member not inspected yet" in items[0].detail
        assert items[0].url.endswith("/inspections/2026/?show=due")


def test_a_complete_round_is_not_listed(half_inspected, time_machine):
    other = half_inspected.group.members.exclude(pk=half_inspected.member.pk).get()
    inspect(member=other, inspector=half_inspected.group.inspectors.get(), by=half_inspected.field_officer)
    freeze(time_machine, datetime.date(2026, 12, 1))

    assert rounds_incomplete(_groups(half_inspected), today=datetime.date(2026, 12, 1)) == []


def test_members_who_left_are_not_due(half_inspected, time_machine):
    half_inspected.group.members.exclude(pk=half_inspected.member.pk).update(status=MemberStatus.LEFT)
    freeze(time_machine, datetime.date(2026, 12, 1))

    assert rounds_incomplete(_groups(half_inspected), today=datetime.date(2026, 12, 1)) == []


def test_an_inspecting_group_without_this_years_round_is_listed(scope, time_machine):
    start_in(scope.group, "planning-2", since=datetime.date(2025, 1, 10))
    start_in(scope.other_group, "planning-1", since=datetime.date(2025, 1, 10))
    freeze(time_machine, datetime.date(2026, 11, 20))

    items = rounds_incomplete(ProducerGroup.objects.all(), today=datetime.date(2026, 11, 20))

    assert [item.group for item in items] == [scope.group]
    assert "not opened" in items[0].record
    # Last year's round does not stand for this year's.
    inspection_round_open(group=scope.group, year=2025, by=scope.field_officer)
    assert len(rounds_incomplete(ProducerGroup.objects.all(), today=datetime.date(2026, 11, 20))) == 1


# --- Applicants ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("joined", "due"), [(-31, -1), (-30, 0), (-29, 1)], ids=lambda v: str(v))
def test_applicants_are_due_for_inspection_thirty_days_after_joining(scope, joined, due):
    start_in(scope.group, "planning-2", since=days(-100))
    MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT, joined_on=days(joined))
    MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT, joined_on=days(joined + 10))
    MemberFactory.create(group=scope.group, status=MemberStatus.APPROVED, joined_on=days(-400))

    items = applicants_waiting(_groups(scope), today=TODAY)

    assert len(items) == 1
    assert items[0].due_on == days(due)
    assert items[0].record == "2 applicants not inspected"
    # One item per group: no farmer is named.
    assert items[0].member == ""
    assert items[0].url.endswith(f"/groups/{scope.group.pk}/members/?status=applicant")


def test_an_inspected_applicant_no_longer_waits(scope):
    start_in(scope.group, "planning-2", since=days(-100))
    applicant = MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT, joined_on=days(-40))
    scope.group.members.exclude(pk=applicant.pk).update(status=MemberStatus.APPROVED)
    assert applicants_waiting(_groups(scope), today=TODAY)
    choose(scope.group)

    inspect(member=applicant, inspector=InspectorFactory.create(group=scope.group), by=scope.field_officer)

    assert applicants_waiting(_groups(scope), today=TODAY) == []


def test_applicants_of_a_group_that_does_not_inspect_yet_are_no_reminder(scope):
    start_in(scope.group, "planning-1", since=days(-100))
    MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT, joined_on=days(-40))

    assert applicants_waiting(_groups(scope), today=TODAY) == []
