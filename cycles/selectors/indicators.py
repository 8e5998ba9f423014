"""Read-side queries of the indicators page: every indicator with the group's values over the periods measured,
latest first, in a fixed number of queries whatever the number of measurements."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup

from ..indicators import COMPUTATIONS
from ..models import Indicator, Measurement, ProductionRecord

# The table shows this many periods, the latest; older ones stay stored (and in the reports).
PERIOD_COLUMNS = 6


@dataclass
class IndicatorRow:
    indicator: Indicator
    # One cell per period of the table, None where the indicator was not measured.
    cells: list[Measurement | None] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        return bool(self.indicator.computation)

    @property
    def period_kind(self) -> str:
        computation = COMPUTATIONS.get(self.indicator.computation)
        return computation.period_kind if computation is not None else ""

    @property
    def latest(self) -> Measurement | None:
        return next((cell for cell in self.cells if cell is not None), None)

    @property
    def trend(self) -> str:
        """Whether the latest value is "better", "worse" or the "same" as the one before; empty with fewer than two."""
        values = [cell.value for cell in self.cells if cell is not None and cell.value is not None][:2]
        if len(values) < 2 or values[0] == values[1]:
            return "same" if len(values) == 2 else ""
        rose = values[0] > values[1]
        return "better" if rose == self.indicator.higher_is_better else "worse"


@dataclass
class IndicatorSection:
    """The indicators measured over one kind of period, with the latest periods they were measured for."""

    kind: str
    title: str
    periods: list[str] = field(default_factory=list)
    rows: list[IndicatorRow] = field(default_factory=list)
    older_periods: int = 0


SECTIONS = [
    ("year", _("Per year: the internal control system at work")),
    ("season", _("Per season: production and income")),
    ("", _("Entered by hand")),
]


def indicator_sections(group: ProducerGroup) -> list[IndicatorSection]:
    """Every indicator with the group's values, in one table per kind of period (years, seasons, entered by hand),
    each with its own latest periods first. Two queries whatever the number of measurements."""
    sections = {kind: IndicatorSection(kind=kind, title=str(title)) for kind, title in SECTIONS}
    rows: dict[int, IndicatorRow] = {}
    for indicator in Indicator.objects.order_by("order", "name"):
        row = IndicatorRow(indicator)
        rows[indicator.pk] = row
        sections[row.period_kind if row.computed else ""].rows.append(row)
    measured: dict[int, dict[str, Measurement]] = {pk: {} for pk in rows}
    for measurement in Measurement.objects.filter(group=group).select_related("measured_by"):
        if measurement.indicator_id in measured:
            measured[measurement.indicator_id][measurement.period] = measurement
    for section in sections.values():
        periods = sorted({period for row in section.rows for period in measured[row.indicator.pk]}, reverse=True)
        section.periods = periods[:PERIOD_COLUMNS]
        section.older_periods = len(periods) - len(section.periods)
        for row in section.rows:
            row.cells = [measured[row.indicator.pk].get(period) for period in section.periods]
    return list(sections.values())


def period_choices(group: ProducerGroup) -> list[str]:
    """The periods worth measuring: this year and last year, and the seasons with production records."""
    year = timezone.localdate().year
    seasons = (
        ProductionRecord.objects.filter(member__group=group)
        .order_by("-season")
        .values_list("season", flat=True)
        .distinct()[:PERIOD_COLUMNS]
    )
    return sorted({str(year), str(year - 1), *seasons}, reverse=True)
