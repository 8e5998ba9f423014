"""Each finding of the coordination report on a small hand-built field with known answers, its filters, and a
query count that does not grow with the number of groups.

The field (`world`), with the clock stopped on 1 July 2026 and the period January to June 2026:
- Alpha (Uganda): planning 2 since 1 May 2025, so stuck (424 days > 365); 4 members due, 2 inspected in the last
  12 months; no ICS coaching; training twice from the same trainer (not a duplicate);
- Beta: started in preconditions on 1 February 2026; a certification subsidy, no buyer's commitment;
- Gamma: preconditions from 15 January 2024 to 1 March 2026 (776 days), then planning 1; its gap analysis came
  before it entered the phase (so it is missing); training from two trainers in the period (a duplicate);
- Delta (Kenya): autonomous since 1 October 2025; Fairtrade and Rainforest audits within the year (mergeable);
  a valid certificate; 2,000 kg certified harvest in 2026 of which 800 kg sold as certified; income 200, 400, 600;
- Epsilon: on hold since 15 January 2026; Zeta: withdrawn on 1 May 2026; Eta: not started.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.organisations import Commodity, InterestGroup, OrganisationKind
from standards.models import Audit, AuditType, Certificate, CertificateStatus, Requirement, Standard

from ..factories import (
    CertificateFactory,
    GroupStandardFactory,
    MemberFactory,
    OrganisationFactory,
    ProducerGroupFactory,
    ProgrammeFactory,
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
    ProductionRecord.objects.create(
        member=member,
        season=season,
        estimated_kg=Decimal(harvested),
        harvested_kg=Decimal(harvested),
        sold_certified_kg=Decimal(certified),
        sold_conventional_kg=Decimal(harvested - certified),
        income=Decimal(income),
    )


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


def test_the_pipeline_counts_groups_per_phase_now_and_at_the_end_of_the_previous_period(world):
    result = findings()["pipeline"]
    rows = by_phase(result["rows"])
    assert {code: (row["active"], row["on_hold"], row["previous"], row["change"]) for code, row in rows.items()} == {
        "preconditions": (1, 1, 3, -2),
        "planning-1": (1, 0, 0, 1),
        "planning-2": (1, 0, 1, 0),
        "initial-certificate": (0, 0, 0, 0),
        "autonomous": (1, 0, 1, 0),
    }
    assert (result["groups_total"], result["not_started"], result["withdrawn"]) == (7, 1, 1)


def test_the_pipeline_counts_the_moves_against_the_previous_period_of_the_same_length(world):
    result = findings()
    assert (result["period"]["previous_start"], result["period"]["previous_end"]) == ("2025-07-04", "2025-12-31")
    moves = {row["kind"]: (row["count"], row["previous"]) for row in result["pipeline"]["moves"]}
    assert moves == {
        "start": (1, 0),
        "advance": (1, 1),
        "override": (0, 0),
        "back": (0, 0),
        "hold": (1, 0),
        "resume": (0, 0),
        "suspend": (0, 0),
        "withdraw": (1, 0),
    }
    transitions = {(row["kind"], row["from"], row["to"]): row["count"] for row in result["pipeline"]["transitions"]}
    assert transitions == {
        ("start", "", phase("preconditions").name): 1,
        ("advance", phase("preconditions").name, phase("planning-1").name): 1,
        ("hold", phase("preconditions").name, phase("preconditions").name): 1,
        ("withdraw", phase("preconditions").name, phase("preconditions").name): 1,
    }


def test_time_in_phase_of_the_stays_ended_in_the_period_and_of_the_current_stays(world):
    rows = by_phase(findings()["time_in_phase"])
    # Gamma's preconditions: 15 January 2024 to 1 March 2026.
    assert rows["preconditions"]["ended"] == {"count": 1, "mean": 776.0, "median": 776.0}
    # Beta only: Epsilon is on hold and Zeta withdrew. 1 Feb 2026 10:00 to the end of 30 June: 149.6 days.
    assert rows["preconditions"]["current"] == {"count": 1, "mean": 149.6, "median": 149.6}
    assert rows["planning-2"]["current"] == {"count": 1, "mean": 425.6, "median": 425.6}
    assert rows["autonomous"]["current"]["count"] == 1
    assert rows["initial-certificate"]["current"] == {"count": 0, "mean": None, "median": None}


def test_median_and_mean_of_several_stays(db, frozen):
    for number, days in enumerate((10, 20, 60)):
        trajectory_start(group=group(f"Stay {number}"), by=None, at=at(2026, 7, 1) - datetime.timedelta(days=days))
    current = by_phase(findings()["time_in_phase"])["preconditions"]["current"]
    # Entered at 10:00 local time, measured to midnight: each stay is 10 hours shorter than its whole days.
    assert current["count"] == 3
    assert current["median"] == pytest.approx(20 - 10 / 24, abs=0.05)
    assert current["mean"] == pytest.approx(30 - 10 / 24, abs=0.05)


def test_stuck_groups_are_named_with_their_phase_days_and_inspection_coverage(world):
    stuck = findings()["stuck"]
    assert stuck["count"] == 1
    (alpha,) = stuck["groups"]
    assert (alpha["name"], alpha["phase"], alpha["days"], alpha["stuck_after_days"]) == (
        "Alpha Cooperative",
        "planning-2",
        425,
        365,
    )
    # Four members who have not left; two inspected within the 12 months to 30 June 2026.
    assert (alpha["members_due"], alpha["members_inspected"], alpha["coverage"]) == (4, 2, 0.5)


def test_expected_services_missing_since_each_group_entered_its_phase(world):
    missing = {
        (row["phase"], row["service_type"]): (row["count"], row["groups"]) for row in findings()["missing_services"]
    }
    assert missing[("preconditions", "market-linkage")] == (1, ["Beta Association"])
    assert missing[("preconditions", "certification-subsidy")] == (0, [])
    # Gamma's gap analysis came before it entered planning 1.
    assert missing[("planning-1", "standards-information")] == (1, ["Gamma Growers"])
    assert missing[("planning-2", "ics-coaching")] == (1, ["Alpha Cooperative"])
    assert missing[("planning-2", "training")] == (0, [])
    assert missing[("initial-certificate", "audit-certification")] == (0, [])
    assert missing[("autonomous", "market-linkage")] == (0, [])
    assert missing[("autonomous", "audit-certification")] == (1, ["Delta Coffee"])


def test_duplicated_services_are_two_providers_one_type_one_group_within_the_period(world):
    duplicated = findings()["duplicated_services"]
    assert duplicated["count"] == 1
    (item,) = duplicated["items"]
    assert (item["group"], item["service_type"]) == ("Gamma Growers", "training")
    assert [(p["name"], p["count"]) for p in item["providers"]] == [("Trainer One", 1), ("Trainer Two", 1)]


def test_audits_of_one_group_within_a_year_whose_standards_share_cross_walk_topics(world):
    audits = findings()["mergeable_audits"]
    # Alpha's two audits are of one standard: nothing to combine.
    assert [item["group"] for item in audits["items"]] == ["Delta Coffee"]
    (delta,) = audits["items"]

    def topics(code):
        return set(
            Requirement.objects.filter(standard__code=code, crosswalk_topic__isnull=False).values_list(
                "crosswalk_topic__name", flat=True
            )
        )

    shared = topics("fairtrade-spo") & topics("rainforest-2020")
    assert shared
    assert delta["audits"] == 2
    assert delta["standards"] == sorted(
        Standard.objects.filter(code__in=["fairtrade-spo", "rainforest-2020"]).values_list("short_name", flat=True)
    )
    assert (delta["shared_topic_count"], set(delta["shared_topics"])) == (len(shared), shared)


def test_several_audit_services_compare_the_groups_chosen_standards(world):
    gamma = world.groups["gamma"]
    for code in ("fairtrade-spo", "rainforest-2020"):
        GroupStandardFactory.create(group=gamma, standard=Standard.objects.get(code=code))
    body = provider("Cert D", kind=OrganisationKind.CERTIFICATION_BODY)
    for day in (datetime.date(2026, 2, 1), datetime.date(2026, 5, 1)):
        deliver(gamma, "audit-certification", body, day, world.recorder)
    items = {item["group"]: item for item in findings()["mergeable_audits"]["items"]}
    assert items["Gamma Growers"]["audit_services"] == 2


def test_the_requirements_failed_most_often_by_groups_then_members_and_by_region(world):
    failed = findings()["failed_requirements"]
    r1, r2 = world.requirements
    assert (failed["inspected_groups"], failed["inspected_members"]) == (2, 3)
    assert [(row["requirement"], row["groups"], row["members"]) for row in failed["top"]] == [
        (r1.code, 2, 2),
        (r2.code, 1, 2),  # Alpha's failure of r2 was before the period
    ]
    assert failed["top"][0]["member_share"] == pytest.approx(0.6667)
    assert [(row["region"], row["requirement"], row["groups"], row["members"]) for row in failed["by_region"]] == [
        ("Meru", r2.code, 1, 2),  # Kenya before Uganda; then the most groups, then the most members
        ("Meru", r1.code, 1, 1),
        ("Mbale", r1.code, 1, 1),
    ]


def test_certified_supply_against_certified_sales_by_commodity(world):
    (coffee,) = findings()["certified_supply"]
    assert coffee["commodity"] == Commodity.COFFEE
    assert coffee["certified_groups"] == 1
    # Delta's two members in 2026; Alpha has no certificate, and its 2025/26 season belongs to 2025.
    assert (coffee["supply_kg"], coffee["sold_certified_kg"], coffee["share"]) == (2000.0, 800.0, 0.4)
    assert coffee["harvest_kg"] == 2500.0
    assert coffee["sold_certified_without_certificate_kg"] == 50.0


@pytest.mark.parametrize(
    ("status", "supply_kg"),
    [
        # Replaced at renewal or run to term: it stood for its dates, so the period's harvest was certified.
        (CertificateStatus.EXPIRED, 2000.0),
        (CertificateStatus.SUSPENDED, 0.0),
        (CertificateStatus.WITHDRAWN, 0.0),
    ],
)
def test_certified_supply_reads_the_certificates_that_stand(world, status, supply_kg):
    Certificate.objects.filter(group=world.groups["delta"]).update(status=status)
    rows = findings()["certified_supply"]
    [coffee] = rows
    assert coffee["supply_kg"] == supply_kg
    assert coffee["certified_groups"] == (1 if supply_kg else 0)


def test_income_level_and_its_variation_across_seasons_by_commodity_and_country(world):
    rows = {(row["commodity"], row["country"]): row for row in findings()["income"]}
    kenya = rows[("coffee", "KE")]
    assert [(season["season"], season["mean"]) for season in kenya["seasons"]] == [
        ("2024", 200.0),
        ("2025", 400.0),
        ("2026", 600.0),
    ]
    assert (kenya["level"], kenya["mean"]) == (600.0, 400.0)
    assert kenya["cv"] == pytest.approx(0.4082, abs=0.0001)  # population deviation 163.3 over the mean 400
    uganda = rows[("coffee", "UG")]
    assert [season["season"] for season in uganda["seasons"]] == ["2025/26", "2026"]


def test_filters_narrow_every_finding_to_the_chosen_groups(world):
    uganda = findings(country="UG")
    assert uganda["pipeline"]["groups_total"] == 1
    assert [group["name"] for group in uganda["stuck"]["groups"]] == ["Alpha Cooperative"]
    assert uganda["duplicated_services"]["count"] == 0
    assert [row["groups"] for row in uganda["failed_requirements"]["top"]] == [1]

    chosen = findings(standard="fairtrade-spo")
    assert chosen["pipeline"]["groups_total"] == 1
    assert [item["group"] for item in chosen["mergeable_audits"]["items"]] == ["Delta Coffee"]

    programme = ProgrammeFactory.create(groups=[world.groups["beta"], world.groups["gamma"]])
    funded = findings(programme=programme.pk)
    assert funded["pipeline"]["groups_total"] == 2
    assert [item["group"] for item in funded["duplicated_services"]["items"]] == ["Gamma Growers"]
    assert funded["certified_supply"] == []

    assert findings(commodity="cocoa")["pipeline"]["groups_total"] == 0


def test_the_findings_are_json_serialisable(world):
    import json

    assert json.loads(json.dumps(findings()))["version"] == 1


def _more_groups(count: int, recorder: User) -> None:
    trainer = Organisation.objects.get(name="Trainer One")
    requirement = Requirement.objects.filter(crosswalk_topic__isnull=False).first()
    assert requirement is not None
    for number in range(count):
        extra = group(f"Extra {number}")
        walk(extra, ("preconditions", at(2024, 1, 1)), ("planning-1", at(2024, 6, 1)), ("planning-2", at(2025, 3, 1)))
        for member in MemberFactory.create_batch(3, group=extra):
            inspect(member, datetime.date(2026, 4, 1), {requirement: Compliance.NOT_COMPLIANT}, recorder)
            produce(member, "2026", harvested=100, income=50)
        deliver(extra, "training", trainer, datetime.date(2026, 3, 1), recorder)
        deliver(extra, "training", provider(f"Trainer X{number}"), datetime.date(2026, 3, 2), recorder)


def test_the_number_of_queries_does_not_grow_with_the_number_of_groups(world):
    with CaptureQueriesContext(connection) as small:
        findings()
    _more_groups(12, world.recorder)
    with CaptureQueriesContext(connection) as large:
        result = findings()
    assert result["pipeline"]["groups_total"] == 19
    assert result["stuck"]["count"] == 13
    assert len(large) == len(small), f"{len(small)} queries for 7 groups, {len(large)} for 19"
    assert len(large) <= 40
