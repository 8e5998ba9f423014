"""Support programmes and their logical frameworks: which groups a programme supports, its framework rows (goal,
purpose, outputs), their indicators with baseline and targets, and the actual values entered by hand for the
indicators that no measurement covers. Coordinators make every change; donors only read.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, Programme, User
from producers.records_version import changes_programme
from producers.selectors import roles_of

from ..models import (
    Aggregation,
    Indicator,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
)
from .indicators import PERCENT_UNIT, clean_period

NAME_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 300
# A logical framework has one goal and one purpose; it may have any number of outputs.
SINGLE_LEVELS = {LogframeLevel.GOAL, LogframeLevel.PURPOSE}


def _require_coordinator(user: User) -> None:
    if not roles_of(user).coordinator:
        raise PermissionDenied(_("Only a coordinator changes a programme and its logical framework."))


def _first_year(period: str) -> int:
    return int(period[:4])


def _within_programme(programme: Programme, period: str) -> None:
    if not programme.starts_on.year <= _first_year(period) <= programme.ends_on.year:
        raise ValidationError(
            _("%(period)s is outside the programme, which runs from %(start)d to %(end)d.")
            % {"period": period, "start": programme.starts_on.year, "end": programme.ends_on.year},
            code="period_outside_programme",
        )


def _check_value(value: Decimal, unit: str, *, field: str) -> None:
    if unit.strip() == PERCENT_UNIT and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(
            {field: ValidationError(_("A share lies between 0 and 100%."), code="share_out_of_range")}
        )


# --- The programme's groups -------------------------------------------------------------------------------------


@changes_programme
@transaction.atomic
def programme_groups_set(
    *, programme: Programme, groups: Iterable[ProducerGroup], by: User
) -> tuple[list[ProducerGroup], list[ProducerGroup]]:
    """Make `groups` the groups the programme supports; return the groups added and the groups removed.

    A donor sees the groups of their funder's programmes, so this also decides what the funder's people may read.
    """
    _require_coordinator(by)
    wanted = {group.pk: group for group in groups}
    current = {group.pk: group for group in programme.groups.select_related("organisation")}
    added = [group for pk, group in wanted.items() if pk not in current]
    removed = [group for pk, group in current.items() if pk not in wanted]
    if added:
        programme.groups.add(*added)
    if removed:
        programme.groups.remove(*removed)
    return added, removed


# --- Rows -------------------------------------------------------------------------------------------------------


def _clean_row(
    *, programme: Programme, level: str, statement: str, assumptions: str, row: LogframeRow | None = None
) -> tuple[str, str]:
    if level not in LogframeLevel.values:
        raise ValidationError({"level": ValidationError(_("Choose goal, purpose or output."), code="level_invalid")})
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(
            {"statement": ValidationError(_("Say what the row is meant to achieve."), code="statement_required")}
        )
    if level in SINGLE_LEVELS:
        others = LogframeRow.objects.filter(programme=programme, level=level)
        if row is not None:
            others = others.exclude(pk=row.pk)
        if others.exists():
            raise ValidationError(
                {
                    "level": ValidationError(
                        _("The programme already has a %(level)s: a logical framework has only one. Edit it instead.")
                        % {"level": LogframeLevel(level).label.lower()},
                        code="level_taken",
                    )
                }
            )
    return statement, (assumptions or "").strip()


@changes_programme
@transaction.atomic
def logframe_row_create(
    *,
    programme: Programme,
    by: User,
    level: str,
    statement: str,
    assumptions: str = "",
    order: int | None = None,
) -> LogframeRow:
    """Add a row to the programme's framework. Without `order` an output goes after the programme's other outputs."""
    _require_coordinator(by)
    # One goal and one purpose per programme: the check reads the rows, so two coordinators adding a goal at the
    # same moment are made to wait for each other on the programme row.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    statement, assumptions = _clean_row(programme=programme, level=level, statement=statement, assumptions=assumptions)
    if order is None:
        last = LogframeRow.objects.filter(programme=programme, level=level).aggregate(last=Max("order"))["last"]
        order = 1 if last is None else last + 1
    return LogframeRow.objects.create(
        programme=programme, level=level, order=order, statement=statement, assumptions=assumptions
    )


@changes_programme
@transaction.atomic
def logframe_row_update(
    *, row: LogframeRow, by: User, level: str, statement: str, assumptions: str, order: int
) -> LogframeRow:
    _require_coordinator(by)
    Programme.objects.select_for_update().filter(pk=row.programme_id).first()
    statement, assumptions = _clean_row(
        programme=row.programme, level=level, statement=statement, assumptions=assumptions, row=row
    )
    row.level, row.statement, row.assumptions, row.order = level, statement, assumptions, order
    row.save(update_fields=["level", "statement", "assumptions", "order"])
    return row


@changes_programme
@transaction.atomic
def logframe_row_delete(*, row: LogframeRow, by: User) -> None:
    """Delete a row with its indicators, their targets and the values entered for them."""
    _require_coordinator(by)
    row.delete()


# --- Indicators -------------------------------------------------------------------------------------------------


def _clean_indicator(
    *,
    row: LogframeRow,
    name: str,
    indicator: Indicator | None,
    aggregation: str,
    unit: str,
    baseline: Decimal | None,
    baseline_period: str,
    means_of_verification: str,
    existing: LogframeIndicator | None = None,
) -> dict[str, object]:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Name the indicator."), code="name_required")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": ValidationError(
                    _("Keep the name within %(max)d characters.") % {"max": NAME_MAX_LENGTH}, code="name_too_long"
                )
            }
        )
    same_name = LogframeIndicator.objects.filter(row=row, name__iexact=name)
    if existing is not None:
        same_name = same_name.exclude(pk=existing.pk)
    if same_name.exists():
        raise ValidationError(
            {"name": ValidationError(_("This row already has an indicator of that name."), code="name_taken")}
        )
    if aggregation not in Aggregation.values:
        raise ValidationError(
            {"aggregation": ValidationError(_("Choose the mean or the sum."), code="aggregation_invalid")}
        )
    unit = (unit or "").strip() or (indicator.unit if indicator is not None else "")
    if len(unit) > UNIT_MAX_LENGTH:
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("Keep the unit within %(max)d characters.") % {"max": UNIT_MAX_LENGTH}, code="unit_too_long"
                )
            }
        )
    if indicator is None:
        # Entered values are one figure for the whole programme: there is nothing to aggregate.
        aggregation = Aggregation.MEAN
    elif aggregation == Aggregation.SUM and PERCENT_UNIT in (indicator.unit, unit):
        raise ValidationError(
            {
                "aggregation": ValidationError(
                    _("Shares cannot be added up across groups: take their mean."), code="sum_of_shares"
                )
            }
        )
    baseline_period = (baseline_period or "").strip()
    if baseline is not None and not baseline_period:
        raise ValidationError(
            {
                "baseline_period": ValidationError(
                    _("Say which period the baseline was measured in."), code="baseline_period_required"
                )
            }
        )
    if baseline is None and baseline_period:
        raise ValidationError(
            {"baseline": ValidationError(_("Enter the baseline value for its period."), code="baseline_required")}
        )
    if baseline_period:
        try:
            baseline_period = clean_period(baseline_period)
        except ValidationError as error:
            raise ValidationError({"baseline_period": error}) from None
    if baseline is not None:
        _check_value(baseline, unit, field="baseline")
    if (
        indicator is not None
        and existing is not None
        and existing.indicator_id != indicator.pk
        and existing.actuals.exists()
    ):
        raise ValidationError(
            {
                "indicator": ValidationError(
                    _(
                        "Values were entered by hand for this indicator. Clear them before its values come from the "
                        "groups' measurements."
                    ),
                    code="entered_actuals_exist",
                )
            }
        )
    return {
        "name": name,
        "indicator": indicator,
        "aggregation": aggregation,
        "unit": unit,
        "baseline": baseline,
        "baseline_period": baseline_period,
        "means_of_verification": (means_of_verification or "").strip(),
    }


@changes_programme
@transaction.atomic
def logframe_indicator_create(
    *,
    row: LogframeRow,
    by: User,
    name: str,
    indicator: Indicator | None = None,
    aggregation: str = Aggregation.MEAN,
    unit: str = "",
    baseline: Decimal | None = None,
    baseline_period: str = "",
    means_of_verification: str = "",
) -> LogframeIndicator:
    """Add an indicator to a framework row. With `indicator` (a measured indicator), its actual values come from
    the programme's groups' measurements, aggregated by `aggregation`; without, they are entered by hand."""
    _require_coordinator(by)
    values = _clean_indicator(
        row=row,
        name=name,
        indicator=indicator,
        aggregation=aggregation,
        unit=unit,
        baseline=baseline,
        baseline_period=baseline_period,
        means_of_verification=means_of_verification,
    )
    return LogframeIndicator.objects.create(row=row, **values)


@changes_programme
@transaction.atomic
def logframe_indicator_update(
    *,
    logframe_indicator: LogframeIndicator,
    by: User,
    name: str,
    indicator: Indicator | None,
    aggregation: str,
    unit: str,
    baseline: Decimal | None,
    baseline_period: str,
    means_of_verification: str,
) -> LogframeIndicator:
    _require_coordinator(by)
    values = _clean_indicator(
        row=logframe_indicator.row,
        name=name,
        indicator=indicator,
        aggregation=aggregation,
        unit=unit,
        baseline=baseline,
        baseline_period=baseline_period,
        means_of_verification=means_of_verification,
        existing=logframe_indicator,
    )
    for name_, value in values.items():
        setattr(logframe_indicator, name_, value)
    logframe_indicator.save(update_fields=list(values))
    return logframe_indicator


@changes_programme
@transaction.atomic
def logframe_indicator_delete(*, logframe_indicator: LogframeIndicator, by: User) -> None:
    _require_coordinator(by)
    logframe_indicator.delete()


# --- Targets and entered values ---------------------------------------------------------------------------------


@changes_programme
@transaction.atomic
def logframe_target_set(
    *, logframe_indicator: LogframeIndicator, by: User, period: str, value: Decimal | None
) -> LogframeTarget | None:
    """Set the indicator's target for a period, replacing the one there was; without a value, remove it."""
    _require_coordinator(by)
    period = clean_period(period)
    _within_programme(logframe_indicator.row.programme, period)
    if value is None:
        LogframeTarget.objects.filter(indicator=logframe_indicator, period=period).delete()
        return None
    _check_value(value, logframe_indicator.unit, field="value")
    target, _created = LogframeTarget.objects.update_or_create(
        indicator=logframe_indicator, period=period, defaults={"value": value}
    )
    return target


def require_entered(logframe_indicator: LogframeIndicator) -> None:
    """Refuse a value entered by hand for an indicator whose values come from the groups' measurements."""
    if logframe_indicator.indicator_id is not None:
        raise ValidationError(
            _(
                "“%(name)s” takes its values from the groups' measurements of “%(indicator)s”: they cannot be "
                "entered by hand. Measure the groups' indicators instead."
            )
            % {"name": logframe_indicator.name, "indicator": logframe_indicator.indicator},
            code="measured_indicator",
        )


@changes_programme
@transaction.atomic
def logframe_actual_enter(
    *,
    logframe_indicator: LogframeIndicator,
    by: User,
    period: str,
    value: Decimal | None,
    note: str = "",
) -> LogframeActual | None:
    """Enter the actual value of an indicator that no measurement covers, for a period, replacing the one there
    was; without a value, remove it. A measured indicator's values come from the groups' measurements only."""
    _require_coordinator(by)
    require_entered(logframe_indicator)
    period = clean_period(period)
    _within_programme(logframe_indicator.row.programme, period)
    if value is None:
        LogframeActual.objects.filter(indicator=logframe_indicator, period=period).delete()
        return None
    now = timezone.now()
    if _first_year(period) > timezone.localdate(now).year:
        raise ValidationError(
            _("%(period)s has not begun: an actual value can be entered once the period is under way.")
            % {"period": period},
            code="period_in_future",
        )
    _check_value(value, logframe_indicator.unit, field="value")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Keep the source within %(max)d characters.") % {"max": NOTE_MAX_LENGTH}, code="note_too_long"
                )
            }
        )
    actual, _created = LogframeActual.objects.update_or_create(
        indicator=logframe_indicator,
        period=period,
        defaults={"value": value, "note": note, "entered_at": now, "entered_by": by},
    )
    return actual
