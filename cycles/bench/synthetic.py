"""Synthetic producer groups with years of records, for the benchmarks (`benchmark_reports`, `benchmark_pages`):
members, their moves through the phases, a round of inspections a year, the findings and their corrective actions,
trainings, production and sales, a certificate and services. Written in bulk, not through the services: it is
volume to measure against, not a record anybody made. Every name starts with PREFIX."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

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
from cycles.services.production_totals import production_totals_rebuild
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Certificate, GroupStandard, Requirement, Standard

PREFIX = "Benchmark"
FIRST_NAMES = ["Wanjiru", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Thandiwe", "Sipho", "Nomsa", "Lerato"]
LAST_NAMES = ["Kariuki", "Odhiambo", "Mutua", "Wambui", "Dlamini", "Nkosi", "Mokoena", "Chege", "Ndlovu", "Kiprop"]
TOPICS = [
    "Internal standard and the members' commitments",
    "Record keeping: the farm diary",
    "Safe use and storage of agrochemicals",
    "Harvest and post-harvest quality",
    "Soil and water conservation",
    "Child labour and workers' rights",
    "Traceability from farm to store",
    "Internal inspection techniques for inspectors",
]


@dataclass
class Support:
    """The organisations and people every synthetic group shares."""

    user: User
    funder: Organisation
    trainer: Organisation
    certifier: Organisation
    providers: list[Organisation]
    service_types: list[ServiceType]
    phases: list[Phase]


def support_create() -> Support:
    user, _created = User.objects.get_or_create(username="benchmark-reports", defaults={"first_name": PREFIX})

    def organisation(name: str, interest_group: str, kind: str) -> Organisation:
        return Organisation.objects.create(
            name=f"{PREFIX} {name}", country="KE", interest_group=interest_group, kind=kind
        )

    return Support(
        user=user,
        funder=organisation("Funder", InterestGroup.CIVIL_SOCIETY, OrganisationKind.DONOR),
        trainer=organisation("Training Services", InterestGroup.QUALITY_PROFESSIONAL, OrganisationKind.TRAINER),
        certifier=organisation(
            "Certification Ltd", InterestGroup.QUALITY_PROFESSIONAL, OrganisationKind.CERTIFICATION_BODY
        ),
        providers=[
            organisation("Quality NGO", InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO),
            organisation("Coffee Exporters", InterestGroup.BUYER, OrganisationKind.EXPORTER),
            organisation("Extension Service", InterestGroup.QUALITY_PROFESSIONAL, OrganisationKind.EXTENSION_SERVICE),
        ],
        service_types=list(ServiceType.objects.order_by("order")),
        phases=list(Phase.objects.order_by("order")),
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def build_group(
    rng: random.Random,
    support: Support,
    *,
    number: int,
    members: int,
    years: list[int],
    standards: list[Standard],
) -> ProducerGroup:
    """One synthetic group with `members` members and a history over `years`: its moves through the phases,
    a round of inspections a year answering every requirement of its standards, the non-conformities found and
    their corrective actions, trainings, production and sales per season, a certificate, and services."""
    country = "KE" if number % 3 else "ZA"
    organisation = Organisation.objects.create(
        name=f"{PREFIX} Farmers Cooperative {number:03d}",
        country=country,
        interest_group=InterestGroup.PRODUCER_GROUP,
        kind=OrganisationKind.COOPERATIVE,
    )
    group = ProducerGroup.objects.create(
        organisation=organisation,
        commodity="coffee" if country == "KE" else "vegetables",
        region="Nyeri" if country == "KE" else "Eastern Cape",
        legal_form="cooperative_society",
        founded=1990 + number % 30,
    )
    first_day = date(years[0], 1, 15)
    for standard in standards:
        GroupStandard.objects.create(group=group, standard=standard, chosen_on=first_day)
    register = Member.objects.bulk_create(
        Member(
            group=group,
            member_number=f"B{number:03d}-{index:05d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            gender="female" if rng.random() < 0.42 else "male",
            year_of_birth=rng.randint(1950, 2000),
            joined_on=first_day,
            status=rng.choices(["approved", "applicant", "sanctioned", "left"], weights=[85, 6, 4, 5])[0],
        )
        for index in range(members)
    )
    active = [member for member in register if member.status != "left"]

    # The trajectory: a step forward every eight to fourteen months, now and then a step back.
    trajectory = Trajectory.objects.create(
        group=group, phase=support.phases[0], phase_since=_at(first_day), started_at=_at(first_day)
    )
    moves = [PhaseMove(trajectory=trajectory, kind=MoveKind.START, to_phase=support.phases[0], moved_at=_at(first_day))]
    day, order = first_day, 0
    today = timezone.localdate()
    while order < len(support.phases) - 1:
        day += timedelta(days=rng.randint(240, 420))
        if day >= today:
            break
        previous = support.phases[order]
        if order >= 2 and rng.random() < 0.12:
            order -= 1
            kind = MoveKind.BACK
        else:
            order += 1
            kind = MoveKind.ADVANCE
        moves.append(
            PhaseMove(
                trajectory=trajectory,
                kind=kind,
                from_phase=previous,
                to_phase=support.phases[order],
                moved_at=_at(day),
                reason="Synthetic history" if kind == MoveKind.BACK else "",
            )
        )
    PhaseMove.objects.bulk_create(moves)
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=support.phases[order], phase_since=moves[-1].moved_at)

    inspector = Inspector.objects.create(group=group, name=f"{PREFIX} inspector {number}", trained_on=first_day)
    requirements = list(Requirement.objects.filter(standard__in=standards).order_by("standard", "code"))
    for index, year in enumerate(years):
        inspection_round = InspectionRound.objects.create(
            group=group, year=year, opened_at=_at(date(year, 2, 1)), opened_by=support.user
        )
        share_inspected = min(0.7 + 0.1 * index, 0.98)
        last_day = min(date(year, 11, 30), today - timedelta(days=1))
        inspected = [member for member in active if rng.random() < share_inspected]
        inspections = Inspection.objects.bulk_create(
            Inspection(
                round=inspection_round,
                member=member,
                inspector=inspector,
                inspected_on=date(year, 3, 1)
                + timedelta(days=rng.randint(0, max((last_day - date(year, 3, 1)).days, 0))),
                proposed_decision="approve",
                recorded_at=_at(date(year, 3, 1)),
                recorded_by=support.user,
            )
            for member in inspected
        )
        applicable = [r for r in requirements if r.applies_from_year <= index]
        answers = []
        findings = []
        for inspection in inspections:
            for requirement in applicable:
                chance = 0.62 + 0.07 * index - (0.1 if requirement.level == "improvement" else 0)
                roll = rng.random()
                answer = (
                    Compliance.NOT_APPLICABLE
                    if roll > 0.97
                    else Compliance.COMPLIANT
                    if roll < chance
                    else Compliance.NOT_COMPLIANT
                )
                answers.append(InspectionAnswer(inspection=inspection, requirement=requirement, answer=answer))
                if answer == Compliance.NOT_COMPLIANT and rng.random() < 0.04:
                    findings.append((inspection, requirement))
        InspectionAnswer.objects.bulk_create(answers, batch_size=5000)
        ncs = NonConformity.objects.bulk_create(
            NonConformity(
                group=group,
                member=inspection.member,
                source=NCSource.INTERNAL,
                inspection=inspection,
                requirement=requirement,
                severity=rng.choices(Severity.values, weights=[70, 25, 5])[0],
                description="Synthetic finding",
                found_on=inspection.inspected_on,
                status=NCStatus.CLOSED if rng.random() < 0.55 + 0.1 * index else NCStatus.ACTION_PLANNED,
            )
            for inspection, requirement in findings
        )
        for nc in ncs:
            if nc.status == NCStatus.CLOSED:
                nc.closed_on = min(nc.found_on + timedelta(days=rng.randint(10, 120)), today)
        NonConformity.objects.bulk_update([nc for nc in ncs if nc.closed_on], ["closed_on"])
        CorrectiveAction.objects.bulk_create(
            CorrectiveAction(
                nonconformity=nc,
                description="Synthetic corrective action",
                owner="ICS manager",
                due_on=nc.found_on + timedelta(days=60),
                done_on=nc.closed_on,
            )
            for nc in ncs
        )
        for session in range(6):
            held_on = min(date(year, 1 + 2 * session, 10), today - timedelta(days=1))
            training = Training.objects.create(
                group=group,
                topic=TOPICS[(session + index) % len(TOPICS)],
                trainer=support.trainer,
                held_on=held_on,
            )
            training.attendees.add(*rng.sample(active, k=min(len(active), rng.randint(15, 40))))
            training.requirements.add(*rng.sample(requirements, k=min(len(requirements), 3)))
        ProductionRecord.objects.bulk_create(
            ProductionRecord(
                member=member,
                season=str(year),
                estimated_kg=Decimal(rng.randint(400, 1600)),
                harvested_kg=(harvest := Decimal(rng.randint(300, 1500))),
                sold_certified_kg=(certified := (harvest * Decimal(min(0.2 + 0.12 * index, 0.8))).quantize(Decimal(1))),
                sold_conventional_kg=(conventional := (harvest - certified) * Decimal("0.9")).quantize(Decimal(1)),
                price_per_kg=(price := Decimal("55") if country == "KE" else Decimal("9")),
                income=((certified * price * Decimal("1.2")) + conventional * price).quantize(Decimal(1)),
            )
            for member in active
        )
        for _service in range(rng.randint(3, 7)):
            Service.objects.create(
                group=group,
                service_type=rng.choice(support.service_types),
                provider=rng.choice(support.providers),
                delivered_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                cost=Decimal(rng.randint(200, 5000)),
                currency="EUR",
                paid_by=support.funder,
                recorded_at=timezone.now(),
                recorded_by=support.user,
            )
    if order >= 3:
        Certificate.objects.create(
            group=group,
            standard=standards[0],
            certification_body=support.certifier,
            number=f"{PREFIX}-{number:05d}",
            valid_from=date(years[0] + 2, 6, 1),
            valid_to=date(years[-1] + 2, 5, 31),
        )
    # The records went in with bulk_create, past the production services: their sums are made here as the
    # rebuild command makes them, so the coordination report counts this group too.
    production_totals_rebuild(group_ids=[group.pk])
    return group
