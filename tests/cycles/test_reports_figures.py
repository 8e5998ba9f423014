"""The figures of a group's progress report on the hand-built records of report_history, whose answers are
worked out by hand: key figures, compliance, non-conformities, trainings, production, services and the timeline."""

import datetime
from decimal import Decimal

from cycles.models import MoveKind, NCStatus, NonConformity, Phase, PhaseMove, Severity
from cycles.reports.charts import report_charts
from cycles.reports.progress import Ratio, percent, progress_report
from cycles.selectors import group_timeline

from .reports_fixtures import END, START, _at, _report

# --- Figures -----------------------------------------------------------------------------------------------------


def test_percent_rounds_half_up_and_has_no_figure_without_a_whole():
    assert percent(3, 4) == 75
    assert percent(2, 3) == 67
    assert percent(1, 8) == 13  # 12.5 rounds up
    assert percent(0, 0) is None
    assert Ratio(0, 0).label == "—"


def test_key_figures_count_the_register_inspections_and_nonconformities(history):
    key = _report(history).key
    assert key.groups == 1
    assert key.members == 4  # the member who left is not counted
    assert key.women == Ratio(2, 4)
    assert key.approved == Ratio(3, 4)
    assert key.coverage == Ratio(3, 4)
    assert key.coverage.label == "75%"
    assert key.coverage_year == 2025
    assert key.certified_groups == Ratio(1, 1)
    assert (key.open_ncs, key.open_serious, key.overdue_ncs) == (2, 2, 1)
    assert key.trained == Ratio(2, 4)
    [income] = key.income
    assert (income.currency, income.season, income.per_member, income.members) == ("KES", "2025", Decimal(2000), 2)


def test_compliance_scores_split_by_level_and_leave_out_not_applicable(history):
    compliance = _report(history).compliance
    [scores] = compliance.standards
    assert scores.name == "TS"
    [year] = scores.years
    assert year.year == 2025
    assert year.overall == Ratio(4, 6)
    assert {level.level: level.ratio for level in year.levels} == {
        "entry": Ratio(2, 2),
        "core": Ratio(2, 3),
        "improvement": Ratio(0, 1),
    }
    failed = {(row.code, row.failures) for row in compliance.most_failed}
    assert failed == {("C3", 1), ("I1", 1)}


def test_nonconformities_by_severity_count_what_was_found_closed_open_and_overdue_in_the_period(history):
    ics = _report(history).ics
    lines = {line.severity: (line.found, line.closed, line.open, line.overdue) for line in ics.severities}
    assert lines == {"critical": (1, 0, 1, 0), "major": (1, 0, 1, 1), "minor": (1, 1, 0, 0)}
    assert ics.coverage_by_year == [(2025, Ratio(3, 4))]


def test_a_nonconformity_closed_after_the_period_counts_as_open_at_its_end(history):
    NonConformity.objects.filter(group=history.group, severity=Severity.MAJOR).update(
        status=NCStatus.CLOSED, closed_on=datetime.date(2026, 1, 15)
    )
    key = _report(history).key
    assert key.open_ncs == 2
    assert key.overdue_ncs == 1  # its action was still not done on 31 December 2025


def test_trainings_production_and_services_of_the_period(history):
    report = _report(history)
    assert (report.trainings.sessions, report.trainings.trained, report.trainings.requirements) == (1, Ratio(2, 4), 2)
    [session] = report.trainings.session_list
    assert (session.topic, session.attendees, session.requirements) == ("Keeping the farm diary", 2, 2)
    [season] = report.production.seasons
    assert (season.season, season.members, season.harvested) == ("2025", 2, Decimal(200))
    assert season.certified_share == Ratio(50, 200)
    assert season.income_per_member == Decimal(2000)
    [line] = report.services.lines
    assert (line.service_type, line.provider, line.count, line.costs) == (
        "ICS coaching",
        "Quality Support NGO",
        1,
        [("EUR", Decimal(500))],
    )


def test_timeline_has_the_stays_with_dates_as_the_group_timeline_reads_them(history):
    report = _report(history)
    [timeline] = report.timeline.groups
    stays = [(stay.phase.code, stay.entered_on, stay.left_on) for stay in timeline.stays]
    assert stays == [
        ("preconditions", datetime.date(2024, 2, 1), datetime.date(2025, 3, 1)),
        ("planning-1", datetime.date(2025, 3, 1), None),
    ]
    # The same stays as the timeline page's selector.
    assert [stay.phase.code for stay in group_timeline(history.group)] == ["preconditions", "planning-1"]
    assert timeline.phase_at_start.code == "preconditions"
    assert timeline.phase_at_end.code == "planning-1"
    assert timeline.stays[-1].days == (END - datetime.date(2025, 3, 1)).days
    assert report.timeline.moved_forward == 1


def test_a_move_after_the_period_is_not_in_the_report(history):
    trajectory = history.group.trajectory
    PhaseMove.objects.create(
        trajectory=trajectory,
        kind=MoveKind.ADVANCE,
        from_phase=Phase.objects.get(code="planning-1"),
        to_phase=Phase.objects.get(code="planning-2"),
        moved_at=_at(datetime.date(2026, 3, 1)),
    )
    [timeline] = _report(history).timeline.groups
    assert timeline.phase_at_end.code == "planning-1"


def test_empty_group_gives_empty_sections_not_errors(scope):
    report = progress_report(group=scope.other_group, period_start=START, period_end=END)
    assert report.compliance.standards == []
    assert report.production.seasons == []
    assert report.services.lines == []
    assert report.key.coverage == Ratio(0, 1)
    charts = report_charts(report)
    assert charts.compliance is None
    assert charts.phases is None
