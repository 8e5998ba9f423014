"""Services of the outer cycle through the API, as on a group's services page: recorded by the same service (the
group's phase filled in, the recorder named), deleted with a reason by their recorder or a coordinator only, the
same refusals and the same 403/404 for the same person."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Service, ServiceType
from producers.models import Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.factories import OrganisationFactory
from tests.helpers_api import problem_of, send, token_client


@pytest.fixture
def trainer() -> Organisation:
    return OrganisationFactory.create(
        name="Kilimo Trainers", interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER
    )


def body(trainer: Organisation, **changes: object) -> dict[str, object]:
    return {
        "service_type": ServiceType.objects.get(code="training").pk,
        "provider": trainer.pk,
        "delivered_on": "2026-04-02",
        "cost": "12500.00",
        "currency": "kes",
        **changes,
    }


def record_url(group: ProducerGroup) -> str:
    return reverse("api:group_services", args=[group.pk])


def delete_url(service: Service) -> str:
    return reverse("api:service_delete", args=[service.pk])


def recorded(group: ProducerGroup, by: User, trainer: Organisation) -> Service:
    return Service.objects.create(
        group=group,
        service_type=ServiceType.objects.get(code="training"),
        provider=trainer,
        delivered_on=datetime.date(2026, 4, 2),
        recorded_at=timezone.now(),
        recorded_by=by,
    )


def test_a_service_is_recorded_by_the_service_with_its_recorder(scope, trainer):
    response = send(token_client(scope.field_officer), "post", record_url(scope.group), body(trainer))
    assert response.status_code == 201, response.content
    service = Service.objects.get(pk=response.json()["id"])
    assert (service.group, service.recorded_by, service.currency) == (scope.group, scope.field_officer, "KES")
    assert response.json()["recorded_by"] == scope.field_officer.pk


def test_a_producer_group_is_no_provider_and_a_malformed_date_is_a_field_error(scope, trainer):
    changes = {"provider": scope.other_group.organisation.pk, "delivered_on": "April"}
    problem = problem_of(
        send(token_client(scope.field_officer), "post", record_url(scope.group), body(trainer, **changes)), 400
    )
    assert problem["errors"]["provider"][0]["code"] == "does_not_exist"
    assert problem["errors"]["delivered_on"][0]["code"] == "invalid"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"delivered_on": "2999-01-01"}, "delivered_on", "future_date"),
        ({"currency": ""}, "currency", "currency_required"),
    ],
)
def test_the_services_refusals_come_back_on_their_fields(scope, trainer, changes, field, code):
    response = send(token_client(scope.group_manager), "post", record_url(scope.group), body(trainer, **changes))
    problem = problem_of(response, 400)
    assert problem["errors"][field][0]["code"] == code
    assert not Service.objects.exists()


def test_a_donor_may_not_record_and_an_outsider_finds_no_group(scope, trainer):
    assert problem_of(send(token_client(scope.donor), "post", record_url(scope.group), body(trainer)), 403)
    assert problem_of(send(token_client(scope.outsider), "post", record_url(scope.group), body(trainer)), 404)
    assert problem_of(
        send(token_client(scope.group_manager), "post", record_url(scope.other_group), body(trainer)), 404
    )
    assert not Service.objects.exists()


def test_the_recorder_deletes_a_service_with_a_reason(scope, trainer):
    service = recorded(scope.group, scope.field_officer, trainer)
    client = token_client(scope.field_officer)
    assert problem_of(send(client, "post", delete_url(service), {}), 400)["errors"]["reason"][0]["code"] == (
        "reason_required"
    )
    response = send(client, "post", delete_url(service), {"reason": "Recorded twice."})
    assert response.status_code == 204, response.content
    assert not Service.objects.filter(pk=service.pk).exists()


def test_only_the_recorder_or_a_coordinator_deletes_and_an_outsider_finds_nothing(scope, trainer):
    service = recorded(scope.group, scope.field_officer, trainer)
    reason = {"reason": "Wrong date."}
    for person in (scope.group_manager, scope.donor):
        assert problem_of(send(token_client(person), "post", delete_url(service), reason), 403)
    assert problem_of(send(token_client(scope.outsider), "post", delete_url(service), reason), 404)
    assert Service.objects.filter(pk=service.pk).exists()
    assert send(token_client(scope.coordinator), "post", delete_url(service), reason).status_code == 204
