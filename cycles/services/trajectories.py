"""Moving groups through the inner cycle. Every move is an immutable PhaseMove: who, when, from, to, why,
and the criteria as they stood."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.models import ProducerGroup, User
from producers.records_version import changes_records
from producers.security_log import security_event
from producers.selectors import groups_steered_by, roles_of

from ..gates import CriterionResult, evaluate_gate
from ..models import MoveKind, Phase, PhaseMove, Trajectory, TrajectoryStatus
from ..moves import CERTIFICATE_PHASES, require_move_applies

# Moves that change a group's course against the plan must say why.
MOVES_NEEDING_REASON = {MoveKind.OVERRIDE, MoveKind.BACK, MoveKind.HOLD, MoveKind.SUSPEND, MoveKind.WITHDRAW}

STATUS_AFTER_MOVE = {
    MoveKind.HOLD: TrajectoryStatus.ON_HOLD,
    MoveKind.WITHDRAW: TrajectoryStatus.WITHDRAWN,
}

# A suspended certificate sends a group back to building its system.
SUSPENSION_TARGET = "planning-2"


def suspendable(phase: Phase) -> bool:
    """Whether a group in this phase holds a certificate phase, so that a suspended certificate sends it back."""
    return phase.code in CERTIFICATE_PHASES


class GateRefused(ValidationError):
    """The group may not advance: `unmet` names the criteria that stop it."""

    def __init__(self, unmet: list[CriterionResult]) -> None:
        self.unmet = unmet
        super().__init__(
            ngettext(
                "The group cannot advance yet: %(count)d mandatory criterion is not met.",
                "The group cannot advance yet: %(count)d mandatory criteria are not met.",
                len(unmet),
            )
            % {"count": len(unmet)},
            code="gate_closed",
        )


def _require_steering(user: User, group: ProducerGroup) -> None:
    if not groups_steered_by(user).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only the group's field officer or a coordinator moves it through the phases."))


def _require_applies(kind: MoveKind, group: ProducerGroup) -> None:
    """Refuse a move that does not apply to the group now: the rule the phase page offers the moves by."""
    trajectory = Trajectory.objects.select_related("phase").filter(group=group).first()
    if trajectory is None:
        raise ValidationError(_("This group has not started the inner cycle."), code="not_started")
    require_move_applies(kind, trajectory)


def _require_coordinator(user: User) -> None:
    if not roles_of(user).coordinator:
        raise PermissionDenied(_("Only a coordinator may do this."))


@changes_records
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


def _lock(group: ProducerGroup, expected_phase: Phase | None) -> Trajectory:
    """Lock the group's trajectory for this transaction and check it still stands where the person saw it."""
    # No join in the locking query: PostgreSQL re-reads a row updated by a concurrent move, and a join on the
    # phase it changed would make the row vanish instead of showing the new phase.
    try:
        trajectory = Trajectory.objects.select_for_update().get(group=group)
    except Trajectory.DoesNotExist:
        raise ValidationError(_("This group has not started the inner cycle."), code="not_started") from None
    if expected_phase is not None and trajectory.phase_id != expected_phase.pk:
        raise ValidationError(
            _("The group was moved meanwhile: it now stands in “%(phase)s”. Look at it again before you move it.")
            % {"phase": trajectory.phase.name},
            code="moved_meanwhile",
        )
    return trajectory


@changes_records
@transaction.atomic
def phase_move_record(
    *,
    group: ProducerGroup,
    kind: MoveKind,
    to_phase: Phase,
    by: User | None,
    reason: str = "",
    at: datetime | None = None,
    expected_phase: Phase | None = None,
    snapshot: list[dict[str, Any]] | None = None,
) -> PhaseMove:
    """Record a move whose decision is already taken: the gate was checked by the caller, or history is imported.

    The trajectory row is locked for the transaction, so two moves of one group run one after the other. With
    `expected_phase`, a move decided on a page that has since gone stale is refused instead of applied twice.
    """
    at = at or timezone.now()
    reason = reason.strip()
    if kind in MOVES_NEEDING_REASON and not reason:
        raise ValidationError(_("Say why the group is moved this way."), code="reason_required")
    trajectory = _lock(group, expected_phase)
    if trajectory.status == TrajectoryStatus.WITHDRAWN:
        raise ValidationError(_("The group has withdrawn from the inner cycle."), code="withdrawn")
    if at < trajectory.phase_since:
        raise ValidationError(_("A move cannot be dated before the group's last move."), code="move_out_of_order")
    from_phase = trajectory.phase
    if kind in (MoveKind.ADVANCE, MoveKind.OVERRIDE):
        if trajectory.status == TrajectoryStatus.ON_HOLD:
            raise ValidationError(_("The group is on hold: resume it first."), code="on_hold")
        if to_phase.order != from_phase.order + 1:
            raise ValidationError(_("A group advances one phase at a time."), code="advance_skips_phase")
    if kind in (MoveKind.BACK, MoveKind.SUSPEND) and to_phase.order >= from_phase.order:
        raise ValidationError(_("Moving back goes to an earlier phase."), code="back_not_earlier")
    if kind == MoveKind.HOLD and trajectory.status == TrajectoryStatus.ON_HOLD:
        raise ValidationError(_("The group is already on hold."), code="already_on_hold")
    if kind == MoveKind.RESUME and trajectory.status != TrajectoryStatus.ON_HOLD:
        raise ValidationError(_("Only a group on hold can be resumed."), code="not_on_hold")
    move = PhaseMove.objects.create(
        trajectory=trajectory,
        kind=kind,
        from_phase=from_phase,
        to_phase=to_phase,
        moved_at=at,
        moved_by=by,
        reason=reason,
        gate_snapshot=snapshot or [],
    )
    if to_phase != from_phase:
        trajectory.phase = to_phase
        trajectory.phase_since = at
    trajectory.status = STATUS_AFTER_MOVE.get(kind, TrajectoryStatus.ACTIVE)
    trajectory.save(update_fields=["phase", "phase_since", "status"])
    return move


def _next_phase(phase: Phase) -> Phase:
    following = Phase.objects.filter(order__gt=phase.order).order_by("order").first()
    if following is None:
        raise ValidationError(
            _("“%(phase)s” is the last phase: the group continues its yearly cycle there.") % {"phase": phase.name},
            code="last_phase",
        )
    return following


def phase_advance(*, group: ProducerGroup, by: User, expected_phase: Phase, reason: str = "") -> PhaseMove:
    """Advance a group to the next phase when every mandatory criterion of its phase is met.

    Refuses with GateRefused, naming the unmet criteria, otherwise.
    """
    _require_steering(by, group)
    with transaction.atomic():
        # Lock first, then evaluate: the gate is read against the records as they stand at the move.
        require_move_applies(MoveKind.ADVANCE, _lock(group, expected_phase))
        gate = evaluate_gate(group)
        if not gate.open:
            raise GateRefused(gate.unmet)
        return phase_move_record(
            group=group,
            kind=MoveKind.ADVANCE,
            to_phase=_next_phase(expected_phase),
            by=by,
            reason=reason,
            expected_phase=expected_phase,
            snapshot=gate.snapshot(),
        )


def phase_override(*, group: ProducerGroup, by: User, expected_phase: Phase, justification: str) -> PhaseMove:
    """A coordinator advances a group whose gate is closed, with a written justification kept on the move."""
    _require_coordinator(by)
    justification = justification.strip()
    if len(justification) < 20:
        raise ValidationError(
            _("Write a justification of at least 20 characters: it is kept with the decision."),
            code="justification_too_short",
        )
    with transaction.atomic():
        _lock(group, expected_phase)
        gate = evaluate_gate(group)
        move = phase_move_record(
            group=group,
            kind=MoveKind.OVERRIDE if not gate.open else MoveKind.ADVANCE,
            to_phase=_next_phase(expected_phase),
            by=by,
            reason=justification,
            expected_phase=expected_phase,
            snapshot=gate.snapshot(),
        )
    if move.kind == MoveKind.OVERRIDE:
        # A decision past the rules: the security log has it beside the move's own history row (the
        # justification stays there, not in the log).
        security_event(
            "gate_override",
            user=by,
            group_id=group.pk,
            from_phase=expected_phase.code,
            to_phase=move.to_phase.code,
            move_id=move.pk,
            unmet=len(gate.unmet),
        )
    return move


def phase_back(*, group: ProducerGroup, by: User, expected_phase: Phase, to_phase: Phase, reason: str) -> PhaseMove:
    _require_steering(by, group)
    _require_applies(MoveKind.BACK, group)
    return phase_move_record(
        group=group,
        kind=MoveKind.BACK,
        to_phase=to_phase,
        by=by,
        reason=reason,
        expected_phase=expected_phase,
        snapshot=evaluate_gate(group).snapshot(),
    )


def trajectory_suspend(*, group: ProducerGroup, by: User, expected_phase: Phase, reason: str) -> PhaseMove:
    """The certificate was suspended: the group goes back to planning phase 2 to rebuild its system."""
    _require_steering(by, group)
    _require_applies(MoveKind.SUSPEND, group)
    target = Phase.objects.get(code=SUSPENSION_TARGET)
    return phase_move_record(
        group=group, kind=MoveKind.SUSPEND, to_phase=target, by=by, reason=reason, expected_phase=expected_phase
    )


def trajectory_hold(*, group: ProducerGroup, by: User, expected_phase: Phase, reason: str) -> PhaseMove:
    _require_steering(by, group)
    _require_applies(MoveKind.HOLD, group)
    return phase_move_record(
        group=group, kind=MoveKind.HOLD, to_phase=expected_phase, by=by, reason=reason, expected_phase=expected_phase
    )


def trajectory_resume(*, group: ProducerGroup, by: User, expected_phase: Phase, reason: str = "") -> PhaseMove:
    _require_steering(by, group)
    _require_applies(MoveKind.RESUME, group)
    return phase_move_record(
        group=group, kind=MoveKind.RESUME, to_phase=expected_phase, by=by, reason=reason, expected_phase=expected_phase
    )


def trajectory_withdraw(*, group: ProducerGroup, by: User, expected_phase: Phase, reason: str) -> PhaseMove:
    _require_steering(by, group)
    _require_applies(MoveKind.WITHDRAW, group)
    return phase_move_record(
        group=group,
        kind=MoveKind.WITHDRAW,
        to_phase=expected_phase,
        by=by,
        reason=reason,
        expected_phase=expected_phase,
    )


def trajectory_begin(*, group: ProducerGroup, by: User) -> Trajectory:
    """A field officer or coordinator starts a group on the inner cycle."""
    _require_steering(by, group)
    return trajectory_start(group=group, by=by)
