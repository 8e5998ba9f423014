"""Measuring a group's indicators: computed from the records (cycles.indicators) or entered by hand for those the
records cannot give (the buyer's grading, the cost of certification). One measurement per group, indicator and
period; measuring again replaces it."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User
from producers.records_version import changes_records, records_changed

from ..indicators import COMPUTATIONS, is_season, is_year
from ..models import Indicator, Measurement, MeasurementSource
from .permissions import require_change

NOTE_MAX_LENGTH = 300
PERCENT_UNIT = "%"


@dataclass(frozen=True)
class Measured:
    """What measuring one indicator gave: a value (or None, and why), and whether a measurement was stored."""

    indicator: Indicator
    value: Decimal | None
    note: str
    stored: bool


def clean_period(period: str) -> str:
    """A year ("2026") or a season as the production records write it ("2025/26")."""
    period = period.strip()
    if not (is_year(period) or is_season(period)):
        raise ValidationError(_("Write the period as a year (2026) or a season (2025/26)."), code="period_format")
    return period


@transaction.atomic
def measure_group(*, group: ProducerGroup, period: str, by: User) -> list[Measured]:
    """Compute every computed indicator that fits the period (a year fits both kinds, a split season only the
    seasonal ones) and store each value as the group's measurement for the period.

    A figure the records cannot give (None) does not create a measurement, but it does replace an earlier one:
    a measurement never outlives the records it was computed from.
    """
    require_change(by, group)
    period = clean_period(period)
    measured_before = set(Measurement.objects.filter(group=group, period=period).values_list("indicator_id", flat=True))
    now = timezone.now()
    results = []
    for indicator in Indicator.objects.exclude(computation="").order_by("order", "name"):
        computation = COMPUTATIONS.get(indicator.computation)
        if computation is None or not computation.accepts(period):
            continue
        value, note = computation(group, period)
        stored = value is not None or indicator.pk in measured_before
        if stored:
            Measurement.objects.update_or_create(
                group=group,
                indicator=indicator,
                period=period,
                defaults={
                    "value": value,
                    "source": MeasurementSource.COMPUTED,
                    "note": note[:NOTE_MAX_LENGTH],
                    "measured_at": now,
                    "measured_by": by,
                },
            )
        results.append(Measured(indicator=indicator, value=value, note=note, stored=stored))
    records_changed([group.pk])  # the programme page shows the measurements of its groups
    return results


@changes_records
@transaction.atomic
def measurement_enter(
    *, group: ProducerGroup, indicator: Indicator, period: str, value: Decimal, by: User, note: str = ""
) -> Measurement:
    """Enter the value of an indicator that the records cannot compute, for a period. Entering it again for the
    same period replaces the value."""
    require_change(by, group)
    if indicator.computation:
        raise ValidationError(
            _("“%(indicator)s” is computed from the records: measure it instead of entering it.")
            % {"indicator": indicator.name},
            code="computed_indicator",
        )
    period = clean_period(period)
    if value is None:
        raise ValidationError(_("Enter a value."), code="value_required")
    if value < 0:
        raise ValidationError(_("The value cannot be negative."), code="negative")
    if indicator.unit == PERCENT_UNIT and value > 100:
        raise ValidationError(_("A share cannot be more than 100%."), code="share_above_100")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note within %(max)d characters.") % {"max": NOTE_MAX_LENGTH}, code="note_too_long"
        )
    measurement, _created = Measurement.objects.update_or_create(
        group=group,
        indicator=indicator,
        period=period,
        defaults={
            "value": value,
            "source": MeasurementSource.ENTERED,
            "note": note,
            "measured_at": timezone.now(),
            "measured_by": by,
        },
    )
    return measurement
