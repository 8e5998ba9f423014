"""The coordination findings on audits, compliance, certified supply and income, on the hand-built field of
coordination_fixtures; the filters that narrow every finding, JSON, and a query count that does not grow with the
number of groups."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import Compliance
from producers.models import Organisation, User
from producers.models.organisations import Commodity, OrganisationKind
from standards.models import Certificate, CertificateStatus, Requirement, Standard

from ..factories import GroupStandardFactory, MemberFactory, ProgrammeFactory
from .coordination_fixtures import at, deliver, findings, group, inspect, produce, provider, walk
from .coordination_fixtures import frozen as frozen  # a fixture
from .coordination_fixtures import world as world  # a fixture


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
