"""Recording and deleting the support services a group receives: the phase filled in from the group's history,
what a service records, the rules it meets, and who may record and delete."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles.demo.history import at
from cycles.models import MoveKind, Service, Trajectory
from cycles.selectors.outer import group_phase_on
from cycles.services import phase_move_record
from cycles.services.outer import service_delete
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.factories import AssignmentFactory, OrganisationFactory, ProducerGroupFactory, ProgrammeFactory

from .services_outer_fixtures import buyer, phase, record, service_type, trainer, walk


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code or "" for e in errors] for name, errors in error.error_dict.items()}


# --- The phase at the time ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_gets_the_phase_the_group_stood_in_on_the_day_not_its_current_one(scope):
    walk(
        scope.group,
        ("preconditions", at(2025, 1, 13)),
        ("planning-1", at(2025, 3, 3)),
        ("planning-2", at(2025, 9, 1)),
    )
    during_planning_1 = record(scope.group, scope.field_officer, delivered_on=datetime.date(2025, 5, 5))
    now = record(scope.group, scope.field_officer, delivered_on=datetime.date(2025, 10, 1))

    assert Trajectory.objects.get(group=scope.group).phase.code == "planning-2"
    assert during_planning_1.phase == phase("planning-1")
    assert now.phase == phase("planning-2")


@pytest.mark.django_db
def test_phase_is_empty_before_the_group_started_and_counts_a_move_from_its_own_day(scope):
    walk(scope.group, ("preconditions", at(2025, 1, 13)), ("planning-1", at(2025, 3, 3, 17, 45)))

    assert group_phase_on(scope.group, datetime.date(2025, 1, 12)) is None
    assert group_phase_on(scope.group, datetime.date(2025, 1, 13)) == phase("preconditions")
    assert group_phase_on(scope.group, datetime.date(2025, 3, 2)) == phase("preconditions")
    assert group_phase_on(scope.group, datetime.date(2025, 3, 3)) == phase("planning-1")
    assert record(scope.group, scope.coordinator, delivered_on=datetime.date(2024, 12, 1)).phase is None


@pytest.mark.django_db
def test_phase_after_a_move_back_is_the_earlier_phase(scope):
    walk(scope.group, ("preconditions", at(2024, 1, 8)), ("planning-1", at(2024, 3, 4)), ("planning-2", at(2024, 6, 3)))
    phase_move_record(
        group=scope.group, kind=MoveKind.BACK, to_phase=phase("planning-1"), by=None, reason="Gaps", at=at(2024, 9, 2)
    )

    assert group_phase_on(scope.group, datetime.date(2024, 8, 30)) == phase("planning-2")
    assert group_phase_on(scope.group, datetime.date(2024, 9, 2)) == phase("planning-1")


@pytest.mark.django_db
def test_phase_through_a_hold_stays_the_phase(scope):
    walk(scope.group, ("preconditions", at(2024, 1, 8)), ("planning-1", at(2024, 3, 4)))
    phase_move_record(
        group=scope.group, kind=MoveKind.HOLD, to_phase=phase("planning-1"), by=None, reason="Board", at=at(2024, 4, 1)
    )

    assert group_phase_on(scope.group, datetime.date(2024, 5, 1)) == phase("planning-1")


# --- What a service records ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_records_everything_given_and_who_recorded_it(scope):
    programme = scope.group.programmes.get()
    payer = programme.funder
    service = record(
        scope.group,
        scope.group_manager,
        service_type=service_type("certification-subsidy"),
        provider=payer,
        delivered_on=datetime.date(2025, 2, 3),
        cost=Decimal("1250.50"),
        currency=" eur ",
        paid_by=payer,
        programme=programme,
        description="  Half of the audit  ",
    )

    service.refresh_from_db()
    assert (service.cost, service.currency, service.paid_by, service.programme) == (
        Decimal("1250.50"),
        "EUR",
        payer,
        programme,
    )
    assert service.description == "Half of the audit"
    assert service.recorded_by == scope.group_manager
    assert service.recorded_at <= timezone.now()


@pytest.mark.django_db
def test_a_currency_without_a_cost_is_dropped(scope):
    service = record(scope.group, scope.coordinator, currency="KES")

    assert (service.cost, service.currency) == (None, "")


@pytest.mark.django_db
def test_a_free_service_costs_zero_in_a_currency(scope):
    service = record(scope.group, scope.coordinator, cost=Decimal("0"), currency="KES")

    assert service.cost == Decimal("0")


# --- Validation ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"cost": Decimal("-1"), "currency": "KES"}, "cost", "negative_cost"),
        ({"cost": Decimal("10.005"), "currency": "KES"}, "cost", "cost_precision"),
        ({"cost": Decimal("1000000000000"), "currency": "KES"}, "cost", "cost_precision"),
        ({"cost": Decimal("100")}, "currency", "currency_required"),
        ({"cost": Decimal("100"), "currency": "KSH1"}, "currency", "currency_format"),
        ({"cost": Decimal("100"), "currency": "K5S"}, "currency", "currency_format"),
        ({"delivered_on": datetime.date(1997, 12, 31)}, "delivered_on", "before_group_founded"),
    ],
)
def test_service_rules(scope, overrides, field, code):
    with pytest.raises(ValidationError) as refused:
        record(scope.group, scope.coordinator, **overrides)

    assert codes(refused.value) == {field: [code]}
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_a_service_is_not_recorded_before_it_was_delivered(scope):
    with pytest.raises(ValidationError) as refused:
        record(scope.group, scope.coordinator, delivered_on=timezone.localdate() + datetime.timedelta(days=1))

    assert codes(refused.value) == {"delivered_on": ["future_date"]}
    assert record(scope.group, scope.coordinator, delivered_on=timezone.localdate()).pk


@pytest.mark.django_db
def test_a_group_without_a_founding_year_takes_any_past_date(scope):
    group = ProducerGroupFactory.create(founded=None)
    assert record(group, scope.coordinator, delivered_on=datetime.date(1960, 1, 4)).pk


@pytest.mark.django_db
def test_provider_and_payer_come_from_the_support_structure(scope):
    with pytest.raises(ValidationError) as refused:
        record(
            scope.group,
            scope.coordinator,
            provider=scope.other_group.organisation,
            paid_by=scope.group.organisation,
        )

    assert codes(refused.value) == {"provider": ["provider_is_producer"], "paid_by": ["payer_is_producer"]}


@pytest.mark.django_db
def test_every_interest_group_but_producers_may_provide(scope):
    ngo = OrganisationFactory.create(interest_group=InterestGroup.CIVIL_SOCIETY, kind=OrganisationKind.NGO)
    for provider in (trainer(), buyer(), ngo):
        assert record(scope.group, scope.coordinator, provider=provider).provider == provider


@pytest.mark.django_db
def test_programme_must_support_the_group_and_run_on_the_day(scope):
    elsewhere = ProgrammeFactory.create(groups=[scope.other_group])
    with pytest.raises(ValidationError) as refused:
        record(scope.group, scope.coordinator, programme=elsewhere)
    assert codes(refused.value) == {"programme": ["programme_not_supporting"]}

    own = scope.group.programmes.get()  # 2024-01-01 to 2027-12-31
    with pytest.raises(ValidationError) as refused:
        record(scope.group, scope.coordinator, programme=own, delivered_on=datetime.date(2023, 12, 31))
    assert codes(refused.value) == {"programme": ["outside_programme_period"]}

    assert (
        record(scope.group, scope.coordinator, programme=own, delivered_on=datetime.date(2024, 1, 1)).programme == own
    )


@pytest.mark.django_db
def test_every_broken_rule_is_told_at_once(scope):
    with pytest.raises(ValidationError) as refused:
        record(
            scope.group,
            scope.coordinator,
            provider=scope.group.organisation,
            cost=Decimal("-5"),
            delivered_on=datetime.date(1990, 1, 1),
        )

    assert set(codes(refused.value)) == {"provider", "cost", "currency", "delivered_on"}


# --- Who may record ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "inside", "outside"),
    [
        ("coordinator", True, True),
        ("field_officer", True, False),
        ("group_manager", True, False),
        ("donor", False, False),
        ("outsider", False, False),
    ],
)
def test_who_may_record(scope, role, inside, outside):
    user = scope.users()[role]
    for group, allowed in ((scope.group, inside), (scope.other_group, outside)):
        if allowed:
            assert record(group, user).recorded_by == user
        else:
            with pytest.raises(PermissionDenied):
                record(group, user)


@pytest.mark.django_db
def test_a_field_officer_records_for_every_group_of_the_portfolio(scope):
    AssignmentFactory.create(field_officer=scope.field_officer, group=scope.other_group)

    assert record(scope.other_group, scope.field_officer).group == scope.other_group


# --- Deleting -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_recorder_deletes_a_mistake_and_the_log_keeps_it(scope, caplog):
    service = record(scope.group, scope.field_officer, cost=Decimal("300"), currency="KES")
    pk = service.pk

    with caplog.at_level(logging.INFO, logger="cycles.services.outer"):
        service_delete(service=service, by=scope.field_officer, reason="Wrong provider: it was the NGO.")

    assert not Service.objects.exists()
    logged = caplog.records[-1].getMessage()
    assert f"Service {pk} deleted by user {scope.field_officer.pk}" in logged
    assert "training" in logged
    assert "300" in logged
    assert "Wrong provider: it was the NGO." in logged


@pytest.mark.django_db
def test_a_coordinator_deletes_what_anyone_recorded(scope):
    service = record(scope.group, scope.group_manager)

    service_delete(service=service, by=scope.coordinator, reason="Recorded twice.")

    assert not Service.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["group_manager", "donor", "outsider"])
def test_nobody_else_deletes(scope, role, caplog):
    service = record(scope.group, scope.field_officer)

    with caplog.at_level(logging.WARNING, logger="cycles.services.outer"), pytest.raises(PermissionDenied):
        service_delete(service=service, by=scope.users()[role], reason="Not mine.")

    assert Service.objects.filter(pk=service.pk).exists()
    assert "Refused to delete" in caplog.text


@pytest.mark.django_db
def test_a_recorder_who_no_longer_keeps_the_group_cannot_delete(scope):
    service = record(scope.group, scope.field_officer)
    scope.field_officer.assignments.all().delete()

    with pytest.raises(PermissionDenied):
        service_delete(service=service, by=scope.field_officer, reason="Moved to another portfolio.")


@pytest.mark.django_db
@pytest.mark.parametrize(("reason", "code"), [("   ", "reason_required"), ("x" * 301, "reason_too_long")])
def test_deleting_says_why(scope, reason, code):
    service = record(scope.group, scope.coordinator)

    with pytest.raises(ValidationError) as refused:
        service_delete(service=service, by=scope.coordinator, reason=reason)

    assert codes(refused.value) == {"reason": [code]}
    assert Service.objects.exists()
