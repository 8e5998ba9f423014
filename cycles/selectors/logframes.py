"""Read-side queries of support programmes and their logical frameworks.

`logframe_table` is what the programme page and the donor's progress report show: every row of a programme's
logical framework (goal, purpose, outputs in order) with its indicators, their baseline, targets and actual
values per period, and whether each is on track. Actual values of an indicator linked to a measured indicator
come from the measurements of the programme's groups, aggregated in the database; the others are entered by hand.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Case, CharField, Count, F, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404

from producers.models import ProducerGroup, Programme, User
from producers.selectors import groups_visible_to, programmes_visible_to, roles_of

from ..models import (
    Aggregation,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    Measurement,
)
from .phases import group_rows

MEASURED = "measured"
ENTERED = "entered"
TWO_PLACES = Decimal("0.01")

# Goal first, then purpose, then the outputs: the order a logical framework is read in.
LEVEL_RANK = {LogframeLevel.GOAL: 0, LogframeLevel.PURPOSE: 1, LogframeLevel.OUTPUT: 2}


# --- Access -----------------------------------------------------------------------------------------------------


def can_edit_logframes(user: User) -> bool:
    """Coordinators keep the programmes' groups and logical frameworks; donors read them; nobody else sees them."""
    return roles_of(user).coordinator


def programme_get_for_user(*, user: User, pk: int) -> Programme:
    """The programme if the user may read it: 404 outside the user's programmes, so ids reveal nothing."""
    return get_object_or_404(programmes_visible_to(user), pk=pk)


def programme_get_for_editor(*, user: User, pk: int) -> Programme:
    """The programme, to change it: 403 for everyone but a coordinator (who sees every programme)."""
    if not can_edit_logframes(user):
        raise PermissionDenied
    return get_object_or_404(Programme.objects.select_related("funder"), pk=pk)


def logframe_row_get_for_editor(*, user: User, pk: int) -> LogframeRow:
    if not can_edit_logframes(user):
        raise PermissionDenied
    return get_object_or_404(LogframeRow.objects.select_related("programme"), pk=pk)


def logframe_indicator_get_for_editor(*, user: User, pk: int) -> LogframeIndicator:
    if not can_edit_logframes(user):
        raise PermissionDenied
    return get_object_or_404(
        LogframeIndicator.objects.select_related("row__programme", "indicator"),
        pk=pk,
    )


# --- Programmes -------------------------------------------------------------------------------------------------


def programme_rows(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes with what a list row shows: funder, implementers and the number of groups. Three queries."""
    return (
        programmes.select_related("funder")
        .annotate(group_count=Count("groups", distinct=True))
        .prefetch_related("implementers")
        .order_by("-starts_on", "name")
    )


def programme_groups(*, programme: Programme, user: User) -> QuerySet[ProducerGroup]:
    """The groups a programme supports, as far as the user may see them, with their current phase."""
    return group_rows(groups_visible_to(user).filter(pk__in=programme.groups.values("pk")))


def programme_years(programme: Programme) -> list[str]:
    return [str(year) for year in range(programme.starts_on.year, programme.ends_on.year + 1)]


def logframe_periods(programme: Programme) -> list[str]:
    """The periods the programme's framework is read over: the programme's years and every period a target or an
    entered value names (a season such as "2025/26", say). One query."""
    periods = set(programme_years(programme))
    periods.update(
        LogframeTarget.objects.filter(indicator__row__programme=programme)
        .order_by()
        .values_list("period", flat=True)
        .union(
            LogframeActual.objects.filter(indicator__row__programme=programme)
            .order_by()
            .values_list("period", flat=True)
        )
    )
    return sorted(periods)


# --- The logical framework table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodCell:
    """One period of an indicator line, for templates that cannot look dictionaries up by a variable key."""

    period: str
    target: Decimal | None
    actual: Decimal | None
    source: str
    groups: int  # how many groups' measurements make a measured actual; 0 otherwise
    on_track: bool | None


@dataclass
class IndicatorLine:
    indicator: LogframeIndicator
    baseline: Decimal | None
    baseline_period: str
    targets: dict[str, Decimal]
    actuals: dict[str, Decimal | None]
    actual_source: dict[str, str]
    measured_groups: dict[str, int]
    higher_is_better: bool
    latest_actual: Decimal | None = None
    latest_actual_period: str = ""
    latest_target: Decimal | None = None
    latest_target_period: str = ""
    on_track: bool | None = None
    on_track_period: str = ""
    cells: list[PeriodCell] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return self.indicator.indicator_id is not None

    @property
    def unit(self) -> str:
        return self.indicator.unit


@dataclass
class LogframeRowView:
    row: LogframeRow
    indicators: list[IndicatorLine]


def is_on_track(actual: Decimal, target: Decimal, *, higher_is_better: bool) -> bool:
    return actual >= target if higher_is_better else actual <= target


def _decimal(value: object) -> Decimal:
    """An aggregate as a Decimal: SQLite hands averages of decimals back as floats."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _measured_actuals(
    programme: Programme, indicators: list[LogframeIndicator], periods: list[str]
) -> dict[tuple[int, str], tuple[Decimal, Decimal, int]]:
    """(measured indicator id, period) → (mean, sum, number of groups), over the programme's groups that have a
    value for that period. One aggregating query whatever the number of groups and periods."""
    measured_ids = {li.indicator_id for li in indicators if li.indicator_id is not None}
    if not measured_ids or not periods:
        return {}
    # A year of the framework also reads the split season that ended in it ("2025/26" for 2026): coffee groups
    # measure production and income per crop season, and the framework is read per programme year.
    ending = {season_ending_in(period): period for period in periods if period.isdigit()}
    ending = {season: year for season, year in ending.items() if season not in periods}
    read_as = Case(
        *[When(period=season, then=Value(year)) for season, year in ending.items()],
        default=F("period"),
        output_field=CharField(),
    )
    figures = (
        Measurement.objects.filter(
            group__in=programme.groups.values("pk"),
            indicator_id__in=measured_ids,
            period__in=[*periods, *ending],
            value__isnull=False,
        )
        .annotate(read_as=read_as)
        .values("indicator_id", "read_as")
        .annotate(mean=Avg("value"), total=Sum("value"), groups=Count("group_id", distinct=True))
        .order_by()
    )
    return {
        (f["indicator_id"], f["read_as"]): (_decimal(f["mean"]), _decimal(f["total"]), f["groups"]) for f in figures
    }


def season_ending_in(year: str) -> str:
    """The split season that ends in a year: "2025/26" for "2026"."""
    return f"{int(year) - 1}/{year[-2:]}"


def _line(
    li: LogframeIndicator,
    periods: list[str],
    measured: dict[tuple[int, str], tuple[Decimal, Decimal, int]],
) -> IndicatorLine:
    targets = {t.period: t.value for t in li.targets.all()}
    entered = {a.period: a.value for a in li.actuals.all()}
    higher_is_better = li.indicator.higher_is_better if li.indicator is not None else True
    line = IndicatorLine(
        indicator=li,
        baseline=li.baseline,
        baseline_period=li.baseline_period,
        targets={period: targets[period] for period in periods if period in targets},
        actuals={},
        actual_source={},
        measured_groups={},
        higher_is_better=higher_is_better,
    )
    for period in periods:
        actual: Decimal | None = None
        source = ""
        groups = 0
        if li.indicator_id is not None:
            # A measured indicator takes its values from the groups' measurements only.
            figure = measured.get((li.indicator_id, period))
            if figure is not None:
                mean, total, groups = figure
                actual = total if li.aggregation == Aggregation.SUM else mean.quantize(TWO_PLACES, ROUND_HALF_UP)
                source = MEASURED
        elif period in entered:
            actual, source = entered[period], ENTERED
        line.actuals[period] = actual
        line.actual_source[period] = source
        line.measured_groups[period] = groups
        target = line.targets.get(period)
        cell_on_track = None
        if actual is not None:
            line.latest_actual, line.latest_actual_period = actual, period
        if target is not None:
            line.latest_target, line.latest_target_period = target, period
        if actual is not None and target is not None:
            cell_on_track = is_on_track(actual, target, higher_is_better=higher_is_better)
            line.on_track, line.on_track_period = cell_on_track, period
        line.cells.append(PeriodCell(period, target, actual, source, groups, cell_on_track))
    return line


def logframe_table(*, programme: Programme, periods: list[str]) -> list[LogframeRowView]:
    """The programme's logical framework, row by row (goal, purpose, outputs in their order), each indicator
    with its baseline, targets and actual values over `periods`, and whether it is on track.

    An actual is "measured" when the indicator names a measured indicator: the mean or the sum (the indicator's
    `aggregation`) of the values of the programme's groups that have a measurement for the period; "entered" when
    it comes from a value entered by hand; "" when there is none. `on_track` compares the actual of the latest
    period that has both an actual and a target with that target (None when no period has both), honouring the
    measured indicator's `higher_is_better`; higher is better for the others.

    Five queries at most, whatever the number of groups, periods, rows and indicators.
    """
    periods = sorted(dict.fromkeys(periods))
    rows = list(
        LogframeRow.objects.filter(programme=programme)
        .annotate(
            level_rank=Case(
                *(When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
                default=Value(len(LEVEL_RANK)),
                output_field=IntegerField(),
            )
        )
        .order_by("level_rank", "order", "pk")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=LogframeIndicator.objects.select_related("indicator")
                .prefetch_related(
                    Prefetch("targets", queryset=LogframeTarget.objects.filter(period__in=periods)),
                    Prefetch("actuals", queryset=LogframeActual.objects.filter(period__in=periods)),
                )
                .order_by("pk"),
            )
        )
    )
    indicators = [li for row in rows for li in row.indicators.all()]
    measured = _measured_actuals(programme, indicators, periods)
    return [
        LogframeRowView(row=row, indicators=[_line(li, periods, measured) for li in row.indicators.all()])
        for row in rows
    ]
