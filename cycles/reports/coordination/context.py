"""What a coordination run is asked for (period and filters), and the context every finding reads: the groups in
scope, the period's instants, the previous period and the one-year window.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.utils import timezone

from producers.models import ProducerGroup
from producers.models.programmes import Programme
from standards.models import GroupStandard

# Raise when the shape of `results` changes, so pages and exports can tell an old run from a new one.
RESULTS_VERSION = 1
# Lists of names kept in a run: enough to act on, small enough to store. Totals are always complete.
LIST_LIMIT = 200
TOP_REQUIREMENTS = 10
WINDOW_DAYS = 365
INCOME_SEASONS = 5
AUDIT_SERVICE = "audit-certification"
FILTER_KEYS = ("country", "commodity", "standard", "programme")
# Where the findings read the largest tables: the summaries kept by the services that write the records (FAST,
# what runs use), or the records themselves (RAW: the definition, kept so that a test proves both agree).
FAST = "fast"
RAW = "raw"
SOURCES = (FAST, RAW)


@dataclass(frozen=True)
class ReportParameters:
    """What a run is asked for: a period, and optionally a country, commodity, chosen standard or programme."""

    period_start: date
    period_end: date
    country: str = ""
    commodity: str = ""
    standard: str = ""  # a Standard's code: the groups that chose it
    programme: int | None = None  # a Programme's id: the groups it supports

    @classmethod
    def from_filters(cls, *, period_start: date, period_end: date, filters: dict[str, Any]) -> "ReportParameters":
        programme = filters.get("programme")
        return cls(
            period_start=period_start,
            period_end=period_end,
            country=str(filters.get("country") or ""),
            commodity=str(filters.get("commodity") or ""),
            standard=str(filters.get("standard") or ""),
            programme=int(programme) if programme else None,
        )

    @property
    def filters(self) -> dict[str, Any]:
        """The filters in use, as stored in a run."""
        given = {
            "country": self.country,
            "commodity": self.commodity,
            "standard": self.standard,
            "programme": self.programme,
        }
        return {key: value for key, value in given.items() if value}


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Context:
    parameters: ReportParameters
    groups: QuerySet[ProducerGroup] | None  # None: every group, no filter to apply
    start_at: datetime
    end_at: datetime  # exclusive: the first instant after the period
    as_of: datetime  # the end of the period, or now if it has not ended
    as_of_date: date
    previous_start: date
    previous_end: date

    def scoped(self, queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
        """Keep the rows whose group (reached through `path`) is among the report's groups."""
        if self.groups is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.groups.values("pk")})

    @property
    def window_start(self) -> date:
        return self.as_of_date - timedelta(days=WINDOW_DAYS - 1)


def build_context(parameters: ReportParameters) -> Context:
    start, end = parameters.period_start, parameters.period_end
    length = (end - start).days + 1
    previous_end = start - timedelta(days=1)
    end_at = start_of(end + timedelta(days=1))
    now = timezone.now()
    as_of = min(end_at, now)
    return Context(
        parameters=parameters,
        groups=_groups(parameters),
        start_at=start_of(start),
        end_at=end_at,
        as_of=as_of,
        as_of_date=min(end, timezone.localdate(now)),
        previous_start=previous_end - timedelta(days=length - 1),
        previous_end=previous_end,
    )


def _groups(parameters: ReportParameters) -> QuerySet[ProducerGroup] | None:
    if not parameters.filters:
        return None
    groups = ProducerGroup.objects.all()
    if parameters.country:
        groups = groups.filter(organisation__country=parameters.country)
    if parameters.commodity:
        groups = groups.filter(commodity=parameters.commodity)
    if parameters.standard:
        groups = groups.filter(
            Exists(GroupStandard.objects.filter(group=OuterRef("pk"), standard__code=parameters.standard))
        )
    if parameters.programme:
        groups = groups.filter(
            Exists(
                Programme.groups.through.objects.filter(producergroup=OuterRef("pk"), programme=parameters.programme)
            )
        )
    return groups
