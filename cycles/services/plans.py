"""The improvement plan: actions that close a gap or meet a requirement, with an owner, a deadline, a status and
the indicator each should move. Every change, status moves included, is a version in the action's history; an
action is dropped only with a reason, kept in that history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from producers.history import save_versioned, stamp
from producers.models import ProducerGroup, User
from standards.models import Requirement

from ..models import Indicator, PlanAction, PlanStatus
from .permissions import require_change
from .reasons import clean_reason

TITLE_MAX_LENGTH = 200
OWNER_MAX_LENGTH = 120


def _check(
    *,
    group: ProducerGroup,
    title: str,
    owner: str,
    requirement: Requirement | None,
    gap: str,
    status: str,
    reason: str,
    dropping: bool,
) -> None:
    if not title.strip():
        raise ValidationError(_("Say what the action is."), code="title_required")
    if len(title.strip()) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the action within %(max)d characters.") % {"max": TITLE_MAX_LENGTH}, code="title_too_long"
        )
    if not owner.strip():
        raise ValidationError(_("Name who is responsible for the action."), code="owner_required")
    if len(owner.strip()) > OWNER_MAX_LENGTH:
        raise ValidationError(
            _("Keep the owner within %(max)d characters.") % {"max": OWNER_MAX_LENGTH}, code="owner_too_long"
        )
    if requirement is None and not gap.strip():
        raise ValidationError(
            _("Link the action to a requirement, or describe the gap it closes."), code="gap_required"
        )
    if requirement is not None and not group.chosen_standards.filter(standard_id=requirement.standard_id).exists():
        raise ValidationError(
            _("The requirement must belong to a standard the group has chosen."), code="requirement_not_chosen"
        )
    if status not in PlanStatus.values:
        raise ValidationError(_("Choose planned, in progress, done or dropped."), code="status")
    if dropping and not reason:
        raise ValidationError(_("Say why the action is dropped."), code="reason_required")


@transaction.atomic
def plan_action_create(
    *,
    group: ProducerGroup,
    by: User,
    title: str,
    owner: str,
    deadline: date,
    requirement: Requirement | None = None,
    gap: str = "",
    indicator: Indicator | None = None,
    status: str = PlanStatus.PLANNED,
    reason: str = "",
) -> PlanAction:
    """Add an action to the group's improvement plan."""
    require_change(by, group)
    reason = clean_reason(reason)
    _check(
        group=group,
        title=title,
        owner=owner,
        requirement=requirement,
        gap=gap,
        status=status,
        reason=reason,
        dropping=status == PlanStatus.DROPPED,
    )
    action = PlanAction(
        group=group,
        title=title.strip(),
        owner=owner.strip(),
        deadline=deadline,
        requirement=requirement,
        gap=gap.strip(),
        indicator=indicator,
        status=status,
    )
    action.full_clean()
    stamp(action, by=by, reason=reason)
    action.save()
    return action


@transaction.atomic
def plan_action_update(
    *,
    action: PlanAction,
    by: User,
    expected_version: int,
    title: str,
    owner: str,
    deadline: date,
    requirement: Requirement | None,
    gap: str,
    indicator: Indicator | None,
    status: str,
    reason: str = "",
) -> PlanAction:
    """Change an action, its status included, if nobody saved it since `expected_version` was read (StaleRecord
    otherwise). Dropping it needs a reason; the history keeps who moved it from which status to which, and why."""
    require_change(by, action.group)
    reason = clean_reason(reason)
    _check(
        group=action.group,
        title=title,
        owner=owner,
        requirement=requirement,
        gap=gap,
        status=status,
        reason=reason,
        dropping=status == PlanStatus.DROPPED and action.status != PlanStatus.DROPPED,
    )
    saved = save_versioned(
        action,
        expected_version=expected_version,
        by=by,
        changes={
            "title": title.strip(),
            "owner": owner.strip(),
            "deadline": deadline,
            "requirement": requirement,
            "gap": gap.strip(),
            "indicator": indicator,
            "status": status,
        },
        reason=reason,
    )
    assert isinstance(saved, PlanAction)
    return saved
