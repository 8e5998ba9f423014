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
  inspections that are compliant; one inspection answers every chosen standard's requirement;
- *income per member* is the average income of the members with a production record in the season, in the local
  currency: a programme that spans countries shows one figure per currency and never adds them up.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django_countries import countries

from producers.currencies import local_currency
from producers.models import ProducerGroup, Programme
from producers.models.members import MemberStatus
from standards.models import Certificate, Level, Requirement

from ..indicators import season_span, seasons_beginning_in
from ..models import (
    Compliance,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    MoveKind,
    NCStatus,
    NonConformity,
    Phase,
    PhaseMove,
    ProductionRecord,
    Service,
    Severity,
    Training,
)
from ..selectors.logframes import LogframeRowView, logframe_periods, logframe_table
from ..selectors.phases import PHASE_CHANGING_KINDS

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
    def title(self) -> str:
        return self.cover.title


# --- Building ----------------------------------------------------------------------------------------------------


def report_groups(*, group: ProducerGroup | None = None, programme: Programme | None = None) -> QuerySet[ProducerGroup]:
    """The groups a report covers: the one group, or every group the programme supports."""
    if (group is None) == (programme is None):
        raise ValueError("a report is about one group or one programme")
    if group is not None:
        return ProducerGroup.objects.filter(pk=group.pk)
    assert programme is not None
    return ProducerGroup.objects.filter(pk__in=programme.groups.values("pk"))


def _group_lines(groups: QuerySet[ProducerGroup]) -> list[GroupLine]:
    """The groups with their register in figures (members who have not left). One query."""
    rows = (
        groups.select_related("organisation")
        .annotate(
            due=Count("members", filter=~Q(members__status=MemberStatus.LEFT), distinct=True),
            women=Count(
                "members",
                filter=Q(members__gender="female") & ~Q(members__status=MemberStatus.LEFT),
                distinct=True,
            ),
            approved=Count("members", filter=Q(members__status=MemberStatus.APPROVED), distinct=True),
        )
        .order_by("organisation__name")
    )
    return [
        GroupLine(
            pk=group.pk,
            name=group.organisation.name,
            country=str(group.organisation.country),
            country_name=str(countries.name(str(group.organisation.country))),
            commodity=group.get_commodity_display(),
            region=group.region,
            members=group.due,
            women=group.women,
            approved=group.approved,
        )
        for group in rows
    ]


def _cover(group: ProducerGroup | None, programme: Programme | None, lines: list[GroupLine]) -> Cover:
    if programme is not None:
        implementers = ", ".join(org.name for org in programme.implementers.all())
        details = [_("Funded by %(funder)s") % {"funder": programme.funder.name}]
        if implementers:
            details.append(_("Implemented by %(names)s") % {"names": implementers})
        countries = sorted({line.country_name for line in lines})
        details.append(
            ngettext("%(count)d group in %(countries)s", "%(count)d groups in %(countries)s", len(lines))
            % {"count": len(lines), "countries": ", ".join(countries) or "—"}
        )
        return Cover(_("Programme progress report"), programme.name, details, timezone.now())
    assert group is not None
    line = lines[0]
    details = [f"{line.country_name} · {line.commodity} · {line.region}"]
    return Cover(_("Group progress report"), line.name, details, timezone.now())


def _timeline(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> TimelineSection:
    """Every group's stays in the phases up to the period's end, from its moves: one query for all groups.

    A stay opens with a move that changes the phase (or re-enters it, as a suspension does), exactly as
    `cycles.selectors.group_timeline` reads one group's moves; holds and resumptions are events within a stay.
    """
    phases = list(Phase.objects.order_by("order"))
    phase_ids = [phase.pk for phase in phases]
    by_group: dict[int, GroupTimeline] = {line.pk: GroupTimeline(group=line) for line in lines}
    moves = (
        PhaseMove.objects.filter(trajectory__group__in=groups)
        .order_by("trajectory__group_id", "moved_at", "pk")
        .values_list("trajectory__group_id", "kind", "to_phase_id", "moved_at")
    )
    phases_by_id = {phase.pk: phase for phase in phases}
    kinds = dict(MoveKind.choices)
    for group_id, kind, to_phase_id, moved_at in moves:
        timeline = by_group[group_id]
        day = timezone.localdate(moved_at)
        if day > period.as_of:
            continue
        stays = timeline.stays
        if not stays or to_phase_id != stays[-1].phase.pk or kind in PHASE_CHANGING_KINDS:
            if stays:
                stays[-1].left_on = day
            stays.append(
                StayLine(phase=phases_by_id[to_phase_id], entered_on=day, left_on=None, days=0, how=str(kinds[kind]))
            )
        else:
            stays[-1].events.append(f"{kinds[kind]} {date_format(day, 'j M Y')}")
        if kind in STATUS_KINDS:
            timeline.status_at_end = STATUS_KINDS[kind]
        elif kind in PHASE_CHANGING_KINDS:
            timeline.status_at_end = ""
        if day <= period.start:
            timeline.phase_at_start = phases_by_id[to_phase_id]
        timeline.phase_at_end = phases_by_id[to_phase_id]
    for timeline in by_group.values():
        entered: dict[int, date] = {}
        for stay in timeline.stays:
            entered.setdefault(stay.phase.pk, stay.entered_on)
            stay.days = ((stay.left_on or period.as_of) - stay.entered_on).days
            stay.in_period = (stay.left_on is None or stay.left_on >= period.start) and stay.entered_on <= period.end
        timeline.entries = [entered.get(phase_id) for phase_id in phase_ids]
    counts = [PhaseCount(phase=None, at_start=0, at_end=0)] + [PhaseCount(phase, 0, 0) for phase in phases]
    index = {None: 0} | {phase.pk: i + 1 for i, phase in enumerate(phases)}
    forward = back = 0
    for timeline in by_group.values():
        start = timeline.phase_at_start
        end = timeline.phase_at_end
        counts[index[start.pk if start else None]].at_start += 1
        counts[index[end.pk if end else None]].at_end += 1
        start_order = start.order if start else 0
        end_order = end.order if end else 0
        forward += end_order > start_order
        back += end_order < start_order
    return TimelineSection(
        phases=phases,
        groups=[by_group[line.pk] for line in lines],
        counts=counts,
        moved_forward=forward,
        moved_back=back,
    )


def _compliance(groups: QuerySet[ProducerGroup], period: Period) -> ComplianceSection:
    """Scores per standard, year and level, and the requirements failed most often. Three queries."""
    answers = InspectionAnswer.objects.filter(
        inspection__round__group__in=groups, inspection__round__year__in=period.years
    )
    rows = (
        answers.exclude(answer=Compliance.NOT_APPLICABLE)
        .values(
            "requirement__standard_id",
            "requirement__standard__short_name",
            "inspection__round__year",
            "requirement__level",
        )
        .annotate(applicable=Count("pk"), compliant=Count("pk", filter=Q(answer=Compliance.COMPLIANT)))
        .order_by("requirement__standard__short_name", "inspection__round__year")
    )
    names: dict[int, str] = {}
    figures: dict[tuple[int, int], dict[str, Ratio]] = defaultdict(dict)
    for row in rows:
        standard_id = row["requirement__standard_id"]
        names[standard_id] = row["requirement__standard__short_name"]
        figures[(standard_id, row["inspection__round__year"])][row["requirement__level"]] = Ratio(
            row["compliant"], row["applicable"]
        )
    level_labels = dict(Level.choices)
    standards = []
    for standard_id, name in sorted(names.items(), key=lambda item: item[1]):
        years = []
        for year in period.years:
            by_level = figures.get((standard_id, year))
            if not by_level:
                continue
            overall = Ratio(sum(r.done for r in by_level.values()), sum(r.total for r in by_level.values()))
            levels = [LevelScore(level, str(level_labels[level]), by_level.get(level)) for level in LEVELS]
            years.append(YearScore(year=year, overall=overall, levels=levels))
        standards.append(StandardScores(standard_id=standard_id, name=name, years=years))
    # Counted per requirement id, then the ten named: grouping by the requirements' texts would sort them all.
    failed = list(
        answers.filter(answer=Compliance.NOT_COMPLIANT)
        .values("requirement_id")
        .annotate(failures=Count("pk"), groups=Count("inspection__round__group", distinct=True))
        .order_by("-failures", "requirement_id")[:MOST_FAILED]
    )
    requirements = Requirement.objects.select_related("standard").in_bulk([row["requirement_id"] for row in failed])
    most_failed = [
        FailedRequirement(
            standard=requirements[row["requirement_id"]].standard.short_name,
            code=requirements[row["requirement_id"]].code,
            text=requirements[row["requirement_id"]].text,
            failures=row["failures"],
            groups=row["groups"],
        )
        for row in failed
    ]
    return ComplianceSection(years=period.years, standards=standards, most_failed=most_failed)


def _ics(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> ICSSection:
    """Inspection coverage per year and per group, and non-conformities by severity. Two queries."""
    inspected = (
        Inspection.objects.filter(round__group__in=groups, round__year__in=period.years)
        .exclude(member__status=MemberStatus.LEFT)
        .values("round__group_id", "round__year")
        .annotate(members=Count("member", distinct=True))
        .order_by()
    )
    done: dict[tuple[int, int], int] = {
        (row["round__group_id"], row["round__year"]): row["members"] for row in inspected
    }
    due = sum(line.members for line in lines)
    years_with_rounds = sorted({year for _group, year in done})
    coverage_by_year = [
        (year, Ratio(sum(n for (_group, y), n in done.items() if y == year), due)) for year in years_with_rounds
    ]
    latest_year = years_with_rounds[-1] if years_with_rounds else period.end.year

    as_of = period.as_of
    open_at_end = ~Q(status=NCStatus.CLOSED) | Q(closed_on__gt=as_of)
    overdue_action = CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), due_on__lt=as_of).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=as_of)
    )
    ncs = (
        NonConformity.objects.filter(group__in=groups, found_on__lte=as_of)
        .values("group_id", "severity")
        .annotate(
            found=Count("pk", filter=Q(found_on__gte=period.start)),
            closed=Count("pk", filter=Q(status=NCStatus.CLOSED, closed_on__gte=period.start, closed_on__lte=as_of)),
            open=Count("pk", filter=open_at_end),
            overdue=Count("pk", filter=open_at_end & Q(Exists(overdue_action))),
        )
        .order_by()
    )
    labels = dict(Severity.choices)
    severities: dict[str, SeverityLine] = {
        severity: SeverityLine(severity=severity, label=str(labels[severity])) for severity in SEVERITIES
    }
    health = {
        line.pk: GroupHealth(group=line, coverage=Ratio(done.get((line.pk, latest_year), 0), line.members))
        for line in lines
    }
    for row in ncs:
        line = severities[row["severity"]]
        line.found += row["found"]
        line.closed += row["closed"]
        line.open += row["open"]
        line.overdue += row["overdue"]
        group = health[row["group_id"]]
        group.open += row["open"]
        group.overdue += row["overdue"]
        if row["severity"] != Severity.MINOR:
            group.serious += row["open"]
    return ICSSection(
        coverage_by_year=coverage_by_year,
        latest_year=latest_year,
        severities=list(severities.values()),
        groups=list(health.values()),
    )


def _trainings(
    groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period, *, list_sessions: bool
) -> TrainingSection:
    """Sessions, members trained and requirements covered in the period. Two queries (three for one group)."""
    trainings = Training.objects.filter(group__in=groups, held_on__gte=period.start, held_on__lte=period.end)
    per_group: dict[int, dict[str, Any]] = {
        row["group_id"]: dict(row)
        for row in trainings.values("group_id")
        .annotate(
            sessions=Count("pk", distinct=True),
            trained=Count("attendees", filter=~Q(attendees__status=MemberStatus.LEFT), distinct=True),
        )
        .order_by()
    }
    totals = trainings.aggregate(
        requirements=Count("requirements", distinct=True), trainers=Count("trainer", distinct=True)
    )
    group_lines = [
        GroupTraining(
            group=line,
            sessions=per_group.get(line.pk, {}).get("sessions", 0),
            trained=Ratio(per_group.get(line.pk, {}).get("trained", 0), line.members),
        )
        for line in lines
    ]
    sessions: list[TrainingSession] = []
    if list_sessions:
        sessions = [
            TrainingSession(
                held_on=training.held_on,
                topic=training.topic,
                trainer=training.trainer.name if training.trainer else "",
                attendees=training.attendee_count,
                requirements=training.requirement_count,
            )
            for training in trainings.select_related("trainer")
            .annotate(
                attendee_count=Count("attendees", distinct=True),
                requirement_count=Count("requirements", distinct=True),
            )
            .order_by("held_on", "pk")
        ]
    return TrainingSection(
        sessions=sum(g.sessions for g in group_lines),
        trained=Ratio(sum(g.trained.done for g in group_lines), sum(line.members for line in lines)),
        requirements=totals["requirements"],
        trainers=totals["trainers"],
        groups=group_lines,
        session_list=sessions,
    )


def _production(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> ProductionSection:
    """Volumes, certified sales and income per season, per currency and per group. Two queries."""
    rows = (
        ProductionRecord.objects.filter(member__group__in=groups)
        .filter(period.season_filter())
        .values("member__group_id", "season")
        .annotate(
            members=Count("pk"),
            harvested=Sum("harvested_kg"),
            sold_certified=Sum("sold_certified_kg"),
            sold_conventional=Sum("sold_conventional_kg"),
            income=Sum("income"),
        )
        .order_by()
    )
    certificates: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for group_id, valid_from, valid_to in (
        Certificate.objects.standing().filter(group__in=groups).values_list("group_id", "valid_from", "valid_to")
    ):
        certificates[group_id].append((valid_from, valid_to))
    by_pk = {line.pk: line for line in lines}
    seasons: dict[tuple[str, str], SeasonLine] = {}
    per_group: dict[int, dict[str, SeasonLine]] = defaultdict(dict)
    for row in rows:
        group = by_pk[row["member__group_id"]]
        season = row["season"]
        start, end = season_span(season)
        certified = any(valid_from <= end and valid_to >= start for valid_from, valid_to in certificates[group.pk])
        harvested = Decimal(row["harvested"] or 0)
        figures = SeasonLine(
            currency=group.currency,
            season=season,
            members=row["members"],
            harvested=harvested,
            sold_certified=Decimal(row["sold_certified"] or 0),
            sold_conventional=Decimal(row["sold_conventional"] or 0),
            certified_supply=harvested if certified else ZERO,
            supply_sold_certified=Decimal(row["sold_certified"] or 0) if certified else ZERO,
            income=Decimal(row["income"] or 0),
        )
        per_group[group.pk][season] = figures
        total = seasons.setdefault((group.currency, season), SeasonLine(currency=group.currency, season=season))
        total.members += figures.members
        total.harvested += figures.harvested
        total.sold_certified += figures.sold_certified
        total.sold_conventional += figures.sold_conventional
        total.certified_supply += figures.certified_supply
        total.supply_sold_certified += figures.supply_sold_certified
        total.income += figures.income
    ordered = sorted(seasons.values(), key=lambda line: (line.currency, line.season))
    group_incomes = []
    for line in lines:
        recorded = per_group.get(line.pk)
        if recorded:
            latest = max(recorded)
            group_incomes.append(GroupIncome(group=line, season=latest, line=recorded[latest]))
    return ProductionSection(
        currencies=sorted({line.currency for line in ordered}),
        seasons=ordered,
        groups=group_incomes,
    )


def _services(groups: QuerySet[ProducerGroup], period: Period) -> ServicesSection:
    """Services delivered in the period, by type and provider, with their cost per currency. Three queries."""
    services = Service.objects.filter(group__in=groups, delivered_on__gte=period.start, delivered_on__lte=period.end)
    order = ("service_type__order", "service_type__name", "provider__name")
    pairs = (
        services.values("service_type__name", "provider__name", "service_type__order")
        .annotate(count=Count("pk"), groups=Count("group", distinct=True))
        .order_by(*order)
    )
    costs: dict[tuple[str, str], list[tuple[str, Decimal]]] = defaultdict(list)
    for row in (
        services.filter(cost__isnull=False)
        .values("service_type__name", "provider__name", "currency")
        .annotate(total=Sum("cost"))
        .order_by("currency")
    ):
        costs[(row["service_type__name"], row["provider__name"])].append(
            (row["currency"] or "", Decimal(row["total"] or 0))
        )
    lines = [
        ServiceLine(
            service_type=row["service_type__name"],
            provider=row["provider__name"],
            count=row["count"],
            groups=row["groups"],
            costs=costs.get((row["service_type__name"], row["provider__name"]), []),
        )
        for row in pairs
    ]
    types = [
        ServiceTypeTotal(service_type=row["service_type__name"], count=row["count"], groups=row["groups"])
        for row in services.values("service_type__name", "service_type__order")
        .annotate(count=Count("pk"), groups=Count("group", distinct=True))
        .order_by("service_type__order", "service_type__name")
    ]
    return ServicesSection(lines=lines, types=types)


def _certified_groups(groups: QuerySet[ProducerGroup], period: Period) -> int:
    return (
        Certificate.objects.standing()
        .filter(group__in=groups)
        .covering(period.as_of, period.as_of)
        .values("group_id")
        .distinct()
        .count()
    )


def _latest_income(production: ProductionSection) -> list[IncomeFigure]:
    """Per currency, the income per member of the latest season that is recorded for at least half as many members
    as the best-recorded season: a season just begun, with a handful of records, says little about a group."""
    figures = []
    for currency in production.currencies:
        seasons = production.for_currency(currency)
        enough = max(line.members for line in seasons) / 2
        latest = [line for line in seasons if line.members >= enough][-1]
        figures.append(IncomeFigure(currency, latest.season, latest.income_per_member, latest.members))
    return figures


def _logframe(programme: Programme | None, period: Period) -> list[LogframeRowView] | None:
    if programme is None:
        return None
    periods = [p for p in logframe_periods(programme) if period.start.year <= int(p[:4]) <= period.end.year]
    return logframe_table(programme=programme, periods=periods)


def _noop(_value: int) -> None:
    return None


def progress_report(
    *,
    group: ProducerGroup | None = None,
    programme: Programme | None = None,
    period_start: date,
    period_end: date,
    progress: Progress | None = None,
) -> ProgressReport:
    """The whole report for one group or one programme's groups. `progress` is told the share done (0-100) as the
    sections are built, for the job page's progress bar."""
    tell = progress or _noop
    period = Period(period_start, period_end)
    groups = report_groups(group=group, programme=programme)
    if programme is not None:
        programme = Programme.objects.select_related("funder").prefetch_related("implementers").get(pk=programme.pk)
    lines = _group_lines(groups)
    cover = _cover(group, programme, lines)
    tell(10)
    timeline = _timeline(groups, lines, period)
    tell(20)
    compliance = _compliance(groups, period)
    tell(35)
    ics = _ics(groups, lines, period)
    tell(45)
    trainings = _trainings(groups, lines, period, list_sessions=programme is None)
    tell(55)
    production = _production(groups, lines, period)
    tell(60)
    logframe = _logframe(programme, period)
    services = _services(groups, period)
    members = sum(line.members for line in lines)
    key = KeyFigures(
        groups=len(lines),
        members=members,
        women=Ratio(sum(line.women for line in lines), members),
        approved=Ratio(sum(line.approved for line in lines), members),
        certified_groups=Ratio(_certified_groups(groups, period), len(lines)),
        coverage=Ratio(
            sum(g.coverage.done for g in ics.groups),
            members,
        ),
        coverage_year=ics.latest_year,
        open_ncs=ics.totals.open,
        open_serious=sum(line.open for line in ics.severities if line.severity != Severity.MINOR),
        overdue_ncs=ics.totals.overdue,
        trained=trainings.trained,
        income=_latest_income(production),
        moved_forward=timeline.moved_forward,
        moved_back=timeline.moved_back,
    )
    tell(70)
    return ProgressReport(
        group=group,
        programme=programme,
        period=period,
        cover=cover,
        groups=lines,
        key=key,
        timeline=timeline,
        compliance=compliance,
        ics=ics,
        trainings=trainings,
        production=production,
        logframe=logframe,
        services=services,
    )
