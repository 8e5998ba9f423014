"""The records the progress report tests count on, and reading a PDF's text.

`report_history(scope)` builds one year (2025) of a group's records whose figures are worked out by hand in the
comments; the report tests reuse it (the fixture `history` in conftest.py is the scope's group with it).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from pypdf import PdfReader

from cycles.models import (
    Compliance,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
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
from cycles.reports.progress import progress_report
from producers.models import Organisation, ProducerGroup
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Level, Requirement, Standard, StandardKind

from ..factories import CertificateFactory, MemberFactory

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
