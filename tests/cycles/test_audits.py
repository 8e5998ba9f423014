"""External audits: recording one against a chosen standard, its findings as non-conformities, and the
certificate issued, renewed (the old one expires), suspended (the group goes back to planning phase 2) and
reinstated."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles.models import MoveKind, NCSource, NCStatus, Phase, PhaseMove
from cycles.services import phase_move_record, trajectory_start
from cycles.services.audits import (
    audit_finding_create,
    audit_record,
    certificate_issue,
    certificate_reinstate,
    certificate_suspend,
)
from standards.models import Certificate, CertificateStatus, Requirement, Standard

from ..factories import CertificateFactory
from ..factories_nonconformities import (
    certification_body,
    choose,
    days_ago,
    make_audit,
    other_organisation,
    requirement_of,
)


def _record(scope, **changes):
    arguments = {
        "group": scope.group,
        "by": scope.group_manager,
        "standard": choose(scope.group),
        "certification_body": certification_body(),
        "audit_type": "initial",
        "audited_on": days_ago(10),
        "auditor": "J. Mwangi",
        "summary": "Traceability gaps.",
    }
    arguments.update(changes)
    return audit_record(**arguments)


def _issue(audit, user, number="FLO-41872", **changes):
    arguments: dict[str, Any] = {
        "valid_from": days_ago(5),
        "valid_to": days_ago(-360),
        "scope": "Arabica coffee (parchment)",
    }
    arguments.update(changes)
    return certificate_issue(audit=audit, by=user, number=number, **arguments)


def _place(group, code, by):
    """Walk the group's trajectory up to the phase with this code, one recorded move at a time."""
    start = timezone.now() - datetime.timedelta(days=400)
    trajectory_start(group=group, by=by, at=start)
    target = Phase.objects.get(code=code)
    for days, phase in enumerate(Phase.objects.filter(order__gt=1, order__lte=target.order).order_by("order")):
        phase_move_record(
            group=group,
            kind=MoveKind.OVERRIDE,
            to_phase=phase,
            by=by,
            reason="Imported history.",
            at=start + datetime.timedelta(days=days + 1),
        )


# --- Audits and findings ----------------------------------------------------------------------------------------


def test_an_audit_is_recorded_with_who_recorded_it(scope):
    audit = _record(scope)
    assert (audit.recorded_by, audit.auditor, audit.group) == (scope.group_manager, "J. Mwangi", scope.group)
    assert audit.history.get().history_user == scope.group_manager


def test_an_audit_is_against_one_of_the_groups_chosen_standards(scope):
    chosen = choose(scope.group)
    other = Standard.objects.exclude(pk=chosen.pk).first()
    with pytest.raises(ValidationError) as error:
        _record(scope, standard=other)
    assert error.value.code == "standard_not_chosen"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"certification_body": "other"}, "not_a_certification_body"),
        ({"audit_type": "friendly"}, "audit_type"),
        ({"audited_on": -1}, "future_date"),
    ],
)
def test_audit_refusals(scope, changes, code):
    if changes.get("certification_body") == "other":
        changes["certification_body"] = other_organisation()
    if isinstance(changes.get("audited_on"), int):
        changes["audited_on"] = days_ago(changes["audited_on"])
    with pytest.raises(ValidationError) as error:
        _record(scope, **changes)
    assert error.value.code == code


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_keep_the_records_record_audits(scope, role):
    with pytest.raises(PermissionDenied):
        _record(scope, by=scope.users()[role])


def test_a_finding_is_an_external_nonconformity_of_the_audit(scope):
    audit = _record(scope)
    requirement = requirement_of(audit.standard)
    nc = audit_finding_create(
        audit=audit,
        by=scope.field_officer,
        requirement=requirement,
        severity="major",
        description="No sanctions catalogue.",
    )
    assert (nc.source, nc.audit, nc.inspection, nc.status) == (NCSource.EXTERNAL, audit, None, NCStatus.OPEN)
    assert (nc.found_on, nc.requirement, nc.member) == (audit.audited_on, requirement, None)


def test_a_finding_may_be_about_a_member_of_the_group(scope):
    audit = _record(scope)
    nc = audit_finding_create(
        audit=audit,
        by=scope.group_manager,
        requirement=requirement_of(audit.standard),
        severity="minor",
        description="Spray records incomplete.",
        member=scope.member,
    )
    assert nc.member == scope.member
    with pytest.raises(ValidationError) as error:
        audit_finding_create(
            audit=audit,
            by=scope.group_manager,
            requirement=requirement_of(audit.standard),
            severity="minor",
            description="Spray records incomplete.",
            member=scope.other_member,
        )
    assert error.value.code == "member_elsewhere"


def test_a_finding_is_against_a_requirement_of_the_audited_standard(scope):
    audit = _record(scope)
    elsewhere = Requirement.objects.exclude(standard=audit.standard).first()
    assert elsewhere is not None
    with pytest.raises(ValidationError) as error:
        audit_finding_create(
            audit=audit, by=scope.group_manager, requirement=elsewhere, severity="major", description="x"
        )
    assert error.value.code == "requirement_other_standard"


# --- Certificates -----------------------------------------------------------------------------------------------


def test_an_initial_audit_leads_to_an_active_certificate(scope):
    audit = _record(scope)
    certificate = _issue(audit, scope.group_manager)
    assert (certificate.status, certificate.audit, certificate.standard) == (
        CertificateStatus.ACTIVE,
        audit,
        audit.standard,
    )
    assert certificate.certification_body == audit.certification_body
    assert certificate.history.get().history_user == scope.group_manager


def test_a_renewal_expires_the_certificate_it_replaces(scope):
    old = _issue(_record(scope, audited_on=days_ago(400)), scope.group_manager, "OLD-1", valid_from=days_ago(390))
    renewal = _record(scope, audit_type="renewal", audited_on=days_ago(3))
    new = _issue(renewal, scope.field_officer, "NEW-1", valid_from=days_ago(1))
    old.refresh_from_db()
    assert (old.status, new.status) == (CertificateStatus.EXPIRED, CertificateStatus.ACTIVE)
    record = old.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (
        scope.field_officer,
        "Replaced by certificate NEW-1.",
    )


def test_a_second_initial_certificate_for_a_held_standard_is_refused(scope):
    _issue(_record(scope), scope.group_manager, "A-1")
    with pytest.raises(ValidationError) as error:
        _issue(_record(scope), scope.group_manager, "A-2")
    assert error.value.code == "already_certified"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"valid_to": "same"}, "period_reversed"),
        ({"valid_from": 20}, "before_audit"),
        ({"valid_from": 9, "valid_to": 1}, "already_ended"),
        ({"number": " "}, "number_required"),
    ],
)
def test_certificate_refusals(scope, changes, code):
    audit = _record(scope)
    arguments: dict[str, Any] = {"number": "C-1", "valid_from": days_ago(5), "valid_to": days_ago(-360)}
    for name in ("valid_from", "valid_to"):
        if isinstance(changes.get(name), int):
            changes[name] = days_ago(changes[name])
    if changes.get("valid_to") == "same":
        changes["valid_to"] = arguments["valid_from"]
    arguments.update(changes)
    with pytest.raises(ValidationError) as error:
        certificate_issue(audit=audit, by=scope.group_manager, **arguments)
    assert error.value.code == code
    assert not Certificate.objects.exists()


def test_a_certificate_number_is_unique_per_certification_body(scope):
    CertificateFactory.create(group=scope.other_group, certification_body=certification_body(), number="C-1")
    with pytest.raises(ValidationError) as error:
        _issue(_record(scope), scope.group_manager, "C-1")
    assert error.value.code == "number_taken"


def test_no_certificate_after_a_surveillance_audit_or_twice_from_one_audit(scope):
    with pytest.raises(ValidationError) as error:
        _issue(_record(scope, audit_type="surveillance"), scope.group_manager)
    assert error.value.code == "audit_does_not_certify"
    audit = _record(scope, audit_type="renewal")
    _issue(audit, scope.group_manager, "R-1")
    with pytest.raises(ValidationError) as error:
        _issue(audit, scope.group_manager, "R-2")
    assert error.value.code == "already_issued"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_keep_the_records_touch_certificates(scope, role):
    user = scope.users()[role]
    audit = _record(scope)
    with pytest.raises(PermissionDenied):
        _issue(audit, user)
    certificate = _issue(audit, scope.group_manager)
    with pytest.raises(PermissionDenied):
        certificate_suspend(certificate=certificate, by=user, reason="x")
    with pytest.raises(PermissionDenied):
        certificate_reinstate(certificate=certificate, by=user, reason="x")


@pytest.mark.parametrize("phase", ["initial-certificate", "autonomous"])
def test_a_field_officer_suspending_a_certificate_sends_the_group_back_to_planning_2(scope, phase):
    _place(scope.group, phase, scope.coordinator)
    certificate = _issue(_record(scope), scope.group_manager)
    outcome = certificate_suspend(certificate=certificate, by=scope.field_officer, reason="Unannounced audit failed.")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUSPENDED
    assert outcome.move is not None
    assert outcome.move.from_phase is not None
    assert (outcome.move.kind, outcome.move.from_phase.code, outcome.move.to_phase.code) == (
        MoveKind.SUSPEND,
        phase,
        "planning-2",
    )
    assert "Unannounced audit failed." in outcome.move.reason
    scope.group.trajectory.refresh_from_db()
    assert scope.group.trajectory.phase.code == "planning-2"
    record = certificate.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (scope.field_officer, "Unannounced audit failed.")


def test_a_group_manager_records_the_suspension_and_the_phase_move_is_left_to_the_field_officer(scope):
    _place(scope.group, "initial-certificate", scope.coordinator)
    certificate = _issue(_record(scope), scope.group_manager)
    outcome = certificate_suspend(certificate=certificate, by=scope.group_manager, reason="Letter from the body.")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUSPENDED
    assert (outcome.move, outcome.move_pending) == (None, True)
    scope.group.trajectory.refresh_from_db()
    assert scope.group.trajectory.phase.code == "initial-certificate"
    assert not PhaseMove.objects.filter(kind=MoveKind.SUSPEND).exists()


@pytest.mark.parametrize("phase", [None, "planning-2"])
def test_a_suspension_before_the_certificate_phases_moves_no_phase(scope, phase):
    if phase:
        _place(scope.group, phase, scope.coordinator)
    certificate = _issue(_record(scope), scope.group_manager)
    outcome = certificate_suspend(certificate=certificate, by=scope.coordinator, reason="Suspended.")
    assert (outcome.move, outcome.move_pending) == (None, False)


def test_suspension_and_reinstatement_need_a_reason_and_the_right_status(scope):
    certificate = _issue(_record(scope), scope.group_manager)
    with pytest.raises(ValidationError) as error:
        certificate_suspend(certificate=certificate, by=scope.group_manager, reason=" ")
    assert error.value.code == "reason_required"
    with pytest.raises(ValidationError) as error:
        certificate_reinstate(certificate=certificate, by=scope.group_manager, reason="Lifted.")
    assert error.value.code == "certificate_status"
    certificate_suspend(certificate=certificate, by=scope.group_manager, reason="Suspended.")
    with pytest.raises(ValidationError) as error:
        certificate_suspend(certificate=certificate, by=scope.group_manager, reason="Again.")
    assert error.value.code == "certificate_status"
    certificate_reinstate(certificate=certificate, by=scope.group_manager, reason="The body lifted it.")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    reasons = list(certificate.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Suspended.", "The body lifted it."]


def test_a_certificate_that_has_ended_is_not_reinstated(scope):
    certificate = CertificateFactory.create(
        group=scope.group,
        certification_body=certification_body(),
        status=CertificateStatus.SUSPENDED,
        valid_from=days_ago(800),
        valid_to=days_ago(1),
    )
    with pytest.raises(ValidationError) as error:
        certificate_reinstate(certificate=certificate, by=scope.group_manager, reason="Lifted.")
    assert error.value.code == "already_ended"


def test_a_suspended_certificate_is_replaced_by_a_renewal(scope):
    certificate = _issue(_record(scope, audited_on=days_ago(300)), scope.group_manager, "S-1", valid_from=days_ago(290))
    certificate_suspend(certificate=certificate, by=scope.group_manager, reason="Suspended.")
    _issue(
        make_audit(scope.group, scope.group_manager, audit_type="renewal", audited_on=days_ago(2)),
        scope.group_manager,
        "S-2",
        valid_from=days_ago(1),
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
