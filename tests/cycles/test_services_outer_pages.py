"""The services pages: who sees and records what, the form and its errors, deleting, the filters and totals shown,
the interaction points, and a query budget that does not grow with the number of services."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cycles.demo.history import at
from cycles.models import Service, ServiceType
from cycles.services import trajectory_start
from producers.models import Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory
from tests.helpers import page_query_count

# The project's budget for a list page (tests/test_query_budget.py).
BUDGET = 20


def _trainer() -> Organisation:
    return OrganisationFactory.create(interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER)


def _service(group: ProducerGroup, by: User, **fields) -> Service:
    values = {
        "service_type": ServiceType.objects.get(code="training"),
        "provider": fields.pop("provider", None) or _trainer(),
        "delivered_on": datetime.date(2025, 6, 2),
        "recorded_at": at(2025, 6, 3),
        "recorded_by": by,
    }
    values.update(fields)
    return Service.objects.create(group=group, **values)


def _group_url(group: ProducerGroup) -> str:
    return reverse("cycles:group_services", kwargs={"pk": group.pk})


def _form_data(provider: Organisation, **overrides: str) -> dict[str, str]:
    data = {
        "service_type": str(ServiceType.objects.get(code="ics-coaching").pk),
        "provider": str(provider.pk),
        "delivered_on": "2025-06-02",
        "cost": "1500.00",
        "currency": "kes",
        "paid_by": "",
        "programme": "",
        "description": "Coaching the ICS manager",
    }
    data.update(overrides)
    return data


# --- The group's page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "form_shown"),
    [
        ("coordinator", 200, True),
        ("field_officer", 200, True),
        ("group_manager", 200, True),
        ("donor", 200, False),
        ("outsider", 404, False),
    ],
)
def test_group_page_for_every_role(scope, login, role, status, form_shown):
    _service(scope.group, scope.coordinator, description="Inspector training")

    response = login(scope.users()[role]).get(_group_url(scope.group))

    assert response.status_code == status
    if status == 200:
        assert "Inspector training" in response.content.decode()
        assert ('data-testid="service-form"' in response.content.decode()) is form_shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 302), ("field_officer", 302), ("group_manager", 302), ("donor", 403), ("outsider", 404)],
)
def test_recording_through_the_page(scope, login, role, status):
    trajectory_start(group=scope.group, by=None, at=at(2025, 1, 6))
    provider = _trainer()

    response = login(scope.users()[role]).post(_group_url(scope.group), _form_data(provider))

    assert response.status_code == status
    if status == 302:
        service = Service.objects.get()
        assert (service.provider, service.currency, service.cost) == (provider, "KES", Decimal("1500.00"))
        assert service.phase is not None
        assert service.phase.code == "preconditions"
        assert service.recorded_by == scope.users()[role]
    else:
        assert not Service.objects.exists()


@pytest.mark.django_db
def test_a_refused_service_keeps_what_was_typed_with_the_errors_on_their_fields(scope, login):
    response = login(scope.field_officer).post(
        _group_url(scope.group),
        _form_data(_trainer(), currency="", delivered_on="1990-05-01", description="Typed before the error"),
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["delivered_on"] == [
        "The group was founded in 1998: a service cannot be delivered to it before then."
    ]
    assert form.errors["currency"][0].startswith("Say in which currency")
    assert "Typed before the error" in response.content.decode()
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_a_producer_group_is_not_offered_as_provider(scope, login):
    response = login(scope.field_officer).post(_group_url(scope.group), _form_data(scope.other_group.organisation))

    assert response.status_code == 400
    assert "provider" in response.context["form"].errors
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_only_the_programmes_that_support_the_group(scope, login):
    ProgrammeFactory.create(name="Elsewhere programme", groups=[scope.other_group])

    form = login(scope.coordinator).get(_group_url(scope.group)).context["form"]

    assert list(form.fields["programme"].objects.values()) == list(scope.group.programmes.all())
    offered = Organisation.objects.filter(pk__in=form.fields["provider"].objects)
    assert offered.exists()
    assert not offered.filter(interest_group=InterestGroup.PRODUCER_GROUP).exists()


@pytest.mark.django_db
def test_the_programme_field_is_left_out_for_a_group_no_programme_supports(scope, login):
    form = login(scope.coordinator).get(_group_url(scope.other_group)).context["form"]

    assert "programme" not in form.fields


@pytest.mark.django_db
def test_group_page_tells_expected_services_received_and_missing(scope, login):
    trajectory_start(group=scope.group, by=None, at=at(2026, 2, 2))
    exporter = OrganisationFactory.create(
        name="Kirima Coffee Exporters", interest_group=InterestGroup.BUYER, kind=OrganisationKind.EXPORTER
    )
    _service(
        scope.group,
        scope.coordinator,
        service_type=ServiceType.objects.get(code="market-linkage"),
        provider=exporter,
        delivered_on=datetime.date(2026, 3, 12),
    )

    page = login(scope.donor).get(_group_url(scope.group)).content.decode()

    assert "received on 12 Mar 2026 from Kirima Coffee Exporters" in page
    assert page.count('data-missing="true"') == 1  # the certification-cost subsidy
    assert page.count('data-missing="false"') == 1


@pytest.mark.django_db
def test_group_page_filters_and_totals(scope, login):
    for day, code, cost, currency in [
        (datetime.date(2024, 5, 1), "training", "100.00", "KES"),
        (datetime.date(2025, 5, 1), "training", "250.00", "KES"),
        (datetime.date(2025, 6, 1), "ics-coaching", "40.00", "EUR"),
        (datetime.date(2025, 7, 1), "training", "60.00", "EUR"),
    ]:
        _service(
            scope.group,
            scope.coordinator,
            service_type=ServiceType.objects.get(code=code),
            delivered_on=day,
            cost=Decimal(cost),
            currency=currency,
        )
    client = login(scope.field_officer)

    response = client.get(_group_url(scope.group), {"type": "training", "year": "2025"})
    assert [s.delivered_on for s in response.context["page"].object_list] == [
        datetime.date(2025, 7, 1),
        datetime.date(2025, 5, 1),
    ]
    totals = response.context["totals"]
    assert [(t.currency, t.total) for t in totals.by_currency] == [
        ("EUR", Decimal("60.00")),
        ("KES", Decimal("250.00")),
    ]
    assert "KES 250.00" in response.content.decode()

    everything = client.get(_group_url(scope.group), {"type": "no-such-type", "year": "1900"})
    assert everything.context["totals"].count == 4
    assert everything.context["filter_form"].fields["year"].choices[1:] == [("2025", "2025"), ("2024", "2024")]


@pytest.mark.django_db
def test_group_page_is_paginated(scope, login, settings):
    settings.PAGE_SIZE = 3
    for day in range(1, 8):
        _service(scope.group, scope.coordinator, delivered_on=datetime.date(2025, 3, day))

    response = login(scope.coordinator).get(_group_url(scope.group), {"page": 3})

    assert [s.delivered_on.day for s in response.context["page"].object_list] == [1]
    assert response.context["totals"].count == 7


# --- Deleting -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "deleted"),
    [
        ("coordinator", 302, True),
        ("field_officer", 302, True),  # the recorder
        ("group_manager", 403, False),
        ("donor", 403, False),
        ("outsider", 404, False),
    ],
)
def test_deleting_through_the_page(scope, login, role, status, deleted):
    service = _service(scope.group, scope.field_officer)
    url = reverse("cycles:service_delete", kwargs={"pk": service.pk})

    response = login(scope.users()[role]).post(url, {"reason": "Recorded for the wrong group."})

    assert response.status_code == status
    assert Service.objects.filter(pk=service.pk).exists() is not deleted
    if status == 302:
        assert response["Location"] == _group_url(scope.group)


@pytest.mark.django_db
def test_deleting_without_a_reason_is_refused_with_a_message(scope, login):
    service = _service(scope.group, scope.field_officer)
    client = login(scope.field_officer)

    response = client.post(reverse("cycles:service_delete", kwargs={"pk": service.pk}), {"reason": ""}, follow=True)

    assert "Say why the service is deleted." in response.content.decode()
    assert Service.objects.filter(pk=service.pk).exists()


@pytest.mark.django_db
def test_delete_is_offered_to_the_recorder_and_coordinators_only(scope, login):
    _service(scope.group, scope.field_officer)
    _service(scope.group, scope.group_manager)

    def offered(user: User) -> int:
        return login(user).get(_group_url(scope.group)).content.decode().count('data-testid="service-delete"')

    # Each service offers the button twice: in the phone list and in the table.
    assert offered(scope.coordinator) == 4
    assert offered(scope.field_officer) == 2
    assert offered(scope.group_manager) == 2
    assert offered(scope.donor) == 0


@pytest.mark.django_db
def test_delete_answers_only_post(scope, login):
    service = _service(scope.group, scope.coordinator)

    response = login(scope.coordinator).get(reverse("cycles:service_delete", kwargs={"pk": service.pk}))

    assert response.status_code == 405


# --- Provider and programme pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "listed"),
    [("coordinator", 200, 2), ("field_officer", 200, 1), ("group_manager", 200, 1), ("donor", 200, 1)],
)
def test_provider_page_lists_only_the_groups_the_user_sees(scope, login, role, status, listed):
    provider = _trainer()
    _service(scope.group, scope.coordinator, provider=provider)
    _service(scope.other_group, scope.coordinator, provider=provider)

    response = login(scope.users()[role]).get(reverse("cycles:provider_services", kwargs={"pk": provider.pk}))

    assert response.status_code == status
    assert response.context["totals"].count == listed


@pytest.mark.django_db
def test_provider_page_is_a_404_for_producers_and_unrelated_providers(scope, login):
    unrelated = _trainer()
    _service(scope.other_group, scope.coordinator, provider=unrelated)
    coordinator = login(scope.coordinator)

    url = reverse("cycles:provider_services", kwargs={"pk": scope.group.organisation.pk})
    assert coordinator.get(url).status_code == 404
    assert coordinator.get(reverse("cycles:provider_services", kwargs={"pk": unrelated.pk})).status_code == 200

    field_officer = login(scope.field_officer)
    assert field_officer.get(reverse("cycles:provider_services", kwargs={"pk": unrelated.pk})).status_code == 404


@pytest.mark.django_db
def test_a_user_sees_the_page_of_their_own_organisation_even_before_it_served(scope, login):
    own = scope.field_officer.memberships.get().organisation

    response = login(scope.field_officer).get(reverse("cycles:provider_services", kwargs={"pk": own.pk}))

    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("field_officer", 404), ("group_manager", 404), ("donor", 200), ("outsider", 404)],
)
def test_programme_page_for_those_who_read_the_programme(scope, login, role, status):
    programme = scope.group.programmes.get()
    _service(scope.group, scope.coordinator, programme=programme, cost=Decimal("10"), currency="EUR")
    _service(scope.group, scope.coordinator)  # not under the programme

    response = login(scope.users()[role]).get(reverse("cycles:programme_services", kwargs={"pk": programme.pk}))

    assert response.status_code == status
    if status == 200:
        assert response.context["totals"].count == 1
        assert "EUR 10.00" in response.content.decode()


@pytest.mark.django_db
def test_a_donor_does_not_read_another_funders_programme(scope, login):
    other = ProgrammeFactory.create(groups=[scope.group])

    response = login(scope.donor).get(reverse("cycles:programme_services", kwargs={"pk": other.pk}))

    assert response.status_code == 404


# --- Interaction points -------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor", "outsider"])
def test_interaction_points_for_everyone_with_a_role(scope, login, role):
    response = login(scope.users()[role]).get(reverse("cycles:interaction_points"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="interaction-phase"') == 5
    assert page.index("Preconditions") < page.index("Initial certificate")
    assert "from: Buyer" in page


@pytest.mark.django_db
def test_interaction_points_refused_without_a_role(login):
    assert login(UserFactory.create()).get(reverse("cycles:interaction_points")).status_code == 403


def test_interaction_points_ask_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("cycles:interaction_points"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Query budget -------------------------------------------------------------------------------------------------


def _grow(scope, count: int) -> None:
    """`count` services to the scoped group, spread over providers, types, years, currencies and the programme."""
    programme = scope.group.programmes.get()
    types = list(ServiceType.objects.all())
    providers = [
        Organisation.objects.get_or_create(
            name=f"Budget trainer {number}",
            defaults={"country": "KE", "interest_group": InterestGroup.QUALITY_PROFESSIONAL, "kind": "trainer"},
        )[0]
        for number in range(3)
    ]
    payer = programme.funder
    existing = Service.objects.filter(group=scope.group).count()
    for index in range(existing, count):
        _service(
            scope.group,
            scope.field_officer if index % 2 else scope.coordinator,
            service_type=types[index % len(types)],
            provider=providers[index % 3],
            delivered_on=datetime.date(2024 + index % 3, 1 + index % 12, 1 + index % 28),
            cost=Decimal(index * 10) if index % 4 else None,
            currency=("KES", "EUR", "ZAR")[index % 3] if index % 4 else "",
            paid_by=payer if index % 3 else None,
            programme=programme if index % 2 else None,
        )


PAGES = [
    ("field_officer", lambda s: _group_url(s.group)),
    ("coordinator", lambda s: _group_url(s.group) + "?year=2025&page=1"),
    ("donor", lambda s: _group_url(s.group)),
    ("donor", lambda s: reverse("cycles:programme_services", kwargs={"pk": s.group.programmes.get().pk})),
    ("coordinator", lambda s: reverse("cycles:programme_services", kwargs={"pk": s.group.programmes.get().pk})),
    (
        "field_officer",
        lambda s: reverse("cycles:provider_services", kwargs={"pk": Service.objects.order_by("pk")[0].provider_id}),
    ),
    ("group_manager", lambda s: reverse("cycles:interaction_points")),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url"), PAGES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(PAGES)])
def test_service_pages_make_as_many_queries_for_100_services_as_for_5(scope, login, role, url):
    trajectory_start(group=scope.group, by=None, at=at(2024, 1, 8))
    client = login(scope.users()[role])
    _grow(scope, 5)
    small = page_query_count(client, url(scope))
    _grow(scope, 100)
    assert Service.objects.count() == 100
    large = page_query_count(client, url(scope))

    assert large == small, f"{small} queries for 5 services, {large} for 100"
    assert large <= BUDGET
