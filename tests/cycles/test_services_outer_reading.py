"""The read side of the support services: the lists with their filters and totals per currency, for a group,
a provider and a programme, and the interaction points a group's phase expects."""

import datetime
from decimal import Decimal

import pytest

from cycles.demo.history import at
from cycles.models import MoveKind
from cycles.selectors.outer import (
    ServiceFilter,
    group_services,
    interaction_status,
    programme_services,
    provider_services,
    service_totals,
    service_years,
)
from cycles.services import phase_move_record
from producers.models import Organisation
from producers.models.organisations import InterestGroup
from tests.factories import OrganisationFactory

from .services_outer_fixtures import buyer, phase, record, service_type, trainer, walk

# --- Lists, filters and totals ------------------------------------------------------------------------------------


def _three_years_of_services(scope) -> dict[str, Organisation]:
    """Six services to the scoped group and one to the other group, in three currencies and two years."""
    providers = {"trainer": trainer(), "buyer": buyer()}
    programme = scope.group.programmes.get()
    rows = [
        ("training", "trainer", datetime.date(2024, 3, 1), "1000.00", "KES", programme),
        ("training", "trainer", datetime.date(2025, 3, 1), "2500.50", "KES", programme),
        ("ics-coaching", "trainer", datetime.date(2025, 5, 1), "4000.00", "KES", None),
        ("ics-coaching", "trainer", datetime.date(2025, 6, 1), "300.00", "EUR", programme),
        ("market-linkage", "buyer", datetime.date(2025, 7, 1), None, "", None),
        ("training", "buyer", datetime.date(2025, 8, 1), "99.99", "USD", None),
    ]
    for code, provider, day, cost, currency, under in rows:
        record(
            scope.group,
            scope.coordinator,
            service_type=service_type(code),
            provider=providers[provider],
            delivered_on=day,
            cost=Decimal(cost) if cost else None,
            currency=currency,
            programme=under,
        )
    record(scope.other_group, scope.coordinator, provider=providers["trainer"], cost=Decimal("7"), currency="KES")
    return providers


@pytest.mark.django_db
def test_group_list_is_latest_first_and_filters_by_type_and_year(scope):
    _three_years_of_services(scope)

    everything = group_services(group=scope.group)
    assert [s.delivered_on.month for s in everything] == [8, 7, 6, 5, 3, 3]
    assert [s.delivered_on.year for s in everything][-2:] == [2025, 2024]
    assert group_services(group=scope.group, filters=ServiceFilter(service_type="training")).count() == 3
    assert group_services(group=scope.group, filters=ServiceFilter(year=2024)).count() == 1
    both = ServiceFilter(service_type="training", year=2025)
    assert [s.cost for s in group_services(group=scope.group, filters=both)] == [Decimal("99.99"), Decimal("2500.50")]
    assert service_years(everything) == [2025, 2024]


@pytest.mark.django_db
def test_totals_are_per_currency_and_never_added_across(scope):
    _three_years_of_services(scope)

    totals = service_totals(group_services(group=scope.group))
    assert totals.count == 6
    assert totals.without_cost == 1
    assert [(t.currency, t.total, t.services) for t in totals.by_currency] == [
        ("EUR", Decimal("300.00"), 1),
        ("KES", Decimal("7500.50"), 3),
        ("USD", Decimal("99.99"), 1),
    ]
    filtered = service_totals(group_services(group=scope.group, filters=ServiceFilter(service_type="ics-coaching")))
    assert [(t.currency, t.total) for t in filtered.by_currency] == [
        ("EUR", Decimal("300.00")),
        ("KES", Decimal("4000.00")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"), [("coordinator", 5), ("field_officer", 4), ("donor", 4), ("outsider", 0)]
)
def test_provider_list_shows_only_the_groups_the_user_sees(scope, role, expected):
    providers = _three_years_of_services(scope)

    assert provider_services(provider=providers["trainer"], user=scope.users()[role]).count() == expected


@pytest.mark.django_db
def test_programme_list_holds_the_services_delivered_under_it(scope):
    _three_years_of_services(scope)
    programme = scope.group.programmes.get()

    services = programme_services(programme=programme, user=scope.donor)
    assert [s.delivered_on for s in services] == [
        datetime.date(2025, 6, 1),
        datetime.date(2025, 3, 1),
        datetime.date(2024, 3, 1),
    ]
    assert [(t.currency, t.total) for t in service_totals(services).by_currency] == [
        ("EUR", Decimal("300.00")),
        ("KES", Decimal("3500.50")),
    ]


# --- Interaction points --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_interaction_points_received_since_entering_the_phase_from_the_expected_side_first(scope):
    walk(scope.group, ("preconditions", at(2025, 1, 13)))
    exporter = buyer()
    ngo = OrganisationFactory.create(name="Support NGO", interest_group=InterestGroup.CIVIL_SOCIETY)
    record(
        scope.group,
        scope.coordinator,
        service_type=service_type("market-linkage"),
        provider=exporter,
        delivered_on=datetime.date(2025, 1, 10),
    )  # before the group entered the phase: does not count
    record(
        scope.group,
        scope.coordinator,
        service_type=service_type("market-linkage"),
        provider=ngo,
        delivered_on=datetime.date(2025, 2, 1),
    )  # from civil society, not from a buyer: received all the same, and told apart
    subsidy = record(
        scope.group,
        scope.coordinator,
        service_type=service_type("certification-subsidy"),
        provider=ngo,
        delivered_on=datetime.date(2025, 1, 13),
    )

    status = interaction_status(scope.group)
    assert status is not None
    assert status.phase == phase("preconditions")
    assert status.since == datetime.date(2025, 1, 13)
    rows = {row.point.service_type.code: row for row in status.expected}
    assert set(rows) == {"market-linkage", "certification-subsidy"}
    market = rows["market-linkage"]
    assert not market.missing
    assert market.received is not None
    assert market.received.provider == ngo
    assert not market.from_expected_side
    assert str(market.expected_from) == "from a buyer"
    assert rows["certification-subsidy"].received == subsidy
    assert rows["certification-subsidy"].from_expected_side
    assert status.missing == 0

    latest = record(
        scope.group,
        scope.coordinator,
        service_type=service_type("market-linkage"),
        provider=exporter,
        delivered_on=datetime.date(2025, 3, 12),
    )
    status = interaction_status(scope.group)
    assert status is not None
    market = next(r for r in status.expected if r.point.service_type.code == "market-linkage")
    assert market.received == latest
    assert market.from_expected_side


@pytest.mark.django_db
def test_an_expected_service_never_received_is_missing(scope):
    walk(scope.group, ("preconditions", at(2025, 1, 13)))
    record(
        scope.group, scope.coordinator, service_type=service_type("training"), delivered_on=datetime.date(2025, 2, 3)
    )

    status = interaction_status(scope.group)
    assert status is not None
    assert status.missing == 2
    assert all(row.received is None for row in status.expected)


@pytest.mark.django_db
def test_interaction_points_count_only_the_current_stay_after_a_move_back(scope):
    walk(scope.group, ("preconditions", at(2024, 1, 8)), ("planning-1", at(2024, 3, 4)), ("planning-2", at(2024, 6, 3)))
    record(
        scope.group,
        scope.coordinator,
        service_type=service_type("ics-coaching"),
        delivered_on=datetime.date(2024, 7, 1),
    )
    phase_move_record(
        group=scope.group, kind=MoveKind.BACK, to_phase=phase("planning-1"), by=None, reason="Gaps", at=at(2024, 9, 2)
    )
    phase_move_record(
        group=scope.group, kind=MoveKind.ADVANCE, to_phase=phase("planning-2"), by=None, at=at(2025, 1, 6)
    )

    status = interaction_status(scope.group)
    assert status is not None
    assert {row.point.service_type.code: row.missing for row in status.expected} == {
        "ics-coaching": True,
        "training": True,
    }


@pytest.mark.django_db
def test_no_interaction_status_before_the_group_started(scope):
    assert interaction_status(scope.group) is None
