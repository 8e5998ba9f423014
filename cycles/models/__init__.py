"""The inner cycle (phases, criteria, answers and evidence, trajectories and moves, the yearly loop) and the
improvement records of a group's internal control system."""

from .annual import AnnualCycle, AnnualStep, AnnualStepRecord
from .answers import AnswerStatus, CriterionAnswer, CriterionAnswerHistory, Evidence
from .collect import CollectKey, InspectionPhoto, Submission, SubmissionAttachment, SubmissionStatus
from .gates_stored import StoredGate
from .indicators import Indicator, Measurement, MeasurementSource
from .inspections import (
    Compliance,
    ConflictOfInterest,
    Decision,
    Inspection,
    InspectionAnswer,
    InspectionKind,
    InspectionRound,
    Inspector,
)
from .jobs import JobStatus, ReportJob
from .logframes import Aggregation, LogframeActual, LogframeIndicator, LogframeLevel, LogframeRow, LogframeTarget
from .nonconformities import (
    CorrectiveAction,
    NCSource,
    NCStatus,
    NCStatusChange,
    NonConformity,
    Sanction,
    SanctionType,
    Severity,
    VerificationRule,
)
from .notifications import (
    TIME_ZONES,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
)
from .outer import CoordinationRun, InteractionPoint, Service, ServiceType
from .phases import Criterion, CriterionKind, CriterionRevision, Phase
from .plans import PlanAction, PlanStatus
from .production import ProductionRecord, ProductionTotal
from .trainings import Training
from .trajectories import MoveKind, PhaseMove, Trajectory, TrajectoryStatus

__all__ = [
    "TIME_ZONES",
    "Aggregation",
    "AnnualCycle",
    "AnnualStep",
    "AnnualStepRecord",
    "AnswerStatus",
    "CollectKey",
    "Compliance",
    "ConflictOfInterest",
    "CoordinationRun",
    "CorrectiveAction",
    "Criterion",
    "CriterionAnswer",
    "CriterionAnswerHistory",
    "CriterionKind",
    "CriterionRevision",
    "Decision",
    "Evidence",
    "Indicator",
    "Inspection",
    "InspectionAnswer",
    "InspectionKind",
    "InspectionPhoto",
    "InspectionRound",
    "Inspector",
    "InteractionPoint",
    "JobStatus",
    "LogframeActual",
    "LogframeIndicator",
    "LogframeLevel",
    "LogframeRow",
    "LogframeTarget",
    "Measurement",
    "MeasurementSource",
    "MoveKind",
    "NCSource",
    "NCStatus",
    "NCStatusChange",
    "NonConformity",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationStatus",
    "Phase",
    "PhaseMove",
    "PlanAction",
    "PlanStatus",
    "ProductionRecord",
    "ProductionTotal",
    "ReportJob",
    "Sanction",
    "SanctionType",
    "Service",
    "ServiceType",
    "Severity",
    "StoredGate",
    "Submission",
    "SubmissionAttachment",
    "SubmissionStatus",
    "Training",
    "Trajectory",
    "TrajectoryStatus",
    "VerificationRule",
]
