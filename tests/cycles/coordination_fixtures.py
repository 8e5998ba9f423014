"""The small hand-built field the coordination findings tests read, with known answers, and its fixtures.

The field (`world`), with the clock stopped on 1 July 2026 and the period January to June 2026:
- Alpha (Uganda): planning 2 since 1 May 2025, so stuck (424 days > 365); 4 members due, 2 inspected in the last
  12 months; no ICS coaching; training twice from the same trainer (not a duplicate);
- Beta: started in preconditions on 1 February 2026; a certification subsidy, no buyer's commitment;
- Gamma: preconditions from 15 January 2024 to 1 March 2026 (776 days), then planning 1; its gap analysis came
  before it entered the phase (so it is missing); training from two trainers in the period (a duplicate);
- Delta (Kenya): autonomous since 1 October 2025; Fairtrade and Rainforest audits within the year (mergeable);
  a valid certificate; 2,000 kg certified harvest in 2026 of which 800 kg sold as certified; income 200, 400, 600;
- Epsilon: on hold since 15 January 2026; Zeta: withdrawn on 1 May 2026; Eta: not started.

`frozen` and `world` are fixtures: a test module imports them under their own names (`world as world`), which
makes pytest use them there and tells the linters that the import is meant.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cycles.models import (
    Compliance,
    Decision,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
    MoveKind,
    Phase,
    ProductionRecord,
    Service,
    ServiceType,
)
from cycles.reports.coordination import ReportParameters, coordination_findings
from cycles.services import phase_move_record, trajectory_start
from cycles.services.production_totals import production_totals_rebuild
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Audit, AuditType, Requirement, Standard

from ..factories import (
    CertificateFactory,
    GroupStandardFactory,
    MemberFactory,
    OrganisationFactory,
    ProducerGroupFactory,
    UserFactory,
)

NOW = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
PERIOD = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def phase(code: str) -> Phase:
    return Phase.objects.get(code=code)


def walk(group: ProducerGroup, *steps: tuple[str, datetime.datetime]) -> None:
    """Start the group at the first date and advance it through the given phases at the given dates."""
    (_first, started), *rest = steps
    trajectory_start(group=group, by=None, at=started)
    for code, day in rest:
        phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=phase(code), by=None, at=day)


def provider(name: str, interest_group: str = InterestGroup.QUALITY_PROFESSIONAL, kind: str = "trainer"):
    return OrganisationFactory.create(name=name, interest_group=interest_group, kind=kind)


def deliver(group, code: str, by: Organisation, day: datetime.date, recorder: User) -> Service:
    return Service.objects.create(
        group=group,
        service_type=ServiceType.objects.get(code=code),
        provider=by,
        delivered_on=day,
        recorded_at=timezone.now(),
        recorded_by=recorder,
    )


def inspect(member: Member, day: datetime.date, answers: dict[Requirement, str], recorder: User) -> Inspection:
    inspection_round, _ = InspectionRound.objects.get_or_create(
        group=member.group, year=day.year, defaults={"opened_at": timezone.now(), "opened_by": recorder}
    )
    inspector, _ = Inspector.objects.get_or_create(group=member.group, name="Inspector")
    inspection = Inspection.objects.create(
        round=inspection_round,
        member=member,
        inspector=inspector,
        inspected_on=day,
        proposed_decision=Decision.APPROVE,
        recorded_at=timezone.now(),
        recorded_by=recorder,
    )
    for requirement, answer in answers.items():
        InspectionAnswer.objects.create(
            inspection=inspection, requirement=requirement, crosswalk_topic=requirement.crosswalk_topic, answer=answer
        )
    return inspection


def produce(member: Member, season: str, *, harvested: int, certified: int = 0, income: int = 0) -> None:
    """A record written directly (no user to permit it), and its group's totals made again as the rebuild command
    makes them, so the report reads it as it reads records written through the service."""
    ProductionRecord.objects.create(
        member=member,
        season=season,
        estimated_kg=Decimal(harvested),
        harvested_kg=Decimal(harvested),
        sold_certified_kg=Decimal(certified),
        sold_conventional_kg=Decimal(harvested - certified),
        income=Decimal(income),
    )
    production_totals_rebuild(group_ids=[member.group_id])


def group(name: str, **extra) -> ProducerGroup:
    country = extra.pop("country", "KE")
    return ProducerGroupFactory.create(organisation__name=name, organisation__country=country, **extra)


@dataclass
class World:
    recorder: User
    groups: dict[str, ProducerGroup] = field(default_factory=dict)
    requirements: list[Requirement] = field(default_factory=list)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def build_world() -> World:
    world = World(recorder=UserFactory.create(username="recorder"))
    recorder = world.recorder
    trainer_one, trainer_two = provider("Trainer One"), provider("Trainer Two")
    buyer = provider("Buyer Ltd", InterestGroup.BUYER, OrganisationKind.EXPORTER)
    ngo = provider("Support NGO", InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO)
    ngo_two = provider("Other NGO", InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO)
    fairtrade = Standard.objects.get(code="fairtrade-spo")
    world.requirements = r1, r2 = list(
        Requirement.objects.filter(standard=fairtrade, crosswalk_topic__isnull=False).order_by("code")[:2]
    )

    alpha = world.groups["alpha"] = group("Alpha Cooperative", country="UG", region="Mbale")
    walk(alpha, ("preconditions", at(2025, 1, 10)), ("planning-1", at(2025, 3, 1)), ("planning-2", at(2025, 5, 1)))
    a1, a2, a3, _a4 = MemberFactory.create_batch(4, group=alpha)
    MemberFactory.create(group=alpha, status="left")
    inspect(a1, datetime.date(2026, 3, 1), {r1: Compliance.NOT_COMPLIANT, r2: Compliance.COMPLIANT}, recorder)
    inspect(a2, datetime.date(2025, 12, 1), {r2: Compliance.NOT_COMPLIANT}, recorder)  # before the period
    deliver(alpha, "training", trainer_one, datetime.date(2025, 6, 1), recorder)
    deliver(alpha, "training", trainer_one, datetime.date(2026, 2, 1), recorder)
    deliver(alpha, "training", trainer_one, datetime.date(2026, 3, 1), recorder)
    Audit.objects.create(
        group=alpha,
        standard=fairtrade,
        certification_body=provider("Cert A", kind=OrganisationKind.CERTIFICATION_BODY),
        audit_type=AuditType.INITIAL,
        audited_on=datetime.date(2026, 1, 20),
        recorded_at=timezone.now(),
        recorded_by=recorder,
    )
    Audit.objects.create(
        group=alpha,
        standard=fairtrade,
        certification_body=provider("Cert B", kind=OrganisationKind.CERTIFICATION_BODY),
        audit_type=AuditType.FOLLOW_UP,
        audited_on=datetime.date(2026, 4, 20),
        recorded_at=timezone.now(),
        recorded_by=recorder,
    )
    produce(a1, "2026", harvested=500, certified=50, income=999)
    produce(a3, "2025/26", harvested=700, certified=0, income=0)  # a season of 2025: outside the period

    beta = world.groups["beta"] = group("Beta Association")
    walk(beta, ("preconditions", at(2026, 2, 1)))
    deliver(beta, "certification-subsidy", ngo, datetime.date(2026, 3, 1), recorder)
    deliver(beta, "inputs", ngo, datetime.date(2025, 12, 15), recorder)
    deliver(beta, "inputs", ngo_two, datetime.date(2026, 2, 10), recorder)  # the other one is before the period

    gamma = world.groups["gamma"] = group("Gamma Growers")
    walk(gamma, ("preconditions", at(2024, 1, 15)), ("planning-1", at(2026, 3, 1)))
    deliver(gamma, "standards-information", trainer_one, datetime.date(2026, 2, 15), recorder)
    deliver(gamma, "training", trainer_one, datetime.date(2026, 4, 1), recorder)
    deliver(gamma, "training", trainer_two, datetime.date(2026, 5, 1), recorder)

    delta = world.groups["delta"] = group("Delta Coffee", region="Meru")
    walk(
        delta,
        ("preconditions", at(2023, 1, 1)),
        ("planning-1", at(2023, 6, 1)),
        ("planning-2", at(2024, 1, 1)),
        ("initial-certificate", at(2025, 1, 1)),
        ("autonomous", at(2025, 10, 1)),
    )
    GroupStandardFactory.create(group=delta, standard=fairtrade)
    CertificateFactory.create(
        group=delta, standard=fairtrade, valid_from=datetime.date(2025, 9, 1), valid_to=datetime.date(2028, 8, 31)
    )
    deliver(delta, "market-linkage", buyer, datetime.date(2025, 11, 1), recorder)
    body = provider("Cert C", kind=OrganisationKind.CERTIFICATION_BODY)
    for code, day in (("fairtrade-spo", datetime.date(2026, 2, 1)), ("rainforest-2020", datetime.date(2026, 4, 1))):
        Audit.objects.create(
            group=delta,
            standard=Standard.objects.get(code=code),
            certification_body=body,
            audit_type=AuditType.SURVEILLANCE,
            audited_on=day,
            recorded_at=timezone.now(),
            recorded_by=recorder,
        )
    d1, d2 = MemberFactory.create_batch(2, group=delta)
    inspect(d1, datetime.date(2026, 5, 1), {r1: Compliance.NOT_COMPLIANT, r2: Compliance.NOT_COMPLIANT}, recorder)
    inspect(d2, datetime.date(2026, 5, 1), {r1: Compliance.COMPLIANT, r2: Compliance.NOT_COMPLIANT}, recorder)
    for member, incomes in ((d1, (100, 400, 600)), (d2, (300, 400, 600))):
        for season, income in zip(("2024", "2025", "2026"), incomes, strict=True):
            produce(member, season, harvested=1000, certified=400, income=income)

    epsilon = world.groups["epsilon"] = group("Epsilon Farmers")
    walk(epsilon, ("preconditions", at(2025, 6, 1)))
    phase_move_record(
        group=epsilon, kind=MoveKind.HOLD, to_phase=phase("preconditions"), by=None, at=at(2026, 1, 15), reason="x"
    )
    zeta = world.groups["zeta"] = group("Zeta Society")
    walk(zeta, ("preconditions", at(2025, 2, 1)))
    phase_move_record(
        group=zeta, kind=MoveKind.WITHDRAW, to_phase=phase("preconditions"), by=None, at=at(2026, 5, 1), reason="x"
    )
    world.groups["eta"] = group("Eta Idle")
    return world


@pytest.fixture
def world(db, frozen) -> World:
    return build_world()


def findings(**filters):
    return coordination_findings(
        ReportParameters.from_filters(period_start=PERIOD[0], period_end=PERIOD[1], filters=filters)
    )


def by_phase(rows, key="phase"):
    return {row[key]: row for row in rows}
