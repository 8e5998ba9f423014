"""The logical framework table: targets, actual values measured over the programme's groups or entered by hand,
and whether each indicator is on track. Hand-built data, known answers."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import (
    Aggregation,
    Indicator,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    Measurement,
    MeasurementSource,
)
from cycles.selectors.logframes import ENTERED, MEASURED, logframe_periods, logframe_table
from producers.models import ProducerGroup, Programme

from ..factories import ProducerGroupFactory, ProgrammeFactory, UserFactory

PERIODS = ["2024", "2025", "2026"]


@pytest.fixture
def programme(db) -> Programme:
    return ProgrammeFactory.create(name="Coffee and vegetables 2024–2027")


@pytest.fixture
def groups(programme: Programme) -> list[ProducerGroup]:
    made = ProducerGroupFactory.create_batch(3)
    programme.groups.add(*made)
    return made


def _row(programme: Programme, level: str = LogframeLevel.OUTPUT, order: int = 1, statement: str = "") -> LogframeRow:
    return LogframeRow.objects.create(
        programme=programme, level=level, order=order, statement=statement or f"{level} {order}"
    )


def _indicator(row: LogframeRow, name: str, code: str = "", aggregation: str = Aggregation.MEAN) -> LogframeIndicator:
    measured = Indicator.objects.get(code=code) if code else None
    return LogframeIndicator.objects.create(
        row=row, name=name, indicator=measured, aggregation=aggregation, unit=measured.unit if measured else "groups"
    )


def _measure(group: ProducerGroup, code: str, period: str, value: str | None) -> None:
    Measurement.objects.create(
        group=group,
        indicator=Indicator.objects.get(code=code),
        period=period,
        value=None if value is None else Decimal(value),
        source=MeasurementSource.COMPUTED,
        measured_at=timezone.now(),
    )


def _targets(indicator: LogframeIndicator, **values: str) -> None:
    for period, value in values.items():
        LogframeTarget.objects.create(indicator=indicator, period=period.lstrip("y"), value=Decimal(value))


def _enter(indicator: LogframeIndicator, period: str, value: str) -> None:
    LogframeActual.objects.create(
        indicator=indicator,
        period=period,
        value=Decimal(value),
        entered_at=timezone.now(),
        entered_by=UserFactory.create(),
    )


def _line(programme: Programme, name: str, periods: list[str] = PERIODS):
    for view in logframe_table(programme=programme, periods=periods):
        for line in view.indicators:
            if line.indicator.name == name:
                return line
    raise AssertionError(f"no line {name}")


def test_rows_come_goal_purpose_outputs_in_their_order(programme: Programme):
    second = _row(programme, LogframeLevel.OUTPUT, 2, "second output")
    first = _row(programme, LogframeLevel.OUTPUT, 1, "first output")
    purpose = _row(programme, LogframeLevel.PURPOSE, 5, "purpose")
    goal = _row(programme, LogframeLevel.GOAL, 9, "goal")
    views = logframe_table(programme=programme, periods=PERIODS)
    assert [view.row for view in views] == [goal, purpose, first, second]


def test_a_measured_indicator_takes_the_mean_of_the_groups_measured_in_each_period(programme, groups):
    line = _indicator(_row(programme), "Inspection coverage", "inspection-coverage")
    _measure(groups[0], "inspection-coverage", "2025", "60")
    _measure(groups[1], "inspection-coverage", "2025", "80")
    _measure(groups[2], "inspection-coverage", "2025", "90")
    _measure(groups[0], "inspection-coverage", "2026", "70")
    _measure(groups[1], "inspection-coverage", "2026", None)  # no figure: not counted
    result = _line(programme, line.name)
    assert result.actuals == {"2024": None, "2025": Decimal("76.67"), "2026": Decimal("70.00")}
    assert result.actual_source == {"2024": "", "2025": MEASURED, "2026": MEASURED}
    assert result.measured_groups == {"2024": 0, "2025": 3, "2026": 1}
    assert result.latest_actual == Decimal("70.00")
    assert result.latest_actual_period == "2026"


def test_a_summed_indicator_adds_the_groups_up(programme, groups):
    line = _indicator(_row(programme), "Income, all groups", "income-per-member", Aggregation.SUM)
    _measure(groups[0], "income-per-member", "2025", "41000.50")
    _measure(groups[2], "income-per-member", "2025", "39000.25")
    assert _line(programme, line.name).actuals["2025"] == Decimal("80000.75")


def test_a_year_reads_the_split_season_that_ended_in_it(programme, groups):
    line = _indicator(_row(programme), "Income per member", "income-per-member")
    _measure(groups[0], "income-per-member", "2025/26", "50000")  # a coffee group: seasons from October
    _measure(groups[1], "income-per-member", "2026", "40000")  # a vegetable group: the calendar year
    _measure(groups[2], "income-per-member", "2026/27", "99000")  # the season under way counts for 2027
    result = _line(programme, line.name)
    assert result.actuals == {"2024": None, "2025": None, "2026": Decimal("45000.00")}
    assert result.measured_groups["2026"] == 2


def test_a_season_named_by_a_target_keeps_its_own_column(programme, groups):
    line = _indicator(_row(programme), "Income per member", "income-per-member")
    _targets(line, **{"2025/26": "45000"})
    _measure(groups[0], "income-per-member", "2025/26", "50000")
    periods = logframe_periods(programme)
    assert "2025/26" in periods
    result = _line(programme, line.name, periods)
    assert result.actuals["2025/26"] == Decimal("50000.00")
    assert result.actuals["2026"] is None


def test_measurements_of_groups_outside_the_programme_and_of_other_indicators_do_not_count(programme, groups):
    line = _indicator(_row(programme), "Inspection coverage", "inspection-coverage")
    _measure(groups[0], "inspection-coverage", "2025", "50")
    _measure(ProducerGroupFactory.create(), "inspection-coverage", "2025", "100")
    _measure(groups[1], "training-coverage", "2025", "100")
    result = _line(programme, line.name)
    assert result.actuals["2025"] == Decimal("50.00")
    assert result.measured_groups["2025"] == 1


def test_an_entered_indicator_takes_the_values_entered_for_it(programme):
    line = _indicator(_row(programme), "Groups certified")
    _enter(line, "2024", "1")
    _enter(line, "2026", "3")
    result = _line(programme, line.name)
    assert result.actuals == {"2024": Decimal("1"), "2025": None, "2026": Decimal("3")}
    assert result.actual_source == {"2024": ENTERED, "2025": "", "2026": ENTERED}


def test_a_measured_indicator_ignores_values_entered_by_hand(programme, groups):
    line = _indicator(_row(programme), "Inspection coverage", "inspection-coverage")
    _enter(line, "2025", "99")
    result = _line(programme, line.name)
    assert result.actuals["2025"] is None
    assert result.actual_source["2025"] == ""


def test_targets_baseline_and_latest_target_over_the_periods_asked(programme):
    line = _indicator(_row(programme), "Groups certified")
    line.baseline, line.baseline_period = Decimal("1"), "2024"
    line.save()
    _targets(line, y2025="2", y2026="3", y2027="4")
    result = _line(programme, line.name)
    assert result.baseline == Decimal("1")
    assert result.baseline_period == "2024"
    assert result.targets == {"2025": Decimal("2"), "2026": Decimal("3")}  # 2027 was not asked for
    assert (result.latest_target, result.latest_target_period) == (Decimal("3"), "2026")
    assert [cell.period for cell in result.cells] == PERIODS


def test_on_track_compares_the_latest_period_with_both_a_target_and_an_actual(programme):
    line = _indicator(_row(programme), "Groups certified")
    _targets(line, y2025="2", y2026="3")
    _enter(line, "2025", "2")  # met
    assert _line(programme, line.name).on_track is True
    assert _line(programme, line.name).on_track_period == "2025"
    _enter(line, "2026", "2")  # the latest with both: 2 < 3
    result = _line(programme, line.name)
    assert result.on_track is False
    assert result.on_track_period == "2026"
    assert [cell.on_track for cell in result.cells] == [None, True, False]


def test_on_track_is_none_without_a_target_or_without_an_actual(programme):
    no_target = _indicator(_row(programme), "No target")
    _enter(no_target, "2025", "5")
    no_actual = _indicator(_row(programme, order=2), "No actual")
    _targets(no_actual, y2025="5")
    apart = _indicator(_row(programme, order=3), "Target and actual in different periods")
    _targets(apart, y2026="5")
    _enter(apart, "2025", "5")
    assert _line(programme, no_target.name).on_track is None
    assert _line(programme, no_actual.name).on_track is None
    assert _line(programme, apart.name).on_track is None


def test_lower_is_better_when_the_measured_indicator_says_so(programme, groups):
    days = Indicator.objects.get(code="nc-days-to-close")
    assert days.higher_is_better is False
    line = _indicator(_row(programme), "Days to close", "nc-days-to-close")
    _targets(line, y2025="30", y2026="30")
    _measure(groups[0], "nc-days-to-close", "2025", "20")
    result = _line(programme, line.name)
    assert result.higher_is_better is False
    assert result.on_track is True  # 20 days against at most 30
    _measure(groups[0], "nc-days-to-close", "2026", "45")
    assert _line(programme, line.name).on_track is False


def test_higher_is_better_for_a_measured_indicator_that_says_so(programme, groups):
    line = _indicator(_row(programme), "Coverage", "inspection-coverage")
    _targets(line, y2025="80")
    _measure(groups[0], "inspection-coverage", "2025", "79.99")
    assert _line(programme, line.name).on_track is False
    Measurement.objects.filter(period="2025").update(value=Decimal("80"))
    assert _line(programme, line.name).on_track is True


def test_the_periods_are_the_programmes_years_and_those_its_targets_name(programme):
    line = _indicator(_row(programme), "Income")
    _targets(line, y2025="1")
    LogframeTarget.objects.create(indicator=line, period="2025/26", value=Decimal("1"))
    assert logframe_periods(programme) == ["2024", "2025", "2025/26", "2026", "2027"]


def _grow(programme: Programme, groups: int, rows: int) -> None:
    made = ProducerGroupFactory.create_batch(groups)
    programme.groups.add(*made)
    codes = ["inspection-coverage", "training-coverage", "nc-closure-rate", ""]
    for r in range(rows):
        row = _row(programme, order=r + 10)
        for code in codes:
            line = _indicator(row, f"{row.pk} {code or 'entered'}", code)
            _targets(line, y2024="10", y2025="20", y2026="30")
            if not code:
                _enter(line, "2025", "15")
    for group in made:
        for code in codes[:-1]:
            for period in PERIODS:
                _measure(group, code, period, "50")


def test_the_table_takes_a_fixed_number_of_queries(programme):
    _grow(programme, groups=2, rows=1)
    with CaptureQueriesContext(connection) as small:
        logframe_table(programme=programme, periods=PERIODS)
    _grow(programme, groups=25, rows=5)
    with CaptureQueriesContext(connection) as large:
        views = logframe_table(programme=programme, periods=[*PERIODS, "2027"])
    assert sum(len(view.indicators) for view in views) == 24
    assert views[-1].indicators[0].measured_groups["2025"] == 27
    assert len(small) == len(large) == 5
