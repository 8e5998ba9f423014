"""Non-conformities: created by inspections and audits, moved open → action planned → implemented → closed, and
their corrective actions (the sanctions applied to members are in `cycles.services.sanctions`)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.history import save_versioned, stamp
from producers.models import Member, ProducerGroup, User
from producers.records_version import changes_records
from standards.models import Audit, Requirement

from ..models import (
    CorrectiveAction,
    Inspection,
    NCSource,
    NCStatus,
    NCStatusChange,
    NonConformity,
    Severity,
)
from ..selectors.verification import verification_check
from .permissions import require_change


def _counted_requirements(lead: Requirement, others: Sequence[Requirement]) -> list[Requirement]:
    """The lead requirement and the equivalent ones; a requirement on another topic is refused."""
    counted = {lead.pk: lead}
    for other in others:
        if other.pk in counted:
            continue
        if lead.crosswalk_topic_id is None or other.crosswalk_topic_id != lead.crosswalk_topic_id:
            raise ValidationError(
                _("%(code)s is not equivalent to %(lead)s in the cross-walk: the finding cannot count against it.")
                % {"code": other.code, "lead": lead.code},
                code="requirements_not_equivalent",
            )
        counted[other.pk] = other
    return list(counted.values())


@changes_records
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
    requirements: Sequence[Requirement] = (),
) -> NonConformity:
    """Record a non-conformity found by an internal inspection (of a member) or an external audit (of the group).

    It counts against `requirement` and against each of `requirements`: for an answer to a cross-walk question, the
    equivalent requirements of the other chosen standards that the answer served (they must share the topic).
    """
    require_change(by, group)
    counted = _counted_requirements(requirement, requirements)
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
    nonconformity.requirements.set(counted)
    NCStatusChange.objects.create(
        nonconformity=nonconformity,
        from_status="",
        to_status=NCStatus.OPEN,
        changed_at=timezone.now(),
        changed_by=by,
        note=_("Found."),
    )
    return nonconformity


# --- The status workflow ----------------------------------------------------------------------------------------

# Where a non-conformity may go from each status. A failed verification sends it back to planning.
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    NCStatus.OPEN: (NCStatus.ACTION_PLANNED,),
    NCStatus.ACTION_PLANNED: (NCStatus.IMPLEMENTED,),
    NCStatus.IMPLEMENTED: (NCStatus.CLOSED, NCStatus.ACTION_PLANNED),
    NCStatus.CLOSED: (),
}


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a non-conformity in `status` may move to, in the order the page offers them."""
    return ALLOWED_MOVES.get(status, ())


def _label(status: str) -> str:
    return str(NCStatus(status).label) if status in NCStatus.values else status


def not_in_future(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what}, code="future_date")


@changes_records
@transaction.atomic
def nonconformity_move(
    *,
    nonconformity: NonConformity,
    by: User,
    to_status: str,
    expected_status: str | None = None,
    note: str = "",
    closed_on: date | None = None,
) -> NCStatusChange:
    """Move a non-conformity one step along its workflow, from the status the person saw (`expected_status`).

    open → action planned needs a corrective action; action planned → implemented needs every action done;
    implemented → verified and closed needs a note of what was checked (and sets the closing date), by someone the
    verification rule of the severity allows (see `verification_check`: never who reported the actions done);
    implemented → action planned, when the verification fails, needs a note saying why (anyone who keeps the records
    may send a correction back: that closes nothing). A move decided on a page that has gone stale
    (someone moved the non-conformity meanwhile) is refused and nothing is written.
    """
    require_change(by, nonconformity.group)
    expected = expected_status or nonconformity.status
    note = note.strip()
    if to_status not in next_statuses(expected):
        raise ValidationError(
            _("A non-conformity cannot move from “%(from)s” to “%(to)s”.")
            % {"from": _label(expected), "to": _label(to_status)},
            code="move_not_allowed",
        )
    actions = CorrectiveAction.objects.filter(nonconformity=nonconformity)
    if to_status in (NCStatus.ACTION_PLANNED, NCStatus.IMPLEMENTED) and not actions.exists():
        raise ValidationError(_("Add at least one corrective action first: who does what, by when."), code="no_action")
    if to_status == NCStatus.IMPLEMENTED and actions.filter(done_on__isnull=True).exists():
        raise ValidationError(
            _(
                "Every corrective action must be done (with the date it was done) before the non-conformity is "
                "implemented."
            ),
            code="actions_not_done",
        )
    if expected == NCStatus.IMPLEMENTED and not note:
        raise ValidationError(
            _("Write what was checked (on the farm or in the records): it is kept with the decision."),
            code="note_required",
        )
    if to_status == NCStatus.CLOSED:
        verification = verification_check(nonconformity=nonconformity, user=by)
        if not verification.allowed:
            raise ValidationError(verification.refusal, code="verifier_not_allowed")
        closed_on = closed_on or timezone.localdate()
        not_in_future(closed_on, what=_("The closing date"))
        if closed_on < nonconformity.found_on:
            raise ValidationError(
                _("A non-conformity cannot be closed before it was found."), code="closed_before_found"
            )
        last_done = max((day for day in actions.values_list("done_on", flat=True) if day), default=None)
        if last_done is not None and closed_on < last_done:
            raise ValidationError(
                _("The closing date cannot be before the last corrective action was done (%(date)s).")
                % {"date": date_format(last_done, "j M Y")},
                code="closed_before_done",
            )
    else:
        closed_on = None
    # The conditional update is the guard: of two people moving the same non-conformity at once, the second
    # finds it no longer in the status they saw and moves nothing.
    moved = NonConformity.objects.filter(pk=nonconformity.pk, status=expected).update(
        status=to_status, closed_on=closed_on, version=F("version") + 1
    )
    if not moved:
        current = NonConformity.objects.filter(pk=nonconformity.pk).values_list("status", flat=True).first()
        raise ValidationError(
            _("Someone moved this non-conformity meanwhile: it is now “%(status)s”. Look at it again.")
            % {"status": _label(current or "")},
            code="moved_meanwhile",
        )
    # The row is ours for the rest of the transaction: saving it once more writes the history record with its
    # author and the note (a queryset update leaves no history).
    nonconformity.refresh_from_db()
    stamp(nonconformity, by=by, reason=note or _("Moved to “%(status)s”.") % {"status": _label(to_status)})
    nonconformity.save(update_fields=["status", "closed_on", "version"])
    return NCStatusChange.objects.create(
        nonconformity=nonconformity,
        from_status=expected,
        to_status=to_status,
        changed_at=timezone.now(),
        changed_by=by,
        note=note,
    )


# --- Corrective actions -----------------------------------------------------------------------------------------


def _action_values(*, nonconformity: NonConformity, description: str, owner: str, due_on: date) -> dict[str, Any]:
    description, owner = description.strip(), owner.strip()
    if not description:
        raise ValidationError(_("Say what will be done."), code="description_required")
    if not owner:
        raise ValidationError(_("Name who does it."), code="owner_required")
    if due_on < nonconformity.found_on:
        raise ValidationError(
            _("The due date cannot be before the non-conformity was found (%(date)s).")
            % {"date": date_format(nonconformity.found_on, "j M Y")},
            code="due_before_finding",
        )
    return {"description": description, "owner": owner, "due_on": due_on}


def _lock_open(nonconformity: NonConformity, *, allow_implemented: bool) -> NonConformity:
    """The non-conformity, locked, if its actions may still change."""
    current = NonConformity.objects.select_for_update().get(pk=nonconformity.pk)
    if current.status == NCStatus.CLOSED:
        raise ValidationError(
            _("This non-conformity is verified and closed: its actions can no longer change."), code="nc_closed"
        )
    if current.status == NCStatus.IMPLEMENTED and not allow_implemented:
        raise ValidationError(
            _(
                "This non-conformity waits for verification. If the verification fails, send it back to “action "
                "planned” first, then add the further action."
            ),
            code="nc_implemented",
        )
    return current


@changes_records
@transaction.atomic
def corrective_action_create(
    *, nonconformity: NonConformity, by: User, description: str, owner: str, due_on: date
) -> CorrectiveAction:
    """Agree a corrective action: what, who, by when (not before the finding)."""
    require_change(by, nonconformity.group)
    current = _lock_open(nonconformity, allow_implemented=False)
    action = CorrectiveAction(
        nonconformity=current,
        **_action_values(nonconformity=current, description=description, owner=owner, due_on=due_on),
    )
    stamp(action, by=by)
    action.save()
    return action


@changes_records
@transaction.atomic
def corrective_action_update(
    *,
    action: CorrectiveAction,
    by: User,
    expected_version: int,
    description: str,
    owner: str,
    due_on: date,
    reason: str = "",
) -> CorrectiveAction:
    """Change an action's wording, owner or due date. Refused (StaleRecord) if someone saved it meanwhile."""
    require_change(by, action.nonconformity.group)
    current = _lock_open(action.nonconformity, allow_implemented=True)
    changes = _action_values(nonconformity=current, description=description, owner=owner, due_on=due_on)
    saved = save_versioned(action, expected_version=expected_version, by=by, changes=changes, reason=reason.strip())
    assert isinstance(saved, CorrectiveAction)
    return saved


@changes_records
@transaction.atomic
def corrective_action_done(*, action: CorrectiveAction, by: User, done_on: date | None = None) -> CorrectiveAction:
    """Record that an action is done, and when (today unless said otherwise)."""
    require_change(by, action.nonconformity.group)
    current_nc = _lock_open(action.nonconformity, allow_implemented=True)
    current = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if current.done_on is not None:
        raise ValidationError(
            _("This action was already marked done on %(date)s.") % {"date": date_format(current.done_on, "j M Y")},
            code="already_done",
        )
    done_on = done_on or timezone.localdate()
    not_in_future(done_on, what=_("The date it was done"))
    if done_on < current_nc.found_on:
        raise ValidationError(
            _("An action cannot be done before the non-conformity was found."), code="done_before_finding"
        )
    current.done_on = done_on
    current.done_by = by
    current.version += 1
    stamp(current, by=by, reason=_("Done."))
    current.save()
    return current
