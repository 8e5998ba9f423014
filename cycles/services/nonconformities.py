"""Non-conformities: created by inspections and audits, moved open → action planned → implemented → closed."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.history import stamp
from producers.models import Member, ProducerGroup, User
from producers.selectors import groups_editable_by
from standards.models import Audit, Requirement

from ..models import Inspection, NCSource, NCStatus, NCStatusChange, NonConformity, Severity


def require_change(user: User, group: ProducerGroup) -> None:
    """Those who keep the group's records: its group manager, its field officer, a coordinator."""
    if not groups_editable_by(user).filter(pk=group.pk).exists():
        raise PermissionDenied(_("You cannot change the records of this group."))


@transaction.atomic
def nonconformity_create(
    *,
    group: ProducerGroup,
    by: User,
    requirement: Requirement,
    severity: str,
    description: str,
    found_on: date,
    member: Member | None = None,
    inspection: Inspection | None = None,
    audit: Audit | None = None,
) -> NonConformity:
    """Record a non-conformity found by an internal inspection (of a member) or an external audit (of the group)."""
    require_change(by, group)
    if (inspection is None) == (audit is None):
        raise ValidationError(
            _("A non-conformity comes from one internal inspection or one external audit."), code="source"
        )
    if severity not in Severity.values:
        raise ValidationError(_("Choose minor, major or critical."), code="severity")
    if not description.strip():
        raise ValidationError(_("Say what was found."), code="description_required")
    if found_on > timezone.localdate():
        raise ValidationError(_("A finding cannot be dated in the future."), code="future_date")
    if member is not None and member.group_id != group.pk:
        raise ValidationError(_("The member belongs to another group."), code="member_elsewhere")
    nonconformity = NonConformity(
        group=group,
        member=member,
        source=NCSource.INTERNAL if inspection is not None else NCSource.EXTERNAL,
        inspection=inspection,
        audit=audit,
        requirement=requirement,
        severity=severity,
        description=description.strip(),
        found_on=found_on,
        status=NCStatus.OPEN,
    )
    stamp(nonconformity, by=by)
    nonconformity.save()
    NCStatusChange.objects.create(
        nonconformity=nonconformity,
        from_status="",
        to_status=NCStatus.OPEN,
        changed_at=timezone.now(),
        changed_by=by,
        note=_("Found."),
    )
    return nonconformity
