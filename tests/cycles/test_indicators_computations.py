"""Each indicator computation on a few hand-built records with a known answer: the periods (years and seasons),
the figures per year and the figures per season."""

import datetime
from decimal import Decimal

import pytest

from cycles import indicators
from cycles.indicators import COMPUTATIONS, compute, is_season, is_year, season_span
from cycles.models import Indicator, NCSource, NCStatus, NonConformity, Severity
from producers.models import Member, ProducerGroup
from standards.models import CertificateStatus, Requirement

from ..factories import CertificateFactory, MemberFactory, PlotFactory
from ..factories_records import ProductionRecordFactory, TrainingFactory
from .clock_fixtures import frozen as frozen  # a fixture
from .indicators_fixtures import _inspect, _records
from .indicators_fixtures import four as four  # a fixture


def _nc(group: ProducerGroup, found_on: datetime.date, closed_on: datetime.date | None = None) -> NonConformity:
    return NonConformity.objects.create(
        group=group,
        source=NCSource.INTERNAL,
        requirement=Requirement.objects.order_by("pk")[0],
        severity=Severity.MINOR,
        description="Spraying records missing.",
        found_on=found_on,
        status=NCStatus.CLOSED if closed_on else NCStatus.OPEN,
        closed_on=closed_on,
    )


# --- Periods -------------------------------------------------------------------------------------------------


def test_periods_are_years_or_seasons_across_two_following_years():
    assert is_year("2026")
    assert not is_year("2025/26")
    assert is_season("2026")
    assert is_season("2025/26")
    assert is_season("1999/00")
    assert not is_season("2025/27")
    assert not is_season("25/26")
    assert not is_season("2025-26")
    assert season_span("2025/26") == (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert season_span("2026") == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_every_computation_named_by_the_reference_data_exists(db):
    named = set(Indicator.objects.exclude(computation="").values_list("computation", flat=True))
    assert named == set(COMPUTATIONS)
    assert {name for name, c in COMPUTATIONS.items() if c.period_kind == "year"} == {
        "inspection_coverage",
        "nc_closure_rate",
        "nc_median_days_to_close",
        "training_coverage",
    }


def test_a_computation_given_the_wrong_kind_of_period_says_so(scope):
    value, note = compute("inspection_coverage", scope.group, "2025/26")
    assert value is None
    assert "per year" in note
    value, note = compute("no_such_thing", scope.group, "2026")
    assert value is None
    assert "no_such_thing" in note


# --- Per year ------------------------------------------------------------------------------------------------


def test_inspection_coverage_is_the_share_of_members_due_inspected_in_the_years_round(scope, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    _inspect(scope.group, four[3:], 2025, scope.group_manager)  # last year's round does not count
    assert indicators.inspection_coverage(scope.group, "2026") == (
        Decimal("75.00"),
        "3 of 4 members inspected in 2026.",
    )
    assert indicators.inspection_coverage(scope.group, "2025")[0] == Decimal("25.00")


def test_inspection_coverage_without_members_has_no_figure(db):
    from ..factories import ProducerGroupFactory

    assert indicators.inspection_coverage(ProducerGroupFactory.create(), "2026")[0] is None


def test_closure_rate_counts_the_non_conformities_found_in_the_year(scope):
    _nc(scope.group, datetime.date(2026, 1, 5), closed_on=datetime.date(2026, 2, 1))
    for day in (6, 7, 8):
        _nc(scope.group, datetime.date(2026, 1, day))
    _nc(scope.group, datetime.date(2025, 11, 1), closed_on=datetime.date(2026, 1, 1))  # found last year
    _nc(scope.other_group, datetime.date(2026, 1, 5), closed_on=datetime.date(2026, 2, 1))
    value, note = indicators.nc_closure_rate(scope.group, "2026")
    assert value == Decimal("25.00")
    assert note == "1 of 4 non-conformities found in 2026 are closed."
    assert indicators.nc_closure_rate(scope.group, "2024")[0] is None


@pytest.mark.parametrize(
    ("days", "median"),
    [([10, 20, 40], Decimal("20.00")), ([10, 20, 40, 50], Decimal("30.00")), ([7], Decimal("7.00"))],
)
def test_median_days_to_close_over_the_non_conformities_closed_in_the_year(scope, days, median):
    for index, duration in enumerate(days):
        closed_on = datetime.date(2026, 3, 1) + datetime.timedelta(days=index)
        _nc(scope.group, closed_on - datetime.timedelta(days=duration), closed_on=closed_on)
    _nc(scope.group, datetime.date(2025, 1, 1), closed_on=datetime.date(2025, 12, 31))  # closed last year
    _nc(scope.group, datetime.date(2026, 1, 1))  # still open
    value, note = indicators.nc_median_days_to_close(scope.group, "2026")
    assert value == median
    assert note == f"Median over {len(days)} non-conformities closed in 2026."


def test_median_days_to_close_without_closures_has_no_figure(scope):
    _nc(scope.group, datetime.date(2026, 1, 1))
    assert indicators.nc_median_days_to_close(scope.group, "2026") == (None, "No non-conformity was closed in 2026.")


def test_training_coverage_is_the_share_of_members_due_who_attended_a_training_that_year(scope, four):
    left = Member.objects.get(group=scope.group, status="left")
    TrainingFactory.create(group=scope.group, held_on=datetime.date(2026, 2, 1), attendees=[four[0], left])
    TrainingFactory.create(group=scope.group, held_on=datetime.date(2026, 4, 1), attendees=[four[0], four[1]])
    TrainingFactory.create(group=scope.group, held_on=datetime.date(2025, 4, 1), attendees=[four[2]])
    value, note = indicators.training_coverage(scope.group, "2026")
    assert value == Decimal("50.00")
    assert note == "2 of 4 members attended a training in 2026."


# --- Per season ----------------------------------------------------------------------------------------------


def test_income_per_member_is_the_average_income_of_the_members_with_a_record(scope):
    _records(scope.group, "2025/26", [100, 200, 600])
    _records(scope.group, "2024/25", [5000])
    _records(scope.other_group, "2025/26", [9000])
    assert indicators.income_per_member(scope.group, "2025/26") == (
        Decimal("300.00"),
        "Average over 3 members with a production record in 2025/26.",
    )
    assert indicators.income_per_member(scope.group, "2026")[0] is None


def test_income_variation_is_the_coefficient_of_variation_of_the_seasons_averages(scope):
    _records(scope.group, "2023/24", [100])
    _records(scope.group, "2024/25", [150, 250])
    _records(scope.group, "2025/26", [300])
    _records(scope.group, "2026/27", [10_000])  # after the period measured
    # Averages 100, 200, 300: mean 200, population standard deviation 81.6497 → 40.82 %.
    value, note = indicators.income_variation(scope.group, "2025/26")
    assert value == Decimal("40.82")
    assert note == "Over 3 seasons, 2023/24 to 2025/26."


def test_income_variation_needs_two_seasons_and_the_season_itself(scope):
    _records(scope.group, "2024/25", [100])
    assert indicators.income_variation(scope.group, "2024/25")[0] is None
    assert indicators.income_variation(scope.group, "2025/26") == (
        None,
        "No production record for season 2025/26.",
    )


def test_income_variation_looks_back_five_seasons_at_most(scope):
    for year, income in zip(range(2018, 2026), [1, 1, 1, 100, 100, 100, 100, 100], strict=True):
        _records(scope.group, str(year), [income])
    assert indicators.income_variation(scope.group, "2025")[0] == Decimal("0.00")


def test_yield_per_hectare_divides_the_harvest_by_the_plot_area_of_the_members_with_a_record(scope):
    first, second, without = MemberFactory.create_batch(3, group=scope.group)
    PlotFactory.create(member=first, area_ha=Decimal("0.500"), certified_area_ha=Decimal("0"))
    PlotFactory.create(member=first, area_ha=Decimal("0.300"), certified_area_ha=Decimal("0"))
    PlotFactory.create(member=second, area_ha=Decimal("0.700"), certified_area_ha=Decimal("0"))
    PlotFactory.create(member=without, area_ha=Decimal("5.000"), certified_area_ha=Decimal("0"))
    ProductionRecordFactory.create(member=first, harvested_kg=Decimal("900"))
    ProductionRecordFactory.create(member=second, harvested_kg=Decimal("600"))
    value, note = indicators.yield_per_hectare(scope.group, "2025/26")
    assert value == Decimal("1000.00")
    assert note == "1500.00 kg harvested on 1.50 ha by 2 members in 2025/26."


def test_certified_share_sold_needs_a_certificate_in_the_season(scope):
    first, second = MemberFactory.create_batch(2, group=scope.group)
    ProductionRecordFactory.create(member=first, harvested_kg=Decimal("900"), sold_certified_kg=Decimal("600"))
    ProductionRecordFactory.create(
        member=second, harvested_kg=Decimal("600"), sold_certified_kg=Decimal("150"), sold_conventional_kg=0
    )
    value, note = indicators.certified_share_sold(scope.group, "2025/26")
    assert value is None
    assert "no certificate" in note
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2026, 5, 1))
    value, note = indicators.certified_share_sold(scope.group, "2025/26")
    assert value == Decimal("50.00")
    assert note == "750.00 kg sold as certified of 1500.00 kg harvested in 2025/26."


def test_certified_share_sold_ignores_a_suspended_certificate(scope):
    member = MemberFactory.create(group=scope.group)
    ProductionRecordFactory.create(member=member, harvested_kg=Decimal("900"), sold_certified_kg=Decimal("600"))
    CertificateFactory.create(
        group=scope.group, valid_from=datetime.date(2026, 5, 1), status=CertificateStatus.SUSPENDED
    )
    value, note = indicators.certified_share_sold(scope.group, "2025/26")
    assert value is None
    assert "no certificate" in note
