"""The progress report's figures on small hand-built records with known answers, the PDF's text, and its queries.

`report_history(scope)` builds one year (2025) of a group's records whose figures are worked out by hand in the
comments; the other report tests reuse it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cycles.models import (
    Compliance,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    MoveKind,
    NCSource,
    NCStatus,
    NonConformity,
    Phase,
    PhaseMove,
    ProductionRecord,
    Service,
    ServiceType,
    Severity,
    Training,
    Trajectory,
)
from cycles.reports.charts import report_charts
from cycles.reports.pdf import page_footer, render_pdf
from cycles.reports.progress import Ratio, percent, progress_report
from cycles.selectors import group_timeline
from producers.models import Organisation, ProducerGroup, Programme
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Certificate, CertificateStatus, Level, Requirement, Standard, StandardKind

from ..factories import CertificateFactory, MemberFactory, OrganisationFactory, ProducerGroupFactory, ProgrammeFactory

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 12, 31)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@dataclass
class History:
    group: ProducerGroup
    standard: Standard
    requirements: dict[str, Requirement]


def report_history(scope, group: ProducerGroup | None = None, *, inspected: int = 3) -> History:
    """A year of records for `group` (the scope's group by default), with these figures for 2025:

    - register: 4 members who have not left (2 women, 3 approved) and 1 who left;
    - inspections: `inspected` of the 4 inspected in the 2025 round (3 → 75%);
    - answers, standard "TS": entry 2 of 2 compliant, core 2 of 3 (67%), improvement 0 of 1; 4 of 6 overall (67%);
      one "not applicable" answer that counts nowhere;
    - non-conformities: found in 2025: 1 minor (closed in 2025), 1 major (open, overdue), 1 critical (open, its
      action due after the end) → open at the end 2 (1 major, 1 critical), overdue 1; one minor found in 2024 and
      closed in 2024 (outside the period);
    - trainings: 1 session in 2025 with 2 attendees and 2 requirements; 1 in 2024 (outside);
    - production 2025: 2 records, incomes 1,000 and 3,000 → 2,000 per member (KES); 100 + 100 kg harvested, 50 kg
      sold certified → certified share 25% (the group holds a certificate);
    - a service of ICS coaching in 2025 costing EUR 500;
    - phases: started 1 Feb 2024, planning phase 1 from 1 Mar 2025.
    """
    group = group or scope.group
    user = scope.coordinator
    standard = Standard.objects.create(
        code=f"ts-{group.pk}",
        name="Test Standard",
        short_name="TS",
        owner="Test",
        version="1",
        kind=StandardKind.IMPROVEMENT,
    )
    requirements = {
        code: Requirement.objects.create(
            standard=standard, code=code, text=f"Requirement {code}", domain="management", level=level
        )
        for code, level in [
            ("E1", Level.ENTRY),
            ("E2", Level.ENTRY),
            ("C1", Level.CORE),
            ("C2", Level.CORE),
            ("C3", Level.CORE),
            ("I1", Level.IMPROVEMENT),
        ]
    }
    # The register: the scope's group already has one approved member; other groups get one here.
    first = group.members.first() or MemberFactory.create(group=group, gender="female", status="approved")
    first.gender, first.status = "female", "approved"
    first.save()
    members = [
        first,
        MemberFactory.create(group=group, gender="female", status="approved"),
        MemberFactory.create(group=group, gender="male", status="approved"),
        MemberFactory.create(group=group, gender="male", status="applicant"),
    ]
    MemberFactory.create(group=group, gender="female", status="left")

    inspector = Inspector.objects.create(group=group, name="Internal inspector")
    inspection_round = InspectionRound.objects.create(group=group, year=2025, opened_at=_at(START), opened_by=user)
    inspections = [
        Inspection.objects.create(
            round=inspection_round,
            member=member,
            inspector=inspector,
            inspected_on=datetime.date(2025, 4, 1 + i),
            proposed_decision="approve",
            recorded_at=_at(START),
            recorded_by=user,
        )
        for i, member in enumerate(members[:inspected])
    ]
    answers = [
        ("E1", Compliance.COMPLIANT),
        ("E2", Compliance.COMPLIANT),
        ("C1", Compliance.COMPLIANT),
        ("C2", Compliance.COMPLIANT),
        ("C3", Compliance.NOT_COMPLIANT),
        ("I1", Compliance.NOT_COMPLIANT),
    ]
    for code, answer in answers:
        InspectionAnswer.objects.create(inspection=inspections[0], requirement=requirements[code], answer=answer)
    if len(inspections) > 1:
        InspectionAnswer.objects.create(
            inspection=inspections[1], requirement=requirements["C1"], answer=Compliance.NOT_APPLICABLE
        )

    def nc(severity, found_on, status=NCStatus.OPEN, closed_on=None, due_on=None):
        finding = NonConformity.objects.create(
            group=group,
            member=members[0],
            source=NCSource.INTERNAL,
            inspection=inspections[0],
            requirement=requirements["C3"],
            severity=severity,
            description="Found",
            found_on=found_on,
            status=status,
            closed_on=closed_on,
        )
        if due_on:
            CorrectiveAction.objects.create(
                nonconformity=finding, description="Fix it", owner="ICS manager", due_on=due_on
            )
        return finding

    nc(Severity.MINOR, datetime.date(2025, 4, 1), NCStatus.CLOSED, datetime.date(2025, 6, 1))
    nc(Severity.MAJOR, datetime.date(2025, 4, 1), due_on=datetime.date(2025, 6, 1))
    nc(Severity.CRITICAL, datetime.date(2025, 4, 2), NCStatus.ACTION_PLANNED, due_on=datetime.date(2026, 2, 1))
    nc(Severity.MINOR, datetime.date(2024, 4, 1), NCStatus.CLOSED, datetime.date(2024, 5, 1))

    trainer, _created = Organisation.objects.get_or_create(
        name="Shamba Trainers",
        defaults={
            "country": "KE",
            "interest_group": InterestGroup.QUALITY_PROFESSIONAL,
            "kind": OrganisationKind.TRAINER,
        },
    )
    training = Training.objects.create(
        group=group, topic="Keeping the farm diary", trainer=trainer, held_on=datetime.date(2025, 5, 10)
    )
    training.attendees.add(members[0], members[1])
    training.requirements.add(requirements["C1"], requirements["C2"])
    old = Training.objects.create(group=group, topic="Old training", held_on=datetime.date(2024, 5, 10))
    old.attendees.add(members[2])

    for member, income in ((members[0], 1000), (members[1], 3000)):
        ProductionRecord.objects.create(
            member=member,
            season="2025",
            estimated_kg=Decimal(200),
            harvested_kg=Decimal(100),
            sold_certified_kg=Decimal(25),
            sold_conventional_kg=Decimal(60),
            price_per_kg=Decimal(10),
            income=Decimal(income),
        )
    CertificateFactory.create(group=group, valid_from=datetime.date(2024, 6, 1), valid_to=datetime.date(2027, 5, 31))

    ngo = Organisation.objects.get(name="Quality Support NGO")
    Service.objects.create(
        group=group,
        service_type=ServiceType.objects.get(code="ics-coaching"),
        provider=ngo,
        delivered_on=datetime.date(2025, 7, 1),
        cost=Decimal(500),
        currency="EUR",
        recorded_at=timezone.now(),
        recorded_by=user,
    )

    phases = {phase.code: phase for phase in Phase.objects.all()}
    trajectory = Trajectory.objects.create(
        group=group,
        phase=phases["planning-1"],
        phase_since=_at(datetime.date(2025, 3, 1)),
        started_at=_at(datetime.date(2024, 2, 1)),
    )
    PhaseMove.objects.create(
        trajectory=trajectory,
        kind=MoveKind.START,
        to_phase=phases["preconditions"],
        moved_at=_at(datetime.date(2024, 2, 1)),
    )
    PhaseMove.objects.create(
        trajectory=trajectory,
        kind=MoveKind.ADVANCE,
        from_phase=phases["preconditions"],
        to_phase=phases["planning-1"],
        moved_at=_at(datetime.date(2025, 3, 1)),
    )
    return History(group=group, standard=standard, requirements=requirements)


def _report(history: History):
    return progress_report(group=history.group, period_start=START, period_end=END)


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


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


# --- A programme -------------------------------------------------------------------------------------------------


def test_programme_report_adds_up_its_groups_and_keeps_currencies_apart(scope):
    report_history(scope)
    second = ProducerGroupFactory.create(organisation__name="Second Cooperative", organisation__country="ZA")
    report_history(scope, second, inspected=1)
    programme = scope.group.programmes.get()
    programme.groups.add(second)
    report = progress_report(programme=programme, period_start=START, period_end=END)
    assert report.key.groups == 2
    assert report.key.members == 8
    assert report.key.coverage == Ratio(4, 8)
    assert {(f.currency, f.per_member) for f in report.key.income} == {("KES", Decimal(2000)), ("ZAR", Decimal(2000))}
    assert [(g.group.name, g.coverage) for g in report.ics.groups] == [
        ("Inside Cooperative", Ratio(3, 4)),
        ("Second Cooperative", Ratio(1, 4)),
    ]
    assert report.logframe == []


def test_certified_share_counts_only_the_sales_of_groups_that_held_a_certificate(scope):
    report_history(scope)  # certified from June 2024: 50 kg sold as certified of 200 kg harvested
    second = ProducerGroupFactory.create(organisation__name="Uncertified Cooperative", organisation__country="KE")
    member = MemberFactory.create(group=second)
    ProductionRecord.objects.create(
        member=member,
        season="2025",
        estimated_kg=Decimal(500),
        harvested_kg=Decimal(400),
        sold_certified_kg=Decimal(400),  # sold "as certified" without a certificate
        sold_conventional_kg=Decimal(0),
        price_per_kg=Decimal(10),
        income=Decimal(4000),
    )
    programme = scope.group.programmes.get()
    programme.groups.add(second)
    report = progress_report(programme=programme, period_start=START, period_end=END)
    [season] = report.production.seasons
    assert (season.harvested, season.sold_certified) == (Decimal(600), Decimal(450))
    assert season.certified_share == Ratio(50, 200)


def test_a_suspended_certificate_gives_no_certified_supply(scope):
    report_history(scope)  # certified from June 2024: 50 kg sold as certified of 200 kg harvested
    Certificate.objects.filter(group=scope.group).update(status=CertificateStatus.SUSPENDED)
    report = progress_report(group=scope.group, period_start=START, period_end=END)
    [season] = report.production.seasons
    assert (season.harvested, season.certified_supply) == (Decimal(200), Decimal(0))
    assert season.certified_share is None
    assert report.key.certified_groups == Ratio(0, 1)


def test_programme_report_shows_the_logical_framework(scope):
    programme = scope.group.programmes.get()
    row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.PURPOSE, statement="Groups improve")
    indicator = LogframeIndicator.objects.create(row=row, name="Groups certified", baseline=Decimal(0))
    LogframeTarget.objects.create(indicator=indicator, period="2025", value=Decimal(1))
    report = progress_report(programme=programme, period_start=START, period_end=END)
    assert report.logframe is not None
    [view] = report.logframe
    assert view.row.statement == "Groups improve"
    assert [cell.target for cell in view.indicators[0].cells if cell.period == "2025"] == [Decimal(1)]


def _programme_of(groups: int, scope) -> Programme:
    programme = ProgrammeFactory.create(funder=OrganisationFactory.create(kind=OrganisationKind.DONOR))
    for _ in range(groups):
        group = ProducerGroupFactory.create()
        report_history(scope, group)
        programme.groups.add(group)
    return programme


def test_queries_do_not_grow_with_the_number_of_groups(scope):
    small = _programme_of(2, scope)
    large = _programme_of(6, scope)

    def count(programme: Programme) -> int:
        with CaptureQueriesContext(connection) as queries:
            report = progress_report(programme=programme, period_start=START, period_end=END)
        assert len(report.groups) in (2, 6)
        return len(queries)

    assert count(small) == count(large)
    assert count(large) <= 25


# --- The PDF -----------------------------------------------------------------------------------------------------


def test_page_footer_puts_the_counters_in_the_translated_sentence():
    assert page_footer() == '"Page " counter(page) " of " counter(pages)'


def test_pdf_shows_the_hand_counted_figures_and_numbered_pages(history):
    rendered = render_pdf(_report(history))
    pages = pdf_text(rendered.content)
    assert rendered.pages == len(pages) >= 5
    text = "\n".join(pages)
    assert "GROUP PROGRESS REPORT" in pages[0]  # set in capitals by the print style
    assert "Inside Cooperative" in pages[0]
    assert "1 January 2025 – 31 December 2025" in pages[0]
    assert "3 of 4 members inspected" in text
    assert "75%" in text
    assert "KES 2,000" in text
    assert "67%" in text  # the compliance score of TS in 2025
    assert "Keeping the farm diary" in text
    assert "ICS coaching" in text
    # Every page but the cover carries its number.
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in page
    assert "Page 1 of" not in pages[0]


def test_programme_pdf_has_its_sections_and_an_empty_state_for_services(scope):
    Service.objects.all().delete()
    programme = scope.group.programmes.get()
    rendered = render_pdf(progress_report(programme=programme, period_start=START, period_end=END))
    text = "\n".join(pdf_text(rendered.content))
    assert "PROGRAMME PROGRESS REPORT" in text
    assert "The logical framework" in text
    assert "No support service to these groups is recorded for this period yet." in text
    assert "The groups in this report" in text


def test_charts_are_pygal_svg_without_scripts(history):
    charts = report_charts(_report(history))
    for svg in (charts.phases, charts.compliance, charts.coverage, charts.nonconformities, charts.volumes):
        assert svg is not None
        assert svg.startswith("<svg")
        assert "<script" not in svg
    assert set(charts.income) == {"KES"}
