"""Services of the inner cycle: every change of state goes through one of these and records who, when and why."""

from .answers import criterion_answer, evidence_check
from .trajectories import (
    GateRefused,
    phase_advance,
    phase_back,
    phase_move_record,
    phase_override,
    trajectory_begin,
    trajectory_hold,
    trajectory_resume,
    trajectory_start,
    trajectory_suspend,
    trajectory_withdraw,
)

__all__ = [
    "GateRefused",
    "criterion_answer",
    "evidence_check",
    "phase_advance",
    "phase_back",
    "phase_move_record",
    "phase_override",
    "trajectory_begin",
    "trajectory_hold",
    "trajectory_resume",
    "trajectory_start",
    "trajectory_suspend",
    "trajectory_withdraw",
]
