"""The computed indicators: each function named by `Indicator.computation` in the reference data.

Every computation takes a group and a period and returns `(value, note)`: the value as a Decimal rounded to two
places, or None when the records do not allow a figure, and a note in words a group manager reads (what was
counted, or why there is no figure). Figures come from database aggregates over the records, never from loops
over members.

Two kinds of period:

- a **year** ("2026") for what the internal control system does in a calendar year: inspection coverage (the
  year's round), the non-conformity closure rate (found in the year), the median days to close (closed in the
  year), training coverage (trainings held in the year);
- a **season** as the production records name it ("2025/26", or "2026" for a crop with one season a year) for
  production and income: income per member, its variation across seasons, yield per hectare, the share of the
  certified supply sold as certified.

A year is also a valid season name, so a year period measures both kinds; a split season measures only the
season kind.

The members "due" (the denominator of the coverage figures) are those in the register who have not left today:
the register keeps no status per past date, so a past year is measured against today's register.
"""

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from producers.models import Member, Plot, ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Certificate

from .models import Inspection, NCStatus, NonConformity, ProductionRecord, Training

Result = tuple[Decimal | None, str]
PeriodKind = Literal["year", "season"]

YEAR_PATTERN = re.compile(r"^\d{4}$")
SEASON_PATTERN = re.compile(r"^(\d{4})(?:/(\d{2}))?$")
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal("100")
# How many seasons, up to and including the one measured, the income variation looks back over.
VARIATION_SEASONS = 5


def is_year(period: str) -> bool:
    return bool(YEAR_PATTERN.match(period))


def is_season(period: str) -> bool:
    """A season as production records write it: "2026", or "2025/26" for a season across two years."""
    match = SEASON_PATTERN.match(period)
    if match is None:
        return False
    start, end = match.groups()
    return end is None or int(end) == (int(start) + 1) % 100


def season_span(season: str) -> tuple[date, date]:
    """The calendar days a season may fall in: its first year's 1 January to its last year's 31 December."""
    start = int(season[:4])
    return date(start, 1, 1), date(start + (1 if "/" in season else 0), 12, 31)


def seasons_beginning_in(first: int, last: int) -> Q:
    """Production records of the seasons that begin in the years first..last ("2025" and "2025/26" begin in 2025).
    A prefix match rather than a computed year, so the database can estimate how many rows match from its
    statistics and plan accordingly."""
    condition = Q(pk__in=[])
    for year in range(first, last + 1):
        condition |= Q(season__startswith=f"{year:04d}")
    return condition


def rounded(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def decimal(value: object) -> Decimal:
    """An aggregate's result as a Decimal: some databases hand back floats for averages of decimals."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def share(done: int | Decimal, total: int | Decimal) -> Decimal:
    """`done` as a percentage of `total` (not zero), rounded to two places."""
    return rounded(Decimal(done) * HUNDRED / Decimal(total))


@dataclass(frozen=True)
class Computation:
    name: str
    period_kind: PeriodKind
    function: Callable[[ProducerGroup, str], Result]

    def accepts(self, period: str) -> bool:
        return is_year(period) if self.period_kind == "year" else is_season(period)

    def __call__(self, group: ProducerGroup, period: str) -> Result:
        if not self.accepts(period):
            if self.period_kind == "year":
                return None, _("Measured per year: give a year such as 2026.")
            return None, _("Measured per season: give a season such as 2025/26 or 2026.")
        return self.function(group, period)


COMPUTATIONS: dict[str, Computation] = {}


def computation(kind: PeriodKind) -> Callable[[Callable[[ProducerGroup, str], Result]], Computation]:
    """Register a function under its own name, the name `Indicator.computation` uses."""

    def register(function: Callable[[ProducerGroup, str], Result]) -> Computation:
        registered = Computation(name=function.__name__, period_kind=kind, function=function)
        COMPUTATIONS[function.__name__] = registered
        return registered

    return register


def compute(name: str, group: ProducerGroup, period: str) -> Result:
    """The named computation for a group and period; (None, why) for a name that is not registered."""
    registered = COMPUTATIONS.get(name)
    if registered is None:
        return None, _("No computation is called “%(name)s”.") % {"name": name}
    return registered(group, period)


def members_due(group: ProducerGroup) -> QuerySet[Member]:
    """Everybody in the register who has not left: the members an inspection round must cover, and the
    denominator of the coverage figures."""
    return Member.objects.filter(group=group).exclude(status=MemberStatus.LEFT)


# --- Per year: the internal control system at work ---------------------------------------------------------------


@computation("year")
def inspection_coverage(group: ProducerGroup, period: str) -> Result:
    """Members inspected in the year's round, of the members due."""
    year = int(period)
    inspected = Inspection.objects.filter(member=OuterRef("pk"), round__group=group, round__year=year)
    figures = members_due(group).aggregate(total=Count("pk"), done=Count("pk", filter=Exists(inspected)))
    total, done = figures["total"], figures["done"]
    if not total:
        return None, _("No member in the register to inspect.")
    return share(done, total), _("%(done)d of %(total)d members inspected in %(year)d.") % {
        "done": done,
        "total": total,
        "year": year,
    }


@computation("year")
def nc_closure_rate(group: ProducerGroup, period: str) -> Result:
    """Non-conformities found in the year that are verified and closed."""
    year = int(period)
    figures = NonConformity.objects.filter(group=group, found_on__year=year).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=NCStatus.CLOSED))
    )
    total, closed = figures["total"], figures["closed"]
    if not total:
        return None, _("No non-conformity was found in %(year)d.") % {"year": year}
    return share(closed, total), _("%(closed)d of %(total)d non-conformities found in %(year)d are closed.") % {
        "closed": closed,
        "total": total,
        "year": year,
    }


@computation("year")
def nc_median_days_to_close(group: ProducerGroup, period: str) -> Result:
    """The median of the days from finding to closure, over the non-conformities closed in the year.

    The database sorts the durations and hands over only the middle one or two: no list of every duration.
    """
    year = int(period)
    closed = (
        NonConformity.objects.filter(group=group, status=NCStatus.CLOSED, closed_on__year=year)
        .annotate(duration=ExpressionWrapper(F("closed_on") - F("found_on"), output_field=DurationField()))
        .order_by("duration", "pk")
    )
    count = closed.count()
    if not count:
        return None, _("No non-conformity was closed in %(year)d.") % {"year": year}
    middle = list(closed.values_list("duration", flat=True)[(count - 1) // 2 : count // 2 + 1])
    median = Decimal(sum(duration.days for duration in middle)) / Decimal(len(middle))
    return rounded(median), _("Median over %(count)d non-conformities closed in %(year)d.") % {
        "count": count,
        "year": year,
    }


@computation("year")
def training_coverage(group: ProducerGroup, period: str) -> Result:
    """Members who attended at least one training held in the year, of the members who have not left."""
    year = int(period)
    trained = Training.objects.filter(group=group, held_on__year=year, attendees=OuterRef("pk"))
    figures = members_due(group).aggregate(total=Count("pk"), done=Count("pk", filter=Exists(trained)))
    total, done = figures["total"], figures["done"]
    if not total:
        return None, _("No member in the register to train.")
    return share(done, total), _("%(done)d of %(total)d members attended a training in %(year)d.") % {
        "done": done,
        "total": total,
        "year": year,
    }


# --- Per season: production and income ---------------------------------------------------------------------------


def season_records(group: ProducerGroup, season: str) -> QuerySet[ProductionRecord]:
    return ProductionRecord.objects.filter(member__group=group, season=season)


def _no_records(season: str) -> Result:
    return None, _("No production record for season %(season)s.") % {"season": season}


@computation("season")
def income_per_member(group: ProducerGroup, period: str) -> Result:
    """Average income from the crop per member with a production record in the season."""
    figures = season_records(group, period).aggregate(count=Count("pk"), average=Avg("income"))
    if not figures["count"]:
        return _no_records(period)
    return rounded(decimal(figures["average"])), _(
        "Average over %(count)d members with a production record in %(season)s."
    ) % {"count": figures["count"], "season": period}


@computation("season")
def income_variation(group: ProducerGroup, period: str) -> Result:
    """Coefficient of variation (population standard deviation over mean, in %) of the income per member over the
    last seasons recorded up to and including this one (at most VARIATION_SEASONS). Lower is more stable."""
    averages = list(
        ProductionRecord.objects.filter(member__group=group, season__lte=period)
        .values("season")
        .annotate(average=Avg("income"))
        .order_by("-season")
        .values_list("season", "average")[:VARIATION_SEASONS]
    )
    if not averages or averages[0][0] != period:
        return _no_records(period)
    if len(averages) < 2:
        return None, _("Only one season recorded: the variation needs at least two.")
    values = [decimal(average) for _season, average in averages]
    mean = sum(values, Decimal(0)) / Decimal(len(values))
    if not mean:
        return None, _("No income recorded in these seasons.")
    variation = decimal(statistics.pstdev(values)) * HUNDRED / mean
    return rounded(variation), _("Over %(count)d seasons, %(oldest)s to %(latest)s.") % {
        "count": len(values),
        "oldest": averages[-1][0],
        "latest": period,
    }


@computation("season")
def yield_per_hectare(group: ProducerGroup, period: str) -> Result:
    """Harvested volume divided by the plot area of the members with a production record in the season."""
    harvest = season_records(group, period).aggregate(count=Count("pk"), kg=Sum("harvested_kg"))
    if not harvest["count"]:
        return _no_records(period)
    # A member has one record per season, so the join repeats no plot.
    area = Plot.objects.filter(member__group=group, member__production__season=period).aggregate(
        hectares=Sum("area_ha")
    )["hectares"]
    if not area:
        return None, _("The members with a production record in %(season)s have no plot area recorded.") % {
            "season": period
        }
    return rounded(decimal(harvest["kg"] or 0) / decimal(area)), _(
        "%(kg)s kg harvested on %(ha)s ha by %(count)d members in %(season)s."
    ) % {
        "kg": rounded(decimal(harvest["kg"] or 0)),
        "ha": rounded(decimal(area)),
        "count": harvest["count"],
        "season": period,
    }


@computation("season")
def certified_share_sold(group: ProducerGroup, period: str) -> Result:
    """Volume sold as certified, of the certified supply: the harvest of the members of a group that held a
    certificate during the season."""
    start, end = season_span(period)
    if not Certificate.objects.standing().filter(group=group).covering(start, end).exists():
        return None, _("The group held no certificate in %(season)s, so it had no certified supply.") % {
            "season": period
        }
    figures = season_records(group, period).aggregate(
        count=Count("pk"), harvested=Sum("harvested_kg"), certified=Sum("sold_certified_kg")
    )
    if not figures["count"]:
        return _no_records(period)
    if not figures["harvested"]:
        return None, _("No harvest recorded in %(season)s.") % {"season": period}
    return share(decimal(figures["certified"] or 0), decimal(figures["harvested"])), _(
        "%(certified)s kg sold as certified of %(harvested)s kg harvested in %(season)s."
    ) % {
        "certified": rounded(decimal(figures["certified"] or 0)),
        "harvested": rounded(decimal(figures["harvested"])),
        "season": period,
    }
