"""The rules over a group's certification (certificates ending, the yearly audit coming with weighty findings open)
and over its course (stuck in a phase, expected services not received). Each at its boundaries, the clock frozen."""

import datetime

import pytest
from django.utils import timezone

from cycles.models import InteractionPoint, NCStatus, NonConformity, Service, TrajectoryStatus
from cycles.reminders.items import ItemKind
from cycles.reminders.rules_certification import (
    audits_coming_with_majors_open,
    certificate_stage,
    certificates_expiring,
)
from cycles.reminders.rules_steering import groups_stuck, services_missing
from producers.models import ProducerGroup
from standards.models import CertificateStatus

from ..factories import CertificateFactory
from ..factories_nonconformities import certification_body, choose, make_audit, make_nc
from .reminders_fixtures import TODAY, days, start_in
from .reminders_fixtures import frozen as frozen


def _groups(scope):
    return ProducerGroup.objects.filter(pk=scope.group.pk)


# --- Certificates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(-1, None), (0, 7), (7, 7), (8, 30), (30, 30), (31, 90), (90, 90), (91, None)],
)
def test_a_certificate_reaches_its_stages_at_90_30_and_7_days(days_left, stage):
    assert certificate_stage(days_left) == stage


@pytest.mark.parametrize(("ends", "listed"), [(-1, False), (0, True), (1, True), (90, True), (91, False)])
def test_a_certificate_is_listed_from_90_days_before_it_ends(scope, ends, listed):
    certificate = CertificateFactory.create(group=scope.group, valid_to=days(ends))

    items = certificates_expiring(_groups(scope), today=TODAY)

    assert len(items) == int(listed)
    if listed:
        assert items[0].kind == ItemKind.CERTIFICATE_EXPIRING
        assert items[0].due_on == days(ends)
        assert certificate.number in items[0].record
        assert items[0].key == f"certificate:{certificate.pk}:{certificate_stage(ends)}"


def test_a_renewed_certificate_is_not_listed(scope):
    CertificateFactory.create(group=scope.group, valid_to=days(20))
    CertificateFactory.create(group=scope.group, valid_from=days(-5), valid_to=days(3 * 365))

    assert certificates_expiring(_groups(scope), today=TODAY) == []


def test_a_suspended_certificate_is_not_listed(scope):
    CertificateFactory.create(group=scope.group, valid_to=days(20), status=CertificateStatus.SUSPENDED)

    assert certificates_expiring(_groups(scope), today=TODAY) == []


# --- The yearly audit ---------------------------------------------------------------------------------------------


def _audited(scope, days_ago: int, *, severity: str = "major"):
    audit = make_audit(scope.group, scope.field_officer, audit_type="surveillance", audited_on=days(-days_ago))
    return make_nc(scope.group, scope.field_officer, audit=audit, severity=severity)


@pytest.mark.parametrize(
    ("days_ago", "expected_in"), [(334, None), (335, 30), (364, 1), (365, 0), (366, None)], ids=lambda v: str(v)
)
def test_the_yearly_audit_is_listed_from_30_days_before_with_majors_open(scope, days_ago, expected_in):
    nc = _audited(scope, days_ago)

    items = audits_coming_with_majors_open(_groups(scope), today=TODAY)

    if expected_in is None:
        assert items == []
    else:
        assert len(items) == 1
        assert items[0].due_on == days(expected_in)
        assert items[0].kind == ItemKind.AUDIT_WITH_MAJORS
        assert items[0].detail == "1 major or critical non-conformity is still open."
        assert items[0].url.endswith(f"/groups/{nc.group_id}/nonconformities/?standard=fairtrade-spo")


def test_only_minor_findings_open_are_no_reminder(scope):
    _audited(scope, 350, severity="minor")

    assert audits_coming_with_majors_open(_groups(scope), today=TODAY) == []


def test_the_audit_leaves_the_list_when_its_majors_are_closed(scope):
    nc = _audited(scope, 350, severity="critical")
    assert audits_coming_with_majors_open(_groups(scope), today=TODAY)

    NonConformity.objects.filter(pk=nc.pk).update(status=NCStatus.CLOSED)

    assert audits_coming_with_majors_open(_groups(scope), today=TODAY) == []


def test_the_audit_leaves_the_list_when_a_later_audit_is_recorded(scope):
    _audited(scope, 350)
    make_audit(scope.group, scope.field_officer, audit_type="surveillance", audited_on=days(-2))

    assert audits_coming_with_majors_open(_groups(scope), today=TODAY) == []


def test_majors_of_another_standard_do_not_count(scope):
    choose(scope.group, "rainforest-2020")
    make_audit(
        scope.group, scope.field_officer, audit_type="surveillance", audited_on=days(-350), code="rainforest-2020"
    )
    other = make_audit(scope.group, scope.field_officer, audit_type="surveillance", audited_on=days(-20))
    make_nc(scope.group, scope.field_officer, audit=other, severity="major")

    items = audits_coming_with_majors_open(_groups(scope), today=TODAY)

    assert items == []


# --- Stuck groups -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "listed"), [(0, False), (1, True), (2, True)], ids=lambda v: str(v))
def test_a_group_is_stuck_the_day_after_its_phase_allows(scope, extra, listed):
    trajectory = start_in(scope.group, "planning-1", since=TODAY)
    limit = trajectory.phase.stuck_after_days
    start_in_day = days(-(limit + extra))
    trajectory.phase_since = timezone.make_aware(datetime.datetime.combine(start_in_day, datetime.time(9)))
    trajectory.save(update_fields=["phase_since"])

    items = groups_stuck(_groups(scope), today=TODAY)

    assert len(items) == int(listed)
    if listed:
        assert items[0].kind == ItemKind.GROUP_STUCK
        assert items[0].due_on == days(1 - extra)
        assert items[0].url.endswith(f"/groups/{scope.group.pk}/phase/")


def test_a_group_on_hold_is_not_stuck(scope):
    trajectory = start_in(scope.group, "planning-1", since=days(-1000))
    type(trajectory).objects.filter(pk=trajectory.pk).update(status=TrajectoryStatus.ON_HOLD)

    assert groups_stuck(_groups(scope), today=TODAY) == []


# --- Expected services --------------------------------------------------------------------------------------------


def _service(scope, point: InteractionPoint, on: datetime.date) -> Service:
    return Service.objects.create(
        group=scope.group,
        service_type=point.service_type,
        provider=certification_body(),
        delivered_on=on,
        recorded_at=timezone.now(),
        recorded_by=scope.coordinator,
    )


@pytest.mark.parametrize(("in_phase", "listed"), [(59, False), (60, True), (61, True)], ids=lambda v: str(v))
def test_expected_services_are_listed_sixty_days_into_the_phase(scope, in_phase, listed):
    trajectory = start_in(scope.group, "planning-1", since=days(-in_phase))
    points = list(InteractionPoint.objects.filter(phase=trajectory.phase))
    assert points

    items = services_missing(_groups(scope), today=TODAY)

    assert len(items) == (len(points) if listed else 0)
    if listed:
        assert {item.due_on for item in items} == {days(60 - in_phase)}
        assert {item.record for item in items} == {point.service_type.name for point in points}


def test_a_service_received_in_the_phase_answers_its_point_and_one_before_does_not(scope):
    trajectory = start_in(scope.group, "planning-1", since=days(-90))
    first, *others = InteractionPoint.objects.filter(phase=trajectory.phase).select_related("service_type")
    _service(scope, first, days(-10))
    for point in others:
        _service(scope, point, days(-100))  # before the group entered the phase

    items = services_missing(_groups(scope), today=TODAY)

    assert {item.record for item in items} == {point.service_type.name for point in others}
