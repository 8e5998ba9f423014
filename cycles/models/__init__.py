"""The inner cycle: phases and their criteria (reference data), answers and evidence, each group's trajectory
and its moves, and the yearly loop of autonomous groups."""

from .annual import AnnualCycle, AnnualStep, AnnualStepRecord
from .answers import AnswerStatus, CriterionAnswer, CriterionAnswerHistory, Evidence
from .phases import Criterion, CriterionKind, CriterionRevision, Phase
from .trajectories import MoveKind, PhaseMove, Trajectory, TrajectoryStatus

__all__ = [
    "AnnualCycle",
    "AnnualStep",
    "AnnualStepRecord",
    "AnswerStatus",
    "Criterion",
    "CriterionAnswer",
    "CriterionAnswerHistory",
    "CriterionKind",
    "CriterionRevision",
    "Evidence",
    "MoveKind",
    "Phase",
    "PhaseMove",
    "Trajectory",
    "TrajectoryStatus",
]
