"""External audits of a group, their findings and the certificates issued, suspended and reinstated from them.

Audits and certificates are standards' models; they are recorded here because an audit's findings are
non-conformities, and because a suspended certificate sends the group back in the inner cycle.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.history import stamp
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.organisations import OrganisationKind
from producers.records_version import changes_records
from standards.models import Audit, AuditType, Certificate, CertificateStatus, GroupStandard, Requirement, Standard

from ..models import NonConformity, PhaseMove, Trajectory, TrajectoryStatus
from ..selectors import can_steer
from .nonconformities import nonconformity_create
from .permissions import require_change
from .trajectories import suspendable, trajectory_suspend

# Audits after which a certification body issues a certificate.
CERTIFYING_AUDITS = (AuditType.INITIAL, AuditType.RENEWAL)


@changes_records
@transaction.atomic
def audit_record(
    *,
    group: ProducerGroup,
    by: User,
    standard: Standard,
    certification_body: Organisation,
    audit_type: str,
    audited_on: date,
    auditor: str = "",
    summary: str = "",
) -> Audit:
    """Record an external audit of the group against one of its chosen standards."""
    require_change(by, group)
    if not GroupStandard.objects.filter(group=group, standard=standard).exists():
        raise ValidationError(
            _("The group has not chosen “%(standard)s”: an audit is against one of its chosen standards.")
            % {"standard": standard.short_name or standard.name},
            code="standard_not_chosen",
        )
    if certification_body.kind != OrganisationKind.CERTIFICATION_BODY:
        raise ValidationError(
            _("“%(name)s” is not a certification body.") % {"name": certification_body.name},
            code="not_a_certification_body",
        )
    if audit_type not in AuditType.values:
        raise ValidationError(_("Choose the type of audit."), code="audit_type")
    if audited_on > timezone.localdate():
        raise ValidationError(_("An audit cannot be recorded before it took place."), code="future_date")
    audit = Audit(
        group=group,
        standard=standard,
        certification_body=certification_body,
        audit_type=audit_type,
        audited_on=audited_on,
        auditor=auditor.strip(),
        summary=summary.strip(),
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    stamp(audit, by=by)
    audit.save()
    return audit


@changes_records
def audit_finding_create(
    *,
    audit: Audit,
    by: User,
    requirement: Requirement,
    severity: str,
    description: str,
    member: Member | None = None,
) -> NonConformity:
    """Record one finding of the audit as a non-conformity against a requirement of the audited standard."""
    if requirement.standard_id != audit.standard_id:
        raise ValidationError(
            _("A finding of this audit is against a requirement of the audited standard."),
            code="requirement_other_standard",
        )
    return nonconformity_create(
        group=audit.group,
        by=by,
        requirement=requirement,
        severity=severity,
        description=description,
        found_on=audit.audited_on,
        member=member,
        audit=audit,
    )


@changes_records
@transaction.atomic
def certificate_issue(
    *, audit: Audit, by: User, number: str, valid_from: date, valid_to: date, scope: str = ""
) -> Certificate:
    """Record the certificate issued after an initial or renewal audit. A renewal replaces the certificate the
    group held for that standard: the earlier one becomes expired."""
    require_change(by, audit.group)
    audit = Audit.objects.select_for_update().select_related("standard", "certification_body").get(pk=audit.pk)
    if audit.audit_type not in CERTIFYING_AUDITS:
        raise ValidationError(
            _("A certificate is issued after an initial or a renewal audit, not after a %(type)s audit.")
            % {"type": audit.get_audit_type_display().lower()},
            code="audit_does_not_certify",
        )
    if Certificate.objects.filter(audit=audit).exists():
        raise ValidationError(_("A certificate was already issued from this audit."), code="already_issued")
    number = number.strip()
    if not number:
        raise ValidationError(_("Give the certificate number."), code="number_required")
    if Certificate.objects.filter(certification_body=audit.certification_body, number=number).exists():
        raise ValidationError(
            _("%(body)s already issued a certificate numbered “%(number)s”.")
            % {"body": audit.certification_body.name, "number": number},
            code="number_taken",
        )
    if valid_to <= valid_from:
        raise ValidationError(_("A certificate ends after it starts."), code="period_reversed")
    if valid_from < audit.audited_on:
        raise ValidationError(
            _("A certificate cannot be valid before the audit that led to it (%(date)s).")
            % {"date": date_format(audit.audited_on, "j M Y")},
            code="before_audit",
        )
    if valid_to < timezone.localdate():
        raise ValidationError(_("This certificate has already ended."), code="already_ended")
    held = Certificate.objects.select_for_update().filter(
        group=audit.group,
        standard=audit.standard,
        status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED],
    )
    if audit.audit_type == AuditType.INITIAL and held.filter(status=CertificateStatus.ACTIVE).exists():
        raise ValidationError(
            _("The group already holds an active certificate for this standard: record a renewal audit instead."),
            code="already_certified",
        )
    certificate = Certificate(
        group=audit.group,
        standard=audit.standard,
        certification_body=audit.certification_body,
        number=number,
        scope=scope.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        status=CertificateStatus.ACTIVE,
        audit=audit,
    )
    certificate.full_clean()
    for previous in held:
        previous.status = CertificateStatus.EXPIRED
        stamp(previous, by=by, reason=_("Replaced by certificate %(number)s.") % {"number": number})
        previous.save(update_fields=["status"])
    stamp(certificate, by=by, reason=_("Issued after the %(audit)s.") % {"audit": audit})
    certificate.save()
    return certificate


@dataclass(frozen=True)
class Suspension:
    """What a certificate's suspension did: the phase move, when made, or that a field officer must make it."""

    certificate: Certificate
    move: PhaseMove | None = None
    move_pending: bool = False


def _move_certificate(certificate: Certificate, *, by: User, reason: str, frm: str, to: str) -> Certificate:
    """Move the certificate's status from `frm` to `to` if nobody moved it meanwhile, and keep the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why: it is kept in the certificate's history."), code="reason_required")
    if not Certificate.objects.filter(pk=certificate.pk, status=frm).update(status=to):
        current = Certificate.objects.get(pk=certificate.pk)
        raise ValidationError(
            _("This certificate is “%(status)s”: it cannot be moved that way.")
            % {"status": current.get_status_display()},
            code="certificate_status",
        )
    # A queryset update leaves no history: saving the row, now locked by the update, writes it with its author.
    certificate.refresh_from_db()
    stamp(certificate, by=by, reason=reason)
    certificate.save(update_fields=["status"])
    return certificate


@changes_records
@transaction.atomic
def certificate_suspend(*, certificate: Certificate, by: User, reason: str) -> Suspension:
    """The certification body suspended the certificate: record it, and send the group back to planning phase 2
    if it stands in a certificate phase.

    The suspension is recorded by whoever keeps the group's records, so that nobody reads a suspended certificate
    as valid. Moving the group through the phases is for those who steer it (its field officer, a coordinator):
    when the group manager records the suspension, the move is left to them and `move_pending` says so.
    """
    require_change(by, certificate.group)
    _move_certificate(certificate, by=by, reason=reason, frm=CertificateStatus.ACTIVE, to=CertificateStatus.SUSPENDED)
    trajectory = Trajectory.objects.filter(group=certificate.group).select_related("phase").first()
    if trajectory is None or trajectory.status == TrajectoryStatus.WITHDRAWN or not suspendable(trajectory.phase):
        return Suspension(certificate=certificate)
    if not can_steer(by, certificate.group):
        return Suspension(certificate=certificate, move_pending=True)
    move = trajectory_suspend(
        group=certificate.group,
        by=by,
        expected_phase=trajectory.phase,
        reason=_("Certificate %(number)s suspended: %(reason)s") % {"number": certificate.number, "reason": reason},
    )
    return Suspension(certificate=certificate, move=move)


@changes_records
@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """The certification body lifted the suspension. The group's phase is not moved forward: it walks the gates
    again from where the suspension sent it."""
    require_change(by, certificate.group)
    if certificate.valid_to < timezone.localdate():
        raise ValidationError(
            _("This certificate ended on %(date)s: it cannot be reinstated. Record a renewal audit instead.")
            % {"date": date_format(certificate.valid_to, "j M Y")},
            code="already_ended",
        )
    return _move_certificate(
        certificate, by=by, reason=reason, frm=CertificateStatus.SUSPENDED, to=CertificateStatus.ACTIVE
    )
