"""The programme services: the groups a programme supports, framework rows, indicators, targets and values entered
by hand. Only coordinators change them; every refusal has a code and a clear message."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cycles.models import (
    Aggregation,
    Indicator,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
)
from cycles.services.programmes import (
    logframe_actual_enter,
    logframe_indicator_create,
    logframe_indicator_delete,
    logframe_indicator_update,
    logframe_row_create,
    logframe_row_delete,
    logframe_row_update,
    logframe_target_set,
    programme_groups_set,
)
from producers.models import Programme

from ..conftest import Scope
from ..factories import ProducerGroupFactory
from ..helpers import error_codes

NOT_COORDINATORS = ["field_officer", "group_manager", "donor", "outsider"]


@pytest.fixture
def programme(scope: Scope) -> Programme:
    return Programme.objects.get(groups=scope.group)


@pytest.fixture
def row(scope: Scope, programme: Programme) -> LogframeRow:
    return logframe_row_create(
        programme=programme, by=scope.coordinator, level=LogframeLevel.OUTPUT, statement="Farmers are trained."
    )


@pytest.fixture
def entered(scope: Scope, row: LogframeRow) -> LogframeIndicator:
    return logframe_indicator_create(row=row, by=scope.coordinator, name="Lead farmers trained", unit="people")


@pytest.fixture
def measured(scope: Scope, row: LogframeRow) -> LogframeIndicator:
    return logframe_indicator_create(
        row=row,
        by=scope.coordinator,
        name="Training coverage",
        indicator=Indicator.objects.get(code="training-coverage"),
    )


# --- Groups -----------------------------------------------------------------------------------------------------


def test_setting_the_groups_adds_and_removes_and_says_which(scope: Scope, programme: Programme):
    newcomer = ProducerGroupFactory.create()
    added, removed = programme_groups_set(programme=programme, groups=[newcomer], by=scope.coordinator)
    assert added == [newcomer]
    assert removed == [scope.group]
    assert list(programme.groups.all()) == [newcomer]
    assert programme_groups_set(programme=programme, groups=[newcomer], by=scope.coordinator) == ([], [])


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_a_coordinator_changes_the_groups(scope: Scope, programme: Programme, role: str):
    with pytest.raises(PermissionDenied):
        programme_groups_set(programme=programme, groups=[], by=scope.users()[role])
    assert list(programme.groups.all()) == [scope.group]


# --- Rows -------------------------------------------------------------------------------------------------------


def test_a_new_output_goes_after_the_others(scope: Scope, programme: Programme, row: LogframeRow):
    second = logframe_row_create(
        programme=programme,
        by=scope.coordinator,
        level=LogframeLevel.OUTPUT,
        statement="  Groups sell certified.  ",
        assumptions=" Buyers keep their word. ",
    )
    assert (row.order, second.order) == (1, 2)
    assert second.statement == "Groups sell certified."
    assert second.assumptions == "Buyers keep their word."


def test_a_framework_has_one_goal_and_one_purpose(scope: Scope, programme: Programme):
    goal = logframe_row_create(programme=programme, by=scope.coordinator, level=LogframeLevel.GOAL, statement="A")
    with pytest.raises(ValidationError) as refused:
        logframe_row_create(programme=programme, by=scope.coordinator, level=LogframeLevel.GOAL, statement="B")
    assert error_codes(refused.value) == {"level_taken"}
    assert "already has a goal" in str(refused.value)
    purpose = logframe_row_create(programme=programme, by=scope.coordinator, level=LogframeLevel.PURPOSE, statement="P")
    with pytest.raises(ValidationError) as refused:
        logframe_row_update(
            row=purpose, by=scope.coordinator, level=LogframeLevel.GOAL, statement="P", assumptions="", order=1
        )
    assert error_codes(refused.value) == {"level_taken"}
    # Saving the goal itself is not a second goal.
    logframe_row_update(
        row=goal, by=scope.coordinator, level=LogframeLevel.GOAL, statement="A, better", assumptions="", order=1
    )
    goal.refresh_from_db()
    assert goal.statement == "A, better"


@pytest.mark.parametrize(
    ("level", "statement", "code"),
    [("output", "   ", "statement_required"), ("impact", "Something", "level_invalid")],
)
def test_a_row_needs_a_level_and_a_statement(scope: Scope, programme: Programme, level, statement, code):
    with pytest.raises(ValidationError) as refused:
        logframe_row_create(programme=programme, by=scope.coordinator, level=level, statement=statement)
    assert error_codes(refused.value) == {code}


def test_deleting_a_row_deletes_its_indicators_targets_and_values(scope: Scope, row, entered):
    logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("20"))
    with time_machine.travel(datetime.date(2025, 6, 1)):
        logframe_actual_enter(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("8"))
    logframe_row_delete(row=row, by=scope.coordinator)
    assert not LogframeIndicator.objects.exists()
    assert not LogframeTarget.objects.exists()
    assert not LogframeActual.objects.exists()


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_a_coordinator_changes_rows(scope: Scope, programme: Programme, row: LogframeRow, role: str):
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        logframe_row_create(programme=programme, by=user, level=LogframeLevel.OUTPUT, statement="X")
    with pytest.raises(PermissionDenied):
        logframe_row_update(row=row, by=user, level=LogframeLevel.OUTPUT, statement="X", assumptions="", order=1)
    with pytest.raises(PermissionDenied):
        logframe_row_delete(row=row, by=user)
    assert LogframeRow.objects.get().statement == "Farmers are trained."


# --- Indicators -------------------------------------------------------------------------------------------------


def test_a_measured_indicator_takes_its_unit_from_the_measured_indicator(measured: LogframeIndicator):
    assert measured.unit == "%"
    assert measured.aggregation == Aggregation.MEAN


def test_an_entered_indicator_has_nothing_to_aggregate(scope: Scope, row: LogframeRow):
    created = logframe_indicator_create(
        row=row, by=scope.coordinator, name="Groups certified", unit="groups", aggregation=Aggregation.SUM
    )
    assert created.aggregation == Aggregation.MEAN


def test_a_summed_measured_indicator_is_kept(scope: Scope, row: LogframeRow):
    created = logframe_indicator_create(
        row=row,
        by=scope.coordinator,
        name="Income, all groups",
        indicator=Indicator.objects.get(code="income-per-member"),
        aggregation=Aggregation.SUM,
    )
    assert created.aggregation == Aggregation.SUM


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "  "}, "name_required"),
        ({"name": "x" * 201}, "name_too_long"),
        ({"name": "lead farmers TRAINED"}, "name_taken"),
        ({"unit": "u" * 41}, "unit_too_long"),
        ({"aggregation": "median"}, "aggregation_invalid"),
        ({"indicator": "training-coverage", "aggregation": Aggregation.SUM}, "sum_of_shares"),
        ({"baseline": Decimal("3")}, "baseline_period_required"),
        ({"baseline_period": "2024"}, "baseline_required"),
        ({"baseline": Decimal("3"), "baseline_period": "last year"}, "period_format"),
        ({"baseline": Decimal("3"), "baseline_period": "2024/26"}, "period_format"),
        ({"baseline": Decimal("101"), "baseline_period": "2024", "unit": "%"}, "share_out_of_range"),
        ({"baseline": Decimal("-1"), "baseline_period": "2024", "unit": "%"}, "share_out_of_range"),
    ],
)
def test_an_indicator_is_refused_with_a_code(scope: Scope, row: LogframeRow, entered, changes, code):
    values = {"name": "Groups certified", "unit": "groups"} | changes
    if "indicator" in values:
        values["indicator"] = Indicator.objects.get(code=values["indicator"])
    with pytest.raises(ValidationError) as refused:
        logframe_indicator_create(row=row, by=scope.coordinator, **values)
    assert error_codes(refused.value) == {code}


def test_an_indicator_with_a_baseline_for_a_season(scope: Scope, row: LogframeRow):
    created = logframe_indicator_create(
        row=row, by=scope.coordinator, name="Yield", unit="kg/ha", baseline=Decimal("640"), baseline_period=" 2024/25 "
    )
    assert (created.baseline, created.baseline_period) == (Decimal("640"), "2024/25")


def test_updating_an_indicator_keeps_its_own_name_free(scope: Scope, entered: LogframeIndicator):
    logframe_indicator_update(
        logframe_indicator=entered,
        by=scope.coordinator,
        name="Lead farmers trained",
        indicator=None,
        aggregation=Aggregation.MEAN,
        unit="people",
        baseline=Decimal("0"),
        baseline_period="2024",
        means_of_verification="  Attendance certificates. ",
    )
    entered.refresh_from_db()
    assert entered.means_of_verification == "Attendance certificates."
    assert entered.baseline == Decimal("0")


def test_an_indicator_with_entered_values_is_not_linked_to_measurements(scope: Scope, entered: LogframeIndicator):
    with time_machine.travel(datetime.date(2025, 6, 1)):
        logframe_actual_enter(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("8"))
    with pytest.raises(ValidationError) as refused:
        logframe_indicator_update(
            logframe_indicator=entered,
            by=scope.coordinator,
            name=entered.name,
            indicator=Indicator.objects.get(code="training-coverage"),
            aggregation=Aggregation.MEAN,
            unit="%",
            baseline=None,
            baseline_period="",
            means_of_verification="",
        )
    assert error_codes(refused.value) == {"entered_actuals_exist"}
    # Once the value is removed, the link is allowed.
    logframe_actual_enter(logframe_indicator=entered, by=scope.coordinator, period="2025", value=None)
    logframe_indicator_update(
        logframe_indicator=entered,
        by=scope.coordinator,
        name=entered.name,
        indicator=Indicator.objects.get(code="training-coverage"),
        aggregation=Aggregation.MEAN,
        unit="%",
        baseline=None,
        baseline_period="",
        means_of_verification="",
    )
    assert entered.indicator is not None


def test_deleting_an_indicator(scope: Scope, entered: LogframeIndicator):
    logframe_indicator_delete(logframe_indicator=entered, by=scope.coordinator)
    assert not LogframeIndicator.objects.exists()


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_a_coordinator_changes_indicators(scope: Scope, row: LogframeRow, entered: LogframeIndicator, role):
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        logframe_indicator_create(row=row, by=user, name="Other")
    with pytest.raises(PermissionDenied):
        logframe_indicator_update(
            logframe_indicator=entered,
            by=user,
            name="Renamed",
            indicator=None,
            aggregation=Aggregation.MEAN,
            unit="",
            baseline=None,
            baseline_period="",
            means_of_verification="",
        )
    with pytest.raises(PermissionDenied):
        logframe_indicator_delete(logframe_indicator=entered, by=user)
    assert list(LogframeIndicator.objects.values_list("name", flat=True)) == ["Lead farmers trained"]


# --- Targets ----------------------------------------------------------------------------------------------------


def test_a_target_is_set_replaced_and_removed(scope: Scope, entered: LogframeIndicator):
    first = logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("20"))
    again = logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("25"))
    assert first is not None
    assert again is not None
    assert first.pk == again.pk
    assert LogframeTarget.objects.get().value == Decimal("25")
    assert logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period="2025", value=None) is None
    assert not LogframeTarget.objects.exists()


@pytest.mark.parametrize(
    ("period", "value", "code"),
    [
        ("next year", Decimal("1"), "period_format"),
        ("2023", Decimal("1"), "period_outside_programme"),  # the scope's programme runs 2024 to 2027
        ("2028", Decimal("1"), "period_outside_programme"),
        ("2027/28", Decimal("1"), None),  # starts in the programme's last year
    ],
)
def test_a_target_period_is_a_year_or_season_of_the_programme(scope: Scope, entered, period, value, code):
    if code is None:
        assert logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period=period, value=value)
        return
    with pytest.raises(ValidationError) as refused:
        logframe_target_set(logframe_indicator=entered, by=scope.coordinator, period=period, value=value)
    assert error_codes(refused.value) == {code}


def test_a_share_target_lies_between_0_and_100(scope: Scope, measured: LogframeIndicator):
    with pytest.raises(ValidationError) as refused:
        logframe_target_set(logframe_indicator=measured, by=scope.coordinator, period="2025", value=Decimal("120"))
    assert error_codes(refused.value) == {"share_out_of_range"}


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_a_coordinator_sets_targets(scope: Scope, entered: LogframeIndicator, role: str):
    with pytest.raises(PermissionDenied):
        logframe_target_set(logframe_indicator=entered, by=scope.users()[role], period="2025", value=Decimal("1"))


# --- Entered values ---------------------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_value_is_entered_with_who_and_when_and_replaced(scope: Scope, entered: LogframeIndicator):
    actual = logframe_actual_enter(
        logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("8"), note=" Attendance list "
    )
    assert actual is not None
    assert (actual.value, actual.note, actual.entered_by) == (Decimal("8"), "Attendance list", scope.coordinator)
    assert actual.entered_at.date() == datetime.date(2025, 6, 1)
    logframe_actual_enter(logframe_indicator=entered, by=scope.coordinator, period="2025", value=Decimal("9"))
    assert LogframeActual.objects.get().value == Decimal("9")


def test_a_measured_indicator_refuses_values_entered_by_hand(scope: Scope, measured: LogframeIndicator):
    with pytest.raises(ValidationError) as refused:
        logframe_actual_enter(logframe_indicator=measured, by=scope.coordinator, period="2025", value=Decimal("50"))
    assert error_codes(refused.value) == {"measured_indicator"}
    assert "Training coverage" in refused.value.messages[0]
    assert not LogframeActual.objects.exists()


@time_machine.travel(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("period", "value", "note", "code"),
    [
        ("2026", Decimal("1"), "", "period_in_future"),
        ("2023", Decimal("1"), "", "period_outside_programme"),
        ("25", Decimal("1"), "", "period_format"),
        ("2025", Decimal("1"), "n" * 301, "note_too_long"),
    ],
)
def test_an_entered_value_is_refused_with_a_code(scope: Scope, entered, period, value, note, code):
    with pytest.raises(ValidationError) as refused:
        logframe_actual_enter(logframe_indicator=entered, by=scope.coordinator, period=period, value=value, note=note)
    assert error_codes(refused.value) == {code}


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_a_coordinator_enters_values(scope: Scope, entered: LogframeIndicator, role: str):
    with pytest.raises(PermissionDenied):
        logframe_actual_enter(logframe_indicator=entered, by=scope.users()[role], period="2025", value=Decimal("1"))
