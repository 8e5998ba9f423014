"""Sanctions applied to members from the catalogue, which set the member's status, and their lifting."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.history import stamp
from producers.models import Member, User
from producers.models.members import MemberStatus
from producers.records_version import changes_records
from producers.services import member_status_change, status_refusal

from ..models import NonConformity, Sanction, SanctionType
from .nonconformities import not_in_future
from .permissions import require_change

# How much a member status weighs: a sanction moves the member only to a weightier status than the one they hold.
STATUS_WEIGHT: dict[str, int] = {
    MemberStatus.APPLICANT: 0,
    MemberStatus.APPROVED: 0,
    MemberStatus.SANCTIONED: 1,
    MemberStatus.SUSPENDED: 2,
    MemberStatus.LEFT: 3,
}


def _severest_active(member: Member) -> Sanction | None:
    """The member's active sanction that weighs most (by its place in the catalogue)."""
    return (
        Sanction.objects.filter(member=member, lifted_on__isnull=True)
        .select_related("sanction_type")
        .order_by("-sanction_type__order", "-applied_on", "-pk")
        .first()
    )


def _as_one_message(error: ValidationError) -> ValidationError:
    """The register's refusals name the field of its own form (`changed_on`); here they concern the whole form."""
    if not hasattr(error, "error_dict"):
        return error
    errors = [item for items in error.error_dict.values() for item in items]
    if len(errors) == 1:
        return ValidationError(errors[0].message, code=errors[0].code, params=errors[0].params)
    return ValidationError(errors)


def _member_status_move(*, member: Member, path: list[str], by: User, on: date, reason: str) -> None:
    """Move the member's status through the register's status service, which keeps the status history."""
    for to_status in path:
        if to_status == member.status:
            continue
        try:
            member_status_change(member=member, by=by, to_status=to_status, changed_on=on, reason=reason)
        except ValidationError as error:
            raise _as_one_message(error) from error
        member.refresh_from_db()


@changes_records
@transaction.atomic
def sanction_apply(
    *,
    member: Member,
    sanction_type: SanctionType,
    by: User,
    applied_on: date,
    reason: str,
    nonconformity: NonConformity | None = None,
) -> Sanction:
    """Apply a sanction from the catalogue to a member: the member takes the status the sanction sets, unless
    they already hold a weightier one (a warning does not end a suspension). The status move is kept in the
    member's status history, with the reason."""
    require_change(by, member.group)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the sanction is applied."), code="reason_required")
    not_in_future(applied_on, what=_("The date of the sanction"))
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.status == MemberStatus.LEFT:
        raise ValidationError(_("This member has left the group: no sanction applies."), code="member_left")
    if nonconformity is not None:
        if nonconformity.member_id != locked.pk:
            raise ValidationError(_("The non-conformity is not about this member."), code="nonconformity_other_member")
        if applied_on < nonconformity.found_on:
            raise ValidationError(
                _("A sanction cannot come before the non-conformity it answers."), code="before_finding"
            )
    to_status = sanction_type.member_status
    if STATUS_WEIGHT.get(to_status, 0) > STATUS_WEIGHT.get(locked.status, 0):
        refusal = status_refusal(locked.status, to_status)
        if refusal is not None:
            raise refusal
    sanction = Sanction(
        member=locked,
        sanction_type=sanction_type,
        nonconformity=nonconformity,
        applied_on=applied_on,
        reason=reason,
        applied_by=by,
    )
    stamp(sanction, by=by, reason=reason)
    sanction.save()
    if STATUS_WEIGHT.get(to_status, 0) > STATUS_WEIGHT.get(locked.status, 0):
        _member_status_move(
            member=locked,
            path=[to_status],
            by=by,
            on=applied_on,
            reason=_("%(sanction)s: %(reason)s") % {"sanction": sanction_type.name, "reason": reason},
        )
    member.refresh_from_db()
    return sanction


@changes_records
@transaction.atomic
def sanction_lift(*, sanction: Sanction, by: User, lifted_on: date, reason: str) -> Sanction:
    """Lift a sanction: the member goes back to approved, or to the status of a sanction still active.

    A member excluded comes back as an applicant, to be inspected and approved again (the register's rule for
    anyone who left). A member whose status was changed otherwise since the sanction keeps that status.
    """
    require_change(by, sanction.member.group)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the sanction is lifted."), code="reason_required")
    locked = Sanction.objects.select_for_update().select_related("sanction_type").get(pk=sanction.pk)
    if locked.lifted_on is not None:
        raise ValidationError(
            _("This sanction was already lifted on %(date)s.") % {"date": date_format(locked.lifted_on, "j M Y")},
            code="already_lifted",
        )
    not_in_future(lifted_on, what=_("The date the sanction is lifted"))
    if lifted_on < locked.applied_on:
        raise ValidationError(
            _("A sanction cannot be lifted before it was applied (%(date)s).")
            % {"date": date_format(locked.applied_on, "j M Y")},
            code="lifted_before_applied",
        )
    locked.lifted_on = lifted_on
    stamp(locked, by=by, reason=reason)
    locked.save()
    member = Member.objects.select_for_update().get(pk=locked.member_id)
    if member.status == locked.sanction_type.member_status:
        remaining = _severest_active(member)
        target = remaining.sanction_type.member_status if remaining else MemberStatus.APPROVED
        if member.status == MemberStatus.LEFT:
            target = MemberStatus.APPLICANT
        # The register lets a suspended member go back to approved only: a warning still active follows after.
        path = [target] if status_refusal(member.status, target) is None else [MemberStatus.APPROVED, target]
        _member_status_move(
            member=member,
            path=path if target != member.status else [],
            by=by,
            on=lifted_on,
            reason=_("%(sanction)s lifted: %(reason)s") % {"sanction": locked.sanction_type.name, "reason": reason},
        )
    sanction.refresh_from_db()
    return locked
