"""The progress report's figures: the frozen records each section is made of, and the small rules (percentages, the
phases' short names) they share.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from producers.currencies import local_currency
from producers.models import ProducerGroup, Programme
from standards.models import Level

from ...indicators import seasons_beginning_in
from ...models import (
    MoveKind,
    Phase,
    Severity,
)
from ...selectors.logframes import LogframeRowView

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# How many of the requirements failed most often the report lists.
MOST_FAILED = 10
LEVELS = [Level.ENTRY, Level.CORE, Level.IMPROVEMENT]
SEVERITIES = [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR]
# Moves that say how a trajectory stands (on hold, withdrawn, active again) rather than where.
STATUS_KINDS: dict[str, str] = {MoveKind.HOLD: "on_hold", MoveKind.WITHDRAW: "withdrawn", MoveKind.RESUME: ""}

Progress = Callable[[int], None]

# Short names for the phases where space is tight (chart axes, table heads), by the phases' stable codes.
PHASE_LABELS = {
    "preconditions": _lazy("Preconditions"),
    "planning-1": _lazy("Planning 1"),
    "planning-2": _lazy("Planning 2"),
    "initial-certificate": _lazy("Initial certificate"),
    "autonomous": _lazy("Autonomous"),
}


def phase_label(phase: Phase) -> str:
    """A phase's short name: the shipped phases have one; a phase added by a coordinator keeps its own name up to
    the first colon."""
    label = PHASE_LABELS.get(phase.code)
    return str(label) if label is not None else phase.name.split(":")[0]


def percent(done: int | Decimal, total: int | Decimal) -> int | None:
    """`done` as a whole percentage of `total`, rounded half up; None when there is nothing to divide by."""
    if not total:
        return None
    return int((Decimal(done) * HUNDRED / Decimal(total)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ratio:
    """Part of a whole, as the report prints it: "3 of 4", "75%"."""

    done: int
    total: int

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.total)

    @property
    def label(self) -> str:
        value = self.percent
        return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def years_label(self) -> str:
        """The calendar years the period touches, as a reader names them: one year, or the first and last joined by an
        en dash."""
        first, last = self.start.year, self.end.year
        return str(first) if first == last else f"{first}–{last}"

    @property
    def as_of(self) -> date:
        """The day the "at the end" figures are read on: the last day, or today for a period still running."""
        return min(self.end, timezone.localdate())

    def season_filter(self) -> Q:
        """Seasons that begin in one of the period's years."""
        return seasons_beginning_in(self.start.year, self.end.year)


# --- Sections ----------------------------------------------------------------------------------------------------


@dataclass
class GroupLine:
    """A group as the report names it, with its register in figures."""

    pk: int
    name: str
    country: str
    country_name: str
    commodity: str
    region: str
    members: int = 0
    women: int = 0
    approved: int = 0

    @property
    def currency(self) -> str:
        # Production records hold the local currency of the group's country.
        return local_currency(self.country) or _("local currency")


@dataclass
class Cover:
    kind: str
    title: str
    lines: list[str]
    generated_at: datetime


@dataclass
class KeyFigures:
    groups: int
    members: int
    women: Ratio
    approved: Ratio
    certified_groups: Ratio
    coverage: Ratio
    coverage_year: int
    open_ncs: int
    open_serious: int
    overdue_ncs: int
    trained: Ratio
    income: list["IncomeFigure"]
    moved_forward: int
    moved_back: int


@dataclass
class IncomeFigure:
    currency: str
    season: str
    per_member: Decimal | None
    members: int


@dataclass
class StayLine:
    phase: Phase
    entered_on: date
    left_on: date | None
    days: int
    how: str
    events: list[str] = field(default_factory=list)
    in_period: bool = True

    @property
    def label(self) -> str:
        return phase_label(self.phase)


@dataclass
class GroupTimeline:
    group: GroupLine
    stays: list[StayLine] = field(default_factory=list)
    phase_at_start: Phase | None = None
    phase_at_end: Phase | None = None
    status_at_end: str = ""
    # The day the group first entered each phase, in phase order (None where it never did), for the table.
    entries: list[date | None] = field(default_factory=list)

    @property
    def label_at_end(self) -> str:
        return phase_label(self.phase_at_end) if self.phase_at_end else ""

    @property
    def days_at_end(self) -> int | None:
        """Days in the phase it stood in at the end of the period."""
        return self.stays[-1].days if self.stays else None


@dataclass
class PhaseCount:
    phase: Phase | None
    at_start: int
    at_end: int


@dataclass
class TimelineSection:
    phases: list[Phase]
    groups: list[GroupTimeline]
    counts: list[PhaseCount]
    moved_forward: int
    moved_back: int


@dataclass
class LevelScore:
    level: str
    label: str
    ratio: Ratio | None


@dataclass
class YearScore:
    year: int
    overall: Ratio
    levels: list[LevelScore]


@dataclass
class StandardScores:
    standard_id: int
    name: str
    years: list[YearScore]

    def by_year(self) -> dict[int, YearScore]:
        return {score.year: score for score in self.years}


@dataclass
class FailedRequirement:
    standard: str
    code: str
    text: str
    failures: int
    groups: int


@dataclass
class ComplianceSection:
    years: list[int]
    standards: list[StandardScores]
    most_failed: list[FailedRequirement]


@dataclass
class SeverityLine:
    severity: str
    label: str
    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


@dataclass
class StandardNCLine:
    """The non-conformities that count against one standard: a finding on a question two standards share is in
    the line of each (so these lines may add up to more than the total)."""

    name: str
    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


@dataclass
class GroupHealth:
    group: GroupLine
    coverage: Ratio
    open: int = 0
    serious: int = 0
    overdue: int = 0


@dataclass
class ICSSection:
    coverage_by_year: list[tuple[int, Ratio]]
    latest_year: int
    severities: list[SeverityLine]
    groups: list[GroupHealth]
    standards: list[StandardNCLine] = field(default_factory=list)

    @property
    def totals(self) -> SeverityLine:
        total = SeverityLine(severity="", label=_("All"))
        for line in self.severities:
            total.found += line.found
            total.closed += line.closed
            total.open += line.open
            total.overdue += line.overdue
        return total


@dataclass
class TrainingSession:
    held_on: date
    topic: str
    trainer: str
    attendees: int
    requirements: int


@dataclass
class GroupTraining:
    group: GroupLine
    sessions: int
    trained: Ratio


@dataclass
class TrainingSection:
    sessions: int
    trained: Ratio
    requirements: int
    trainers: int
    groups: list[GroupTraining]
    session_list: list[TrainingSession]


@dataclass
class SeasonLine:
    currency: str
    season: str
    members: int = 0
    harvested: Decimal = ZERO
    sold_certified: Decimal = ZERO
    sold_conventional: Decimal = ZERO
    certified_supply: Decimal = ZERO
    # Sold as certified by the groups certified in the season: the share compares like with like, so that a sale
    # "as certified" by a group without a certificate never lifts it (it is a finding of its own).
    supply_sold_certified: Decimal = ZERO
    income: Decimal = ZERO

    @property
    def certified_share(self) -> Ratio | None:
        """Sold as certified, of the certified supply (the harvest of groups certified in the season)."""
        if not self.certified_supply:
            return None
        return Ratio(int(self.supply_sold_certified), int(self.certified_supply))

    @property
    def income_per_member(self) -> Decimal | None:
        if not self.members:
            return None
        return (self.income / self.members).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupIncome:
    group: GroupLine
    season: str
    line: SeasonLine


@dataclass
class ProductionSection:
    currencies: list[str]
    seasons: list[SeasonLine]
    groups: list[GroupIncome]

    def for_currency(self, currency: str) -> list[SeasonLine]:
        return [line for line in self.seasons if line.currency == currency]


@dataclass
class ServiceLine:
    service_type: str
    provider: str
    count: int
    groups: int
    costs: list[tuple[str, Decimal]]


@dataclass
class ServiceTypeTotal:
    service_type: str
    count: int
    groups: int


@dataclass
class ServicesSection:
    lines: list[ServiceLine]
    types: list[ServiceTypeTotal]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.types)


@dataclass
class ProgressReport:
    group: ProducerGroup | None
    programme: Programme | None
    period: Period
    cover: Cover
    groups: list[GroupLine]
    key: KeyFigures
    timeline: TimelineSection
    compliance: ComplianceSection
    ics: ICSSection
    trainings: TrainingSection
    production: ProductionSection
    logframe: list[LogframeRowView] | None
    services: ServicesSection

    @property
    def is_programme(self) -> bool:
        return self.programme is not None

    @property
    def currency(self) -> str:
        """The one currency every group of the report is paid in; "" when they are paid in several."""
        currencies = {line.currency for line in self.groups}
        return currencies.pop() if len(currencies) == 1 else ""

    @property
    def title(self) -> str:
        return self.cover.title
