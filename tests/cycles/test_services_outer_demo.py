"""The demo's services: idempotent, coherent with the groups' history, and carrying the two findings the
coordination report must find (a duplication at Gikoe, a missing buyer commitment at Ngqushwa)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cycles.demo.seed import seed_demo
from cycles.demo.story import EXPORTER, GROUP_GIKOE, GROUP_MUKURWE, GROUP_NGQUSHWA, NGO, TRAINER
from cycles.demo.support import SERVICES, seed_services
from cycles.models import Service
from cycles.selectors.outer import group_phase_on, interaction_status
from cycles.services.outer import service_check
from producers.models import Organisation, ProducerGroup, User


def _seed() -> int:
    groups = {group.organisation.name: group for group in ProducerGroup.objects.select_related("organisation")}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    users = {user.username: user for user in User.objects.all()}
    return seed_services(groups, organisations, users)


@pytest.fixture
def demo(db) -> int:
    seed_demo()
    # seed_demo may already call seed_services once it is wired in; either way the services are there after this.
    _seed()
    return Service.objects.count()


def _rows() -> list[tuple[object, ...]]:
    return list(Service.objects.order_by("pk").values_list())


@pytest.mark.django_db
def test_second_run_writes_nothing(demo):
    before = _rows()

    assert _seed() == 0
    assert _rows() == before
    assert demo == len(SERVICES)


@pytest.mark.django_db
def test_every_demo_service_has_the_phase_of_its_day_and_meets_the_rules(demo):
    for service in Service.objects.select_related("group__organisation", "provider", "paid_by", "programme"):
        assert service.phase == group_phase_on(service.group, service.delivered_on), service
        try:
            service_check(
                group=service.group,
                provider=service.provider,
                delivered_on=service.delivered_on,
                cost=service.cost,
                currency=service.currency,
                paid_by=service.paid_by,
                programme=service.programme,
            )
        except ValidationError as error:  # pragma: no cover - the message says which service
            pytest.fail(f"{service}: {error}")


@pytest.mark.django_db
def test_a_service_dated_in_an_earlier_stay_keeps_that_phase(demo):
    # Mukurwe was sent back to planning phase 2 in August 2025, coached there, and is autonomous again now.
    coaching = Service.objects.get(
        group__organisation__name=GROUP_MUKURWE, provider__name=NGO, service_type__code="ics-coaching"
    )
    assert coaching.phase is not None
    assert coaching.phase.code == "planning-2"
    assert coaching.group.trajectory.phase.code == "autonomous"


@pytest.mark.django_db
def test_gikoe_was_coached_by_two_organisations_in_one_quarter(demo):
    coaching = Service.objects.filter(
        group__organisation__name=GROUP_GIKOE,
        service_type__code="ics-coaching",
        delivered_on__range=(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
    )
    assert set(coaching.values_list("provider__name", flat=True)) == {NGO, TRAINER}


@pytest.mark.django_db
def test_ngqushwa_misses_a_buyer_commitment_and_nothing_else(demo):
    status = interaction_status(ProducerGroup.objects.get(organisation__name=GROUP_NGQUSHWA))
    assert status is not None
    assert {row.point.service_type.code: row.missing for row in status.expected} == {
        "market-linkage": True,
        "certification-subsidy": False,
    }


@pytest.mark.django_db
def test_the_other_groups_received_what_their_phase_expects(demo):
    for group in ProducerGroup.objects.exclude(organisation__name=GROUP_NGQUSHWA):
        status = interaction_status(group)
        assert status is not None
        assert status.missing == 0, group


@pytest.mark.django_db
def test_mukurwe_has_its_purchase_contract(demo):
    status = interaction_status(ProducerGroup.objects.get(organisation__name=GROUP_MUKURWE))
    assert status is not None
    market = next(row for row in status.expected if row.point.service_type.code == "market-linkage")
    assert market.received is not None
    assert (market.received.delivered_on, market.received.provider.name) == (datetime.date(2026, 3, 12), EXPORTER)
