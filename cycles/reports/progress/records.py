"""The report's sections read from the group's records: compliance scores, the internal control system (coverage and
non-conformities), and the trainings.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from producers.models import ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Level, Requirement

from ...models import (
    Compliance,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionKind,
    NCStatus,
    NonConformity,
    Severity,
    Training,
)
from .figures import (
    LEVELS,
    MOST_FAILED,
    SEVERITIES,
    ComplianceSection,
    FailedRequirement,
    GroupHealth,
    GroupLine,
    GroupTraining,
    ICSSection,
    LevelScore,
    Period,
    Ratio,
    SeverityLine,
    StandardNCLine,
    StandardScores,
    TrainingSection,
    TrainingSession,
    YearScore,
)


def build_compliance(groups: QuerySet[ProducerGroup], period: Period) -> ComplianceSection:
    """Scores per standard, year and level, and the requirements failed most often. Three queries.

    The answers are those of the year's member inspections (the farm-level requirements, once per member) and of the
    group's yearly assessment (the group-level ones, once per group): both kinds are inspections of the round."""
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


def build_ics(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> ICSSection:
    """Inspection coverage per year and per group, and non-conformities by severity and by standard. Four
    queries."""
    inspected = (
        Inspection.objects.filter(round__group__in=groups, round__year__in=period.years, kind=InspectionKind.MEMBER)
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
        standards=_per_standard(groups, period),
    )


def _per_standard(groups: QuerySet[ProducerGroup], period: Period) -> list[StandardNCLine]:
    """The same figures per standard, each non-conformity under every standard it counts against. Two queries."""
    as_of = period.as_of
    counted = NonConformity.requirements.through.objects.filter(
        nonconformity__group__in=groups, nonconformity__found_on__lte=as_of
    )
    open_at_end = ~Q(nonconformity__status=NCStatus.CLOSED) | Q(nonconformity__closed_on__gt=as_of)
    overdue_action = CorrectiveAction.objects.filter(
        nonconformity=OuterRef("nonconformity_id"), due_on__lt=as_of
    ).filter(Q(done_on__isnull=True) | Q(done_on__gt=as_of))
    rows = (
        counted.values("requirement__standard__short_name")
        .annotate(
            found=Count("nonconformity", distinct=True, filter=Q(nonconformity__found_on__gte=period.start)),
            closed=Count(
                "nonconformity",
                distinct=True,
                filter=Q(
                    nonconformity__status=NCStatus.CLOSED,
                    nonconformity__closed_on__gte=period.start,
                    nonconformity__closed_on__lte=as_of,
                ),
            ),
            open=Count("nonconformity", distinct=True, filter=open_at_end),
            overdue=Count("nonconformity", distinct=True, filter=open_at_end & Q(Exists(overdue_action))),
        )
        .order_by("requirement__standard__short_name")
    )
    return [
        StandardNCLine(
            name=row["requirement__standard__short_name"],
            found=row["found"],
            closed=row["closed"],
            open=row["open"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def build_trainings(
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
