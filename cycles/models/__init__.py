"""The inner cycle: phases and their criteria (reference data), each group's trajectory and its moves."""

from .phases import Criterion, CriterionKind, Phase
from .trajectories import MoveKind, PhaseMove, Trajectory, TrajectoryStatus

__all__ = ["Criterion", "CriterionKind", "MoveKind", "Phase", "PhaseMove", "Trajectory", "TrajectoryStatus"]
