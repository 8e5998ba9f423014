"""Which moves apply to a group now: asked the same way by the phase page (which offers only these) and by the
services (which refuse the others), as the gates are for advancing.

A pure rule over the group's standing (its status, phase, the phase after it, a suspended certificate), plus one
read that gathers that standing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from standards.models import Certificate, CertificateStatus

from .models import MoveKind, Phase, Trajectory, TrajectoryStatus

# The phases in which a group holds a certificate, so that a suspended certificate sends it back.
CERTIFICATE_PHASES = ("initial-certificate", "autonomous")

# The moves other than advancing, in the order the page offers them.
OTHER_MOVES = [MoveKind.BACK, MoveKind.HOLD, MoveKind.RESUME, MoveKind.SUSPEND, MoveKind.WITHDRAW]


@dataclass(frozen=True)
class Standing:
    """What decides the moves that apply to a group."""

    status: str
    phase: Phase
    next_phase: Phase | None
    certificate_suspended: bool

    @property
    def first_phase(self) -> bool:
        return not Phase.objects.filter(order__lt=self.phase.order).exists()


def standing_of(trajectory: Trajectory) -> Standing:
    """The group's standing, read in two queries."""
    return Standing(
        status=trajectory.status,
        phase=trajectory.phase,
        next_phase=Phase.objects.filter(order__gt=trajectory.phase.order).order_by("order").first(),
        certificate_suspended=Certificate.objects.filter(
            group_id=trajectory.group_id, status=CertificateStatus.SUSPENDED
        ).exists(),
    )


def move_refusal(kind: MoveKind, standing: Standing) -> ValidationError | None:
    """Why this move does not apply to the group now, or None if it does. Advancing also needs an open gate."""
    on_hold = standing.status == TrajectoryStatus.ON_HOLD
    if standing.status == TrajectoryStatus.WITHDRAWN:
        return ValidationError(_("The group has withdrawn from the inner cycle."), code="withdrawn")
    if kind in (MoveKind.ADVANCE, MoveKind.OVERRIDE):
        if standing.next_phase is None:
            return ValidationError(
                _("“%(phase)s” is the last phase: the group continues its yearly cycle there.")
                % {"phase": standing.phase.name},
                code="last_phase",
            )
        if on_hold:
            return ValidationError(_("The group is on hold: resume it first."), code="on_hold")
    if kind == MoveKind.BACK and standing.first_phase:
        return ValidationError(_("Moving back goes to an earlier phase."), code="back_not_earlier")
    if kind == MoveKind.HOLD and on_hold:
        return ValidationError(_("The group is already on hold."), code="already_on_hold")
    if kind == MoveKind.RESUME and not on_hold:
        return ValidationError(_("Only a group on hold can be resumed."), code="not_on_hold")
    if kind == MoveKind.SUSPEND:
        if standing.phase.code not in CERTIFICATE_PHASES:
            return ValidationError(
                _("Only a group in the certificate phases can have its certificate suspended."),
                code="nothing_to_suspend",
            )
        if not standing.certificate_suspended:
            return ValidationError(
                _("No certificate of the group is suspended: record the suspension on the certificate first."),
                code="no_suspended_certificate",
            )
    return None


def moves_that_apply(standing: Standing) -> list[MoveKind]:
    """The moves other than advancing that the group may make now, in the page's order."""
    return [kind for kind in OTHER_MOVES if move_refusal(kind, standing) is None]


def require_move_applies(kind: MoveKind, trajectory: Trajectory) -> None:
    """Raise the reason why the move does not apply to the group now, if it does not."""
    refusal = move_refusal(kind, standing_of(trajectory))
    if refusal is not None:
        raise refusal
