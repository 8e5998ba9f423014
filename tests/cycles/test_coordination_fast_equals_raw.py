"""The coordination report as runs make it (production read from the per-group season totals the services keep) is
the report computed from the raw records, section by section, with every filter and without, on the hand-built
field and after each kind of write the services make: production recorded and corrected, inspections recorded and
corrected (their date and their answers), a group removed with its records.

On PostgreSQL (CI) the same comparison runs against the partial index of the failed answers, which both ways read.
"""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from cycles.models import Compliance, Inspection, ProductionRecord, ProductionTotal, Severity
from cycles.reports.coordination import RAW, ReportParameters, coordination_findings
from cycles.services.inspections import inspection_replace
from cycles.services.production import Amounts, production_record_create, production_record_update
from cycles.services.production_totals import production_totals_rebuild
from producers.models import Member

from ..factories import MemberFactory, ProducerGroupFactory, ProgrammeFactory, UserFactory
from ..factories_inspections import InspectorFactory, all_compliant, inspect
from .coordination_fixtures import PERIOD, World
from .coordination_fixtures import frozen as frozen  # a fixture
from .coordination_fixtures import world as world  # a fixture


def _filters(world: World) -> list[dict[str, object]]:
    programme = ProgrammeFactory.create(groups=[world.groups["alpha"], world.groups["delta"]])
    return [
        {},
        {"country": "KE"},
        {"country": "UG"},
        {"commodity": world.groups["delta"].commodity},
        {"standard": "fairtrade-spo"},
        {"standard": "rainforest-2020"},
        {"programme": programme.pk},
        {"country": "KE", "standard": "fairtrade-spo"},
    ]


def assert_fast_equals_raw(filters_list: list[dict[str, object]]) -> dict[str, Any]:
    """Every section equal for every filter; returns the unfiltered raw report, for the caller to check that the
    comparison was not between two empty reports."""
    unfiltered: dict[str, object] = {}
    for filters in filters_list:
        parameters = ReportParameters.from_filters(period_start=PERIOD[0], period_end=PERIOD[1], filters=filters)
        raw = coordination_findings(parameters, source=RAW)
        fast = coordination_findings(parameters)
        assert fast.keys() == raw.keys()
        for section in raw:
            assert fast[section] == raw[section], (filters, section)
        if not filters:
            unfiltered = raw
    return unfiltered


def _totals() -> list[tuple[object, ...]]:
    return sorted(
        ProductionTotal.objects.filter(records__gt=0).values_list(
            "group_id", "season", "records", "harvested_kg", "sold_certified_kg", "income"
        )
    )


def _amounts(harvested: int, certified: int, income: int | None = None) -> Amounts:
    return Amounts(
        estimated_kg=Decimal(harvested),
        harvested_kg=Decimal(harvested),
        sold_certified_kg=Decimal(certified),
        sold_conventional_kg=Decimal(harvested - certified),
        price_per_kg=Decimal("2.50"),
        income=None if income is None else Decimal(income),
    )


def test_the_fast_report_equals_the_raw_report_on_the_field(world):
    raw = assert_fast_equals_raw(_filters(world))
    # The production sections have rows to compare: Delta's certified coffee and three seasons of income.
    assert raw["certified_supply"]
    assert raw["income"]
    assert raw["failed_requirements"]["top"]


def test_the_fast_report_equals_the_raw_report_after_every_write_through_the_services(world, scope):
    filters = _filters(world)
    delta = world.groups["delta"]
    coordinator = scope.coordinator
    newcomer = MemberFactory.create(group=delta)

    # Production recorded for a new member, in the period's season and in an earlier one.
    record = production_record_create(
        group=delta, by=coordinator, member=newcomer, season="2026", amounts=_amounts(800, 300, 1200)
    )
    production_record_create(group=delta, by=coordinator, member=newcomer, season="2025", amounts=_amounts(500, 0))
    assert_fast_equals_raw(filters)

    # Corrected: the harvest, the certified sale and the income all change; then corrected again to nothing.
    record = production_record_update(
        record=record, by=coordinator, expected_version=record.version, amounts=_amounts(950, 600, 2000)
    )
    assert_fast_equals_raw(filters)
    other = ProductionRecord.objects.filter(member__group=delta, season="2024").order_by("pk").first()
    assert other is not None
    production_record_update(record=other, by=coordinator, expected_version=other.version, amounts=_amounts(0, 0, 0))
    assert_fast_equals_raw(filters)

    # A group of another country records production and an inspection that fails a requirement.
    kenya = scope.group
    farmer = scope.member
    production_record_create(group=kenya, by=coordinator, member=farmer, season="2026", amounts=_amounts(400, 100))
    inspector = InspectorFactory.create(group=delta)
    answers = all_compliant(delta, 2026)
    failed_key = next(iter(answers))
    answers[failed_key] = (Compliance.NOT_COMPLIANT, "No register kept")
    inspection = inspect(
        member=newcomer,
        inspector=inspector,
        by=coordinator,
        year=2026,
        on=datetime.date(2026, 5, 15),
        answers=answers,
        severities={failed_key: Severity.MINOR},
    )
    raw = assert_fast_equals_raw(filters)
    assert raw["failed_requirements"]["inspected_members"] == 4  # Alpha's one, Delta's two, the newcomer

    # Corrected: another date in the period, every answer compliant; then moved after the period's end.
    inspection = inspection_replace(
        inspection=inspection,
        by=coordinator,
        inspector=inspector,
        inspected_on=datetime.date(2026, 2, 1),
        answers=all_compliant(delta, 2026),
        reason="Entered twice",
    )
    assert_fast_equals_raw(filters)
    inspection_replace(
        inspection=Inspection.objects.get(pk=inspection.pk),
        by=coordinator,
        inspector=inspector,
        inspected_on=datetime.date(2026, 7, 1),
        answers=answers,
        severities={failed_key: Severity.MINOR},
        reason="The visit was today",
    )
    assert_fast_equals_raw(filters)

    # The totals the services kept are the totals made again from the records.
    kept = _totals()
    production_totals_rebuild()
    assert _totals() == kept


def test_a_group_removed_takes_its_totals_with_its_records(world, scope):
    # No service deletes a production record; a group deleted (in the admin) takes its members, their records
    # and its totals with it, in the database's cascade.
    group = ProducerGroupFactory.create(organisation__country="KE")
    member = MemberFactory.create(group=group)
    production_record_create(
        group=group, by=scope.coordinator, member=member, season="2026", amounts=_amounts(900, 200, 50)
    )
    assert ProductionTotal.objects.filter(group=group).exists()
    assert_fast_equals_raw([{}, {"country": "KE"}])
    group.delete()
    assert not ProductionTotal.objects.filter(group_id=group.pk).exists()
    assert_fast_equals_raw([{}, {"country": "KE"}])


def test_a_registered_member_is_neither_moved_nor_deleted_in_the_admin(scope):
    request = RequestFactory().get("/")
    request.user = UserFactory.create(is_staff=True, is_superuser=True)
    member_admin = admin.site._registry[Member]
    assert "group" in member_admin.get_readonly_fields(request, scope.member)
    assert "group" not in member_admin.get_readonly_fields(request, None)  # chosen when the member is added
    assert not member_admin.has_delete_permission(request, scope.member)


@pytest.mark.parametrize("source", ["", "summary"])
def test_an_unknown_source_is_refused(db, source):
    parameters = ReportParameters.from_filters(period_start=PERIOD[0], period_end=PERIOD[1], filters={})
    with pytest.raises(ValueError, match="Unknown source"):
        coordination_findings(parameters, source=source)
