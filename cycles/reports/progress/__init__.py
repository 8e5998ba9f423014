"""The progress report's data: what a donor reads about one group, or about every group of a programme, over a
period (from a start date to an end date).

Every section comes from a fixed number of database aggregates whatever the number of groups, members or
records: the groups' figures are read together and only the aggregated rows are combined in Python. A programme
of fifty groups makes the same queries as a single group.

Definitions, shared with `cycles.indicators` where the two meet:

- the members *due* are those in the register who have not left (the register keeps no status per past date, so
  a past year is measured against today's register);
- the period's *years* are the calendar years it touches; its *seasons* are the production seasons that begin in
  one of those years ("2025" or "2025/26");
- *at the end of the period* means on its last day, or today when the period has not ended yet;
- a non-conformity is *open* at a date when it was found by then and not closed by then; it is *overdue* when one
  of its corrective actions was due before that date and not done by then;
- a group is *certified* at a date when one of its standing certificates (`CertificateQuerySet.standing`: neither
  suspended nor withdrawn) is valid on it; the harvest of a season is *certified supply* when the group was
  certified on a day of the season;
- a *compliance score* is the share of the applicable answers (compliant or not) given in a year's internal
  inspections that are compliant: the member inspections answer the farm-level requirements (once per member), the
  group's yearly assessment the group-level ones (once); one answer counts for every chosen standard that asks it;
- *income per member* is the average income of the members with a production record in the season, in the local
  currency: a programme that spans countries shows one figure per currency and never adds them up.
"""

from .build import progress_report
from .figures import (
    ComplianceSection,
    Cover,
    FailedRequirement,
    GroupHealth,
    GroupIncome,
    GroupLine,
    GroupTimeline,
    GroupTraining,
    ICSSection,
    IncomeFigure,
    KeyFigures,
    LevelScore,
    Period,
    PhaseCount,
    ProductionSection,
    ProgressReport,
    Ratio,
    SeasonLine,
    ServiceLine,
    ServicesSection,
    ServiceTypeTotal,
    SeverityLine,
    StandardScores,
    StayLine,
    TimelineSection,
    TrainingSection,
    TrainingSession,
    YearScore,
    percent,
    phase_label,
)
from .groups import report_groups

__all__ = [
    "ComplianceSection",
    "Cover",
    "FailedRequirement",
    "GroupHealth",
    "GroupIncome",
    "GroupLine",
    "GroupTimeline",
    "GroupTraining",
    "ICSSection",
    "IncomeFigure",
    "KeyFigures",
    "LevelScore",
    "Period",
    "PhaseCount",
    "ProductionSection",
    "ProgressReport",
    "Ratio",
    "SeasonLine",
    "ServiceLine",
    "ServiceTypeTotal",
    "ServicesSection",
    "SeverityLine",
    "StandardScores",
    "StayLine",
    "TimelineSection",
    "TrainingSection",
    "TrainingSession",
    "YearScore",
    "percent",
    "phase_label",
    "progress_report",
    "report_groups",
]
