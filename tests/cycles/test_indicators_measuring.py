"""Measuring a group's indicators and entering a figure by hand, through the services and through the
indicators page for every role, and the page's query budget."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles.indicators import COMPUTATIONS
from cycles.models import Indicator, Inspection, Measurement, MeasurementSource
from cycles.services.indicators import measure_group, measurement_enter
from producers.models import Member, ProducerGroup

from ..helpers import flash_messages, page_query_count
from .clock_fixtures import frozen as frozen  # a fixture
from .indicators_fixtures import _inspect, _records
from .indicators_fixtures import four as four  # a fixture

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
