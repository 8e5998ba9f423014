"""The whole progress report, section by section, with the job page told how far it has got."""

from datetime import date

from producers.models import ProducerGroup, Programme

from ...models import (
    Severity,
)
from ...selectors.logframes import LogframeRowView, logframe_periods, logframe_table
from .figures import KeyFigures, Period, Progress, ProgressReport, Ratio
from .groups import build_cover, build_timeline, group_lines, report_groups
from .income import build_production, build_services, count_certified_groups, latest_income
from .records import build_compliance, build_ics, build_trainings


def build_logframe(programme: Programme | None, period: Period) -> list[LogframeRowView] | None:
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
    lines = group_lines(groups)
    cover = build_cover(group, programme, lines)
    tell(10)
    timeline = build_timeline(groups, lines, period)
    tell(20)
    compliance = build_compliance(groups, period)
    tell(35)
    ics = build_ics(groups, lines, period)
    tell(45)
    trainings = build_trainings(groups, lines, period, list_sessions=programme is None)
    tell(55)
    production = build_production(groups, lines, period)
    tell(60)
    logframe = build_logframe(programme, period)
    services = build_services(groups, period)
    members = sum(line.members for line in lines)
    key = KeyFigures(
        groups=len(lines),
        members=members,
        women=Ratio(sum(line.women for line in lines), members),
        approved=Ratio(sum(line.approved for line in lines), members),
        certified_groups=Ratio(count_certified_groups(groups, period), len(lines)),
        coverage=Ratio(
            sum(g.coverage.done for g in ics.groups),
            members,
        ),
        coverage_year=ics.latest_year,
        open_ncs=ics.totals.open,
        open_serious=sum(line.open for line in ics.severities if line.severity != Severity.MINOR),
        overdue_ncs=ics.totals.overdue,
        trained=trainings.trained,
        income=latest_income(production),
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
