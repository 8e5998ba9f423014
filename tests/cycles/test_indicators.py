"""Indicators: each computation on a few hand-built records with a known answer, measuring a group and entering
a figure by hand, and the indicators page for every role."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles import indicators
from cycles.indicators import COMPUTATIONS, compute, is_season, is_year, season_span
from cycles.models import (
    Indicator,
    Inspection,
    InspectionRound,
    Measurement,
    MeasurementSource,
    NCSource,
    NCStatus,
    NonConformity,
    Severity,
)
from cycles.services.indicators import measure_group, measurement_enter
from producers.models import Member, ProducerGroup, User
from standards.models import CertificateStatus, Requirement

from ..factories import CertificateFactory, MemberFactory, PlotFactory
from ..factories_inspections import InspectorFactory
from ..factories_records import ProductionRecordFactory, TrainingFactory
from ..helpers import flash_messages, page_query_count

NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


@pytest.fixture
def four(scope) -> list[Member]:
    """Four members due (the scope's member and three more) and one who has left, who never counts."""
    MemberFactory.create(group=scope.group, status="left")
    return [scope.member, *MemberFactory.create_batch(3, group=scope.group)]


def _inspect(group: ProducerGroup, members: list[Member], year: int, by: User) -> None:
    round_, _created = InspectionRound.objects.get_or_create(
        group=group, year=year, defaults={"opened_at": timezone.now(), "opened_by": by}
    )
    inspector = InspectorFactory.create(group=group)
    for member in members:
        Inspection.objects.create(
            round=round_,
            member=member,
            inspector=inspector,
            inspected_on=datetime.date(year, 5, 1),
            proposed_decision="approve",
            recorded_at=timezone.now(),
            recorded_by=by,
        )


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


def _records(group: ProducerGroup, season: str, incomes: list[int]) -> list[Member]:
    members = MemberFactory.create_batch(len(incomes), group=group)
    for member, income in zip(members, incomes, strict=True):
        ProductionRecordFactory.create(member=member, season=season, income=Decimal(income))
    return members


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


# --- Measuring -----------------------------------------------------------------------------------------------


def _measured(group: ProducerGroup, period: str) -> dict[str, Measurement]:
    return {m.indicator.computation: m for m in Measurement.objects.filter(group=group, period=period)}


def test_measuring_a_year_stores_each_computed_figure_and_skips_those_without_one(scope, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    results = measure_group(group=scope.group, period="2026", by=scope.group_manager)
    assert {r.indicator.computation for r in results} == set(COMPUTATIONS)  # a year fits both kinds
    stored = _measured(scope.group, "2026")
    assert set(stored) == {"inspection_coverage", "training_coverage"}
    coverage = stored["inspection_coverage"]
    assert coverage.value == Decimal("75.00")
    assert coverage.source == MeasurementSource.COMPUTED
    assert coverage.measured_by == scope.group_manager
    assert coverage.note == "3 of 4 members inspected in 2026."
    assert stored["training_coverage"].value == Decimal("0.00")


def test_measuring_again_replaces_the_figure_even_when_the_records_no_longer_give_one(scope, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    measure_group(group=scope.group, period="2026", by=scope.group_manager)
    Inspection.objects.all().delete()
    Member.objects.filter(group=scope.group).update(status="left")
    measure_group(group=scope.group, period="2026", by=scope.field_officer)
    coverage = Measurement.objects.get(group=scope.group, period="2026", indicator__computation="inspection_coverage")
    assert coverage.value is None
    assert coverage.note == "No member in the register to inspect."
    assert coverage.measured_by == scope.field_officer
    assert Measurement.objects.filter(group=scope.group, period="2026").count() == 2


def test_measuring_a_split_season_measures_production_and_income_only(scope):
    _records(scope.group, "2025/26", [100, 300])
    results = measure_group(group=scope.group, period="2025/26", by=scope.coordinator)
    assert {r.indicator.computation for r in results} == {
        "income_per_member",
        "income_variation",
        "yield_per_hectare",
        "certified_share_sold",
    }
    # No plot area and no certificate: those two have no figure, and are not stored.
    assert set(_measured(scope.group, "2025/26")) == {"income_per_member"}
    assert _measured(scope.group, "2025/26")["income_per_member"].value == Decimal("200.00")


def test_measuring_refuses_a_period_that_is_neither_a_year_nor_a_season(scope):
    with pytest.raises(ValidationError) as refused:
        measure_group(group=scope.group, period="last year", by=scope.group_manager)
    assert refused.value.code == "period_format"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_measuring_is_refused_to_those_who_do_not_keep_the_records(scope, role):
    with pytest.raises(PermissionDenied):
        measure_group(group=scope.group, period="2026", by=scope.users()[role])
    assert not Measurement.objects.exists()


def _manual(code: str = "top-grade-share") -> Indicator:
    return Indicator.objects.get(code=code)


def test_entering_a_figure_by_hand_stores_it_and_entering_again_replaces_it(scope):
    measurement = measurement_enter(
        group=scope.group,
        indicator=_manual(),
        period="2025/26",
        value=Decimal("62.5"),
        by=scope.group_manager,
        note="Buyer's grading report",
    )
    assert measurement.source == MeasurementSource.ENTERED
    assert measurement.value == Decimal("62.5")
    measurement_enter(
        group=scope.group, indicator=_manual(), period="2025/26", value=Decimal("64"), by=scope.coordinator
    )
    again = Measurement.objects.get(group=scope.group)
    assert (again.value, again.measured_by, again.note) == (Decimal("64"), scope.coordinator, "")


@pytest.mark.parametrize(
    ("indicator", "period", "value", "code"),
    [
        ("inspection-coverage", "2026", "50", "computed_indicator"),
        ("top-grade-share", "2026", "101", "share_above_100"),
        ("certification-cost-per-member", "2026", "-1", "negative"),
        ("certification-cost-per-member", "26", "10", "period_format"),
    ],
)
def test_entering_a_figure_refuses_what_cannot_be_true(scope, indicator, period, value, code):
    with pytest.raises(ValidationError) as refused:
        measurement_enter(
            group=scope.group, indicator=_manual(indicator), period=period, value=Decimal(value), by=scope.group_manager
        )
    assert refused.value.code == code
    assert not Measurement.objects.exists()


def test_a_cost_may_exceed_a_hundred(scope):
    cost = measurement_enter(
        group=scope.group,
        indicator=_manual("certification-cost-per-member"),
        period="2026",
        value=Decimal("1250"),
        by=scope.field_officer,
    )
    assert cost.value == Decimal("1250")


def test_entering_a_figure_is_refused_to_a_donor(scope):
    with pytest.raises(PermissionDenied):
        measurement_enter(group=scope.group, indicator=_manual(), period="2026", value=Decimal(1), by=scope.donor)


# --- The page ------------------------------------------------------------------------------------------------


def _url(name: str, group: ProducerGroup) -> str:
    return reverse(f"cycles:{name}", kwargs={"pk": group.pk})


def test_the_page_shows_each_indicator_over_the_periods_latest_first(scope, login, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    _inspect(scope.group, four[:2], 2025, scope.group_manager)
    measure_group(group=scope.group, period="2025", by=scope.group_manager)
    measure_group(group=scope.group, period="2026", by=scope.group_manager)
    measurement_enter(group=scope.group, indicator=_manual(), period="2026", value=Decimal("40"), by=scope.coordinator)
    _records(scope.group, "2025/26", [100, 300])
    measure_group(group=scope.group, period="2025/26", by=scope.group_manager)
    response = login(scope.group_manager).get(_url("indicators", scope.group))
    yearly, seasonal, entered = response.context["sections"]
    # Each kind of period has its own columns: the seasons do not thin out the years' table.
    assert (yearly.periods, seasonal.periods, entered.periods) == (["2026", "2025"], ["2025/26"], ["2026"])
    rows = {row.indicator.code: row for section in (yearly, seasonal, entered) for row in section.rows}
    assert [cell.value for cell in rows["inspection-coverage"].cells] == [Decimal("75.00"), Decimal("50.00")]
    assert rows["inspection-coverage"].trend == "better"
    assert rows["nc-closure-rate"].cells == [None, None]
    assert [cell.value for cell in rows["income-per-member"].cells] == [Decimal("200.00")]
    assert rows["certification-cost-per-member"].cells == [None]
    text = response.content.decode()
    assert "75" in text
    assert "✎" in text
    assert 'data-testid="measure"' in text
    assert 'data-testid="enter-measurement"' in text
    assert "3 of 4 members inspected in 2026." in text


def test_a_donor_reads_the_figures_only(scope, login, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    measure_group(group=scope.group, period="2026", by=scope.group_manager)
    response = login(scope.donor).get(_url("indicators", scope.group))
    assert response.status_code == 200
    text = response.content.decode()
    assert "75" in text
    assert 'data-testid="measure"' not in text
    assert 'data-testid="enter-measurement"' not in text
    assert "members inspected" not in text  # the notes, with who measured, are for those who keep the records


def test_the_empty_page_says_what_to_do(scope, login):
    text = login(scope.group_manager).get(_url("indicators", scope.group)).content.decode()
    assert 'data-testid="empty-state"' in text
    assert "Measure now" in text


def test_measure_now_measures_the_chosen_period_and_tells_what_could_not_be(scope, login, four):
    _inspect(scope.group, four[:3], 2026, scope.group_manager)
    client = login(scope.field_officer)
    response = client.post(_url("indicators_measure", scope.group), {"period": "2026"})
    assert response.status_code == 302
    assert Measurement.objects.get(group=scope.group, indicator__code="inspection-coverage").value == Decimal("75.00")
    texts = flash_messages(response)
    assert texts[0] == "Measured for 2026: 2 indicators."
    assert any(text.startswith("Non-conformity closure rate: No non-conformity") for text in texts)


def test_measure_now_refuses_a_period_not_offered(scope, login):
    response = login(scope.group_manager).post(_url("indicators_measure", scope.group), {"period": "1990"})
    assert response.status_code == 302
    assert not Measurement.objects.exists()


def test_entering_through_the_page_keeps_what_was_typed_when_refused(scope, login):
    client = login(scope.group_manager)
    data = {"indicator": _manual().pk, "period": "2026", "value": "140", "note": "Grading report March"}
    response = client.post(_url("measurement_create", scope.group), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "A share cannot be more than 100%." in text
    assert 'value="Grading report March"' in text
    data["value"] = "64"
    assert client.post(_url("measurement_create", scope.group), data).status_code == 302
    assert Measurement.objects.get(group=scope.group).value == Decimal("64")


def test_the_entry_form_offers_only_the_indicators_entered_by_hand(scope, login):
    response = login(scope.group_manager).get(_url("indicators", scope.group))
    offered = set(response.context["entry_form"].fields["indicator"].queryset.values_list("code", flat=True))
    assert offered == {"top-grade-share", "certification-cost-per-member"}


@pytest.mark.parametrize(("role", "status"), [("donor", 403), ("outsider", 404)])
@pytest.mark.parametrize("name", ["indicators_measure", "measurement_create"])
def test_measuring_and_entering_are_refused_through_the_page(scope, login, role, status, name):
    data = {"period": "2026", "indicator": _manual().pk, "value": "5"}
    assert login(scope.users()[role]).post(_url(name, scope.group), data).status_code == status
    assert not Measurement.objects.exists()


def test_the_actions_take_post_only(scope, login):
    client = login(scope.group_manager)
    assert client.get(_url("indicators_measure", scope.group)).status_code == 405
    assert client.get(_url("measurement_create", scope.group)).status_code == 405


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor"])
def test_the_page_queries_do_not_grow_with_measurements(scope, login, role):
    client = login(scope.users()[role])
    measurement_enter(group=scope.group, indicator=_manual(), period="2026", value=Decimal(1), by=scope.coordinator)

    small = page_query_count(client, _url("indicators", scope.group))
    for year in range(2015, 2026):
        for code in ("top-grade-share", "certification-cost-per-member"):
            measurement_enter(
                group=scope.group,
                indicator=_manual(code),
                period=str(year),
                value=Decimal(year % 90),
                by=scope.coordinator,
            )
    _records(scope.group, "2025/26", [100, 200])
    large = page_query_count(client, _url("indicators", scope.group))
    assert large == small
    assert large <= 20
