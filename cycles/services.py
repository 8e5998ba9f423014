"""Services that change the inner cycle. Each records who, when and why."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User

from .models import MoveKind, Phase, PhaseMove, Trajectory, TrajectoryStatus

# Moves that change a group's course against the plan must say why.
MOVES_NEEDING_REASON = {MoveKind.OVERRIDE, MoveKind.BACK, MoveKind.HOLD, MoveKind.SUSPEND, MoveKind.WITHDRAW}

STATUS_AFTER_MOVE = {
    MoveKind.HOLD: TrajectoryStatus.ON_HOLD,
    MoveKind.WITHDRAW: TrajectoryStatus.WITHDRAWN,
}


@transaction.atomic
def trajectory_start(
    *, group: ProducerGroup, by: User | None, at: datetime | None = None, reason: str = ""
) -> Trajectory:
    """Put a group at the start of the inner cycle (preconditions) and record the start as its first move."""
    at = at or timezone.now()
    if Trajectory.objects.filter(group=group).exists():
        raise ValidationError(_("This group has already started the inner cycle."), code="already_started")
    first = Phase.objects.order_by("order").first()
    if first is None:
        raise ValidationError(_("No phases are defined."), code="no_phases")
    trajectory = Trajectory.objects.create(group=group, phase=first, phase_since=at, started_at=at)
    PhaseMove.objects.create(
        trajectory=trajectory,
        kind=MoveKind.START,
        from_phase=None,
        to_phase=first,
        moved_at=at,
        moved_by=by,
        reason=reason,
    )
    return trajectory


@transaction.atomic
def phase_move_record(
    *,
    group: ProducerGroup,
    kind: MoveKind,
    to_phase: Phase,
    by: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> PhaseMove:
    """Record a move whose decision is already taken: the gate was checked by the caller, or history is imported.

    The trajectory row is locked, so two simultaneous moves are applied one after the other, never merged.
    """
    at = at or timezone.now()
    reason = reason.strip()
    if kind in MOVES_NEEDING_REASON and not reason:
        raise ValidationError(_("Say why the group is moved this way."), code="reason_required")
    trajectory = Trajectory.objects.select_for_update().get(group=group)
    if trajectory.status == TrajectoryStatus.WITHDRAWN:
        raise ValidationError(_("The group has withdrawn from the inner cycle."), code="withdrawn")
    if at < trajectory.phase_since:
        raise ValidationError(_("A move cannot be dated before the group's last move."), code="move_out_of_order")
    from_phase = trajectory.phase
    if kind in (MoveKind.ADVANCE, MoveKind.OVERRIDE) and to_phase.order != from_phase.order + 1:
        raise ValidationError(_("A group advances one phase at a time."), code="advance_skips_phase")
    if kind in (MoveKind.BACK, MoveKind.SUSPEND) and to_phase.order >= from_phase.order:
        raise ValidationError(_("Moving back goes to an earlier phase."), code="back_not_earlier")
    move = PhaseMove.objects.create(
        trajectory=trajectory,
        kind=kind,
        from_phase=from_phase,
        to_phase=to_phase,
        moved_at=at,
        moved_by=by,
        reason=reason,
    )
    if to_phase != from_phase:
        trajectory.phase = to_phase
        trajectory.phase_since = at
    trajectory.status = STATUS_AFTER_MOVE.get(kind, TrajectoryStatus.ACTIVE)
    trajectory.save(update_fields=["phase", "phase_since", "status"])
    return move
