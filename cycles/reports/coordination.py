"""The coordination report's findings: the support structure shown to itself (DOMAIN.md, "The outer cycle").

Every finding is computed by the database (annotate, aggregate, values, Subquery, Exists): the number of queries is
fixed whatever the number of groups, members or inspections, and Python only reshapes the aggregated rows. The few
loops here run over reference data (phases, interaction points, standards) or over result rows already aggregated.

`coordination_findings(parameters)` returns a JSON-serialisable dict: that is what a CoordinationRun stores.

Definitions, chosen so that a run can be repeated and checked by hand:
- the period is `period_start`..`period_end`, both days included; the previous period has the same length and ends
  the day before; "at the end" means the end of the period, or now if the period has not ended yet;
- a group's stay in a phase opens with a move that changes its course (start, advance, override, back, suspension)
  and closes with the next such move, as on the group's timeline; holds, resumptions and withdrawal do not close it;
- "within one year" (audits, inspection coverage) is the 365 days that end at the end of the period;
- seasons belong to the year they begin in ("2025/26" is 2025): certified supply counts the seasons that begin in
  the period's years, income stability the last five seasons up to the period's end.
"""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus
from producers.models.organisations import Commodity
from producers.models.programmes import Programme
from standards.models import Audit, Certificate, GroupStandard, Requirement

from ..indicators import seasons_beginning_in
from ..models import (
    Compliance,
    Inspection,
    InspectionAnswer,
    InteractionPoint,
    MoveKind,
    Phase,
    PhaseMove,
    ProductionRecord,
    Service,
)
from ..selectors.phases import PHASE_CHANGING_KINDS

# Raise when the shape of `results` changes, so pages and exports can tell an old run from a new one.
RESULTS_VERSION = 1
# Lists of names kept in a run: enough to act on, small enough to store. Totals are always complete.
LIST_LIMIT = 200
TOP_REQUIREMENTS = 10
WINDOW_DAYS = 365
INCOME_SEASONS = 5
AUDIT_SERVICE = "audit-certification"
FILTER_KEYS = ("country", "commodity", "standard", "programme")


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


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class _Context:
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


def _context(parameters: ReportParameters) -> _Context:
    start, end = parameters.period_start, parameters.period_end
    length = (end - start).days + 1
    previous_end = start - timedelta(days=1)
    end_at = _start_of(end + timedelta(days=1))
    now = timezone.now()
    as_of = min(end_at, now)
    return _Context(
        parameters=parameters,
        groups=_groups(parameters),
        start_at=_start_of(start),
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


# --- Database functions --------------------------------------------------------------------------------------------


class DaysBetween(Func):
    """Days, with fractions, from the second datetime to the first: computed by the database."""

    output_field = FloatField()
    arity = 2

    def _parts(self, compiler: SQLCompiler) -> tuple[str, str, list[Any]]:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return end, start, [*end_params, *start_params]

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        end, start, params = self._parts(compiler)
        return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS double precision) / 86400.0)", params

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        end, start, params = self._parts(compiler)
        return f"(julianday({end}) - julianday({start}))", tuple(params)


class _SQLiteMedian:
    """The median for SQLite, which has none built in (PostgreSQL uses percentile_cont)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        connection.ensure_connection()
        connection.connection.create_aggregate("HIVOS_MEDIAN", 1, _SQLiteMedian)
        return super().as_sql(
            compiler, connection, function="HIVOS_MEDIAN", template="%(function)s(%(expressions)s)", **extra_context
        )


def _count_per_group(queryset: QuerySet[Any], field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A correlated count of `queryset`'s rows for the outer group (`group=OuterRef("pk")`), 0 when none."""
    counted = (
        queryset.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _number(value: Decimal | float | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _share(part: float | None, whole: float | None) -> float | None:
    return None if not whole else round((part or 0) / whole, 4)


# --- Stays in phases -----------------------------------------------------------------------------------------------


def _stays(ctx: _Context) -> QuerySet[Any]:
    """The moves that open a stay in a phase, each with `left_at`: when the next such move closed it (or None)."""
    changing = PhaseMove.objects.filter(kind__in=PHASE_CHANGING_KINDS)
    following = (
        changing.filter(trajectory=OuterRef("trajectory"))
        .filter(Q(moved_at__gt=OuterRef("moved_at")) | Q(moved_at=OuterRef("moved_at"), pk__gt=OuterRef("pk")))
        .order_by("moved_at", "pk")
        .values("moved_at")[:1]
    )
    return ctx.scoped(changing, "trajectory__group").alias(left_at=Subquery(following))


def _standing_at(ctx: _Context, at: datetime) -> QuerySet[Any]:
    """One row per group that had started by `at`: the move that opened the stay it was in, with `days` in it and
    `last_kind`, the kind of its latest move (a hold or a withdrawal says the group is not active)."""
    last_kind = (
        PhaseMove.objects.filter(trajectory=OuterRef("trajectory"), moved_at__lt=at)
        .order_by("-moved_at", "-pk")
        .values("kind")[:1]
    )
    return (
        _stays(ctx)
        .filter(moved_at__lt=at)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=at))
        .alias(
            last_kind=Subquery(last_kind),
            days=DaysBetween(Value(at, output_field=DateTimeField()), F("moved_at")),
        )
    )


ACTIVE = ~Q(last_kind__in=[MoveKind.HOLD, MoveKind.WITHDRAW])


def _phases() -> list[Phase]:
    return list(Phase.objects.order_by("order"))


def _counts_at(ctx: _Context, at: datetime) -> dict[int, dict[str, Any]]:
    rows = (
        _standing_at(ctx, at)
        .values("to_phase_id")
        .annotate(
            active=Count("pk", filter=ACTIVE),
            on_hold=Count("pk", filter=Q(last_kind=MoveKind.HOLD)),
            withdrawn=Count("pk", filter=Q(last_kind=MoveKind.WITHDRAW)),
        )
        .order_by()
    )
    return {row["to_phase_id"]: dict(row) for row in rows}


def pipeline(ctx: _Context, phases: list[Phase], groups_total: int) -> dict[str, Any]:
    """Groups per phase at the end of the period and at the end of the previous one, and the moves in both."""
    now = _counts_at(ctx, ctx.as_of)
    before = _counts_at(ctx, ctx.start_at)
    rows = []
    for phase in phases:
        current, previous = now.get(phase.pk, {}), before.get(phase.pk, {})
        active, earlier = current.get("active", 0), previous.get("active", 0)
        rows.append(
            {
                "phase": phase.code,
                "name": phase.name,
                "order": phase.order,
                "active": active,
                "on_hold": current.get("on_hold", 0),
                "previous": earlier,
                "change": active - earlier,
            }
        )
    withdrawn = sum(row.get("withdrawn", 0) for row in now.values())
    started = sum(row["active"] + row["on_hold"] + row["withdrawn"] for row in now.values())

    moves = ctx.scoped(PhaseMove.objects.all(), "trajectory__group")
    in_period = Q(moved_at__gte=ctx.start_at, moved_at__lt=ctx.end_at)
    in_previous = Q(moved_at__gte=_start_of(ctx.previous_start), moved_at__lt=ctx.start_at)
    by_kind = {
        row["kind"]: row
        for row in moves.filter(moved_at__gte=_start_of(ctx.previous_start), moved_at__lt=ctx.end_at)
        .values("kind")
        .annotate(now=Count("pk", filter=in_period), before=Count("pk", filter=in_previous))
        .order_by()
    }
    names = {phase.pk: phase for phase in phases}
    transitions = (
        moves.filter(in_period)
        .values("kind", "from_phase_id", "to_phase_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind", "from_phase_id", "to_phase_id")
    )
    return {
        "rows": rows,
        "groups_total": groups_total,
        "not_started": max(groups_total - started, 0),
        "withdrawn": withdrawn,
        "moves": [
            {
                "kind": kind.value,
                "label": str(kind.label),
                "count": by_kind.get(kind.value, {}).get("now", 0),
                "previous": by_kind.get(kind.value, {}).get("before", 0),
            }
            for kind in MoveKind
        ],
        "transitions": [
            {
                "kind": row["kind"],
                "label": str(MoveKind(row["kind"]).label),
                "from": names[row["from_phase_id"]].name if row["from_phase_id"] in names else "",
                "to": names[row["to_phase_id"]].name if row["to_phase_id"] in names else "",
                "count": row["n"],
            }
            for row in transitions
        ],
    }


def _stay_figures(row: Mapping[str, Any] | None) -> dict[str, Any]:
    if not row:
        return {"count": 0, "mean": None, "median": None}
    return {"count": row["n"], "mean": _number(row["mean"], 1), "median": _number(row["median"], 1)}


def time_in_phases(ctx: _Context, phases: list[Phase]) -> list[dict[str, Any]]:
    """Per phase: days of the stays that ended in the period, and of the active groups' current stays."""
    ended = {
        row["to_phase_id"]: row
        for row in _stays(ctx)
        .filter(left_at__gte=ctx.start_at, left_at__lt=ctx.end_at)
        .alias(days=DaysBetween(F("left_at"), F("moved_at")))
        .values("to_phase_id")
        .annotate(n=Count("pk"), mean=Avg("days"), median=Median("days"))
        .order_by()
    }
    current = {
        row["to_phase_id"]: row
        for row in _standing_at(ctx, ctx.as_of)
        .filter(ACTIVE)
        .values("to_phase_id")
        .annotate(n=Count("pk"), mean=Avg("days"), median=Median("days"))
        .order_by()
    }
    return [
        {
            "phase": phase.code,
            "name": phase.name,
            "stuck_after_days": phase.stuck_after_days,
            "ended": _stay_figures(ended.get(phase.pk)),
            "current": _stay_figures(current.get(phase.pk)),
        }
        for phase in phases
    ]


def stuck_groups(ctx: _Context, phases: list[Phase]) -> dict[str, Any]:
    """Active groups whose current stay is longer than their phase allows, longest first, with the inspection
    coverage of the last 12 months (members inspected of those who have not left)."""
    stuck = _standing_at(ctx, ctx.as_of).filter(ACTIVE, days__gt=F("to_phase__stuck_after_days"))
    rows = list(
        stuck.annotate(stay_days=F("days"))
        .values(
            "trajectory__group_id",
            "trajectory__group__organisation__name",
            "trajectory__group__region",
            "to_phase_id",
            "stay_days",
        )
        .order_by("-stay_days", "trajectory__group__organisation__name")
    )
    # Two grouped queries over the stuck groups, rather than a correlated count per group.
    stuck_groups = stuck.values("trajectory__group")
    due = dict(
        Member.objects.filter(group__in=stuck_groups)
        .exclude(status=MemberStatus.LEFT)
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
        .order_by()
    )
    inspected = dict(
        Inspection.objects.filter(
            round__group__in=stuck_groups, inspected_on__gte=ctx.window_start, inspected_on__lte=ctx.as_of_date
        )
        .exclude(member__status=MemberStatus.LEFT)
        .values("round__group")
        .annotate(n=Count("member", distinct=True))
        .values_list("round__group", "n")
        .order_by()
    )
    by_pk = {phase.pk: phase for phase in phases}
    groups = []
    for row in rows:  # the stuck groups, already aggregated
        group_id = row["trajectory__group_id"]
        phase = by_pk[row["to_phase_id"]]
        groups.append(
            {
                "id": group_id,
                "name": row["trajectory__group__organisation__name"],
                "region": row["trajectory__group__region"],
                "phase": phase.code,
                "phase_name": phase.name,
                "days": int(row["stay_days"]),
                "stuck_after_days": phase.stuck_after_days,
                "members_due": due.get(group_id, 0),
                "members_inspected": inspected.get(group_id, 0),
                "coverage": _share(inspected.get(group_id, 0), due.get(group_id, 0)),
            }
        )
    return {"count": len(groups), "groups": groups}


# --- Services ------------------------------------------------------------------------------------------------------


def missing_services(ctx: _Context, pipeline_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per interaction point: the active groups in its phase that received no service of its type since they
    entered the phase."""
    in_phase = {row["phase"]: row["active"] for row in pipeline_rows}
    points = list(
        InteractionPoint.objects.select_related("phase", "service_type").order_by("phase__order", "service_type__order")
    )
    # One row per active group and interaction point of its phase that it did not get: every point in one query.
    delivered = Service.objects.filter(
        group=OuterRef("trajectory__group"),
        service_type=OuterRef("point_type"),
        delivered_on__gte=OuterRef("entered_on"),
        delivered_on__lte=ctx.as_of_date,
    )
    missing = (
        _standing_at(ctx, ctx.as_of)
        .filter(ACTIVE)
        .annotate(point=F("to_phase__interaction_points"))
        .alias(entered_on=TruncDate("moved_at"), point_type=F("to_phase__interaction_points__service_type"))
        .filter(point__isnull=False)
        .filter(~Exists(delivered))
        .order_by("trajectory__group__organisation__name")
        .values_list("point", "trajectory__group__organisation__name")
    )
    names: dict[int, list[str]] = {}
    for point_id, name in missing:  # the missing services only, already ordered
        names.setdefault(point_id, []).append(name)
    return [
        {
            "phase": point.phase.code,
            "phase_name": point.phase.name,
            "service_type": point.service_type.code,
            "service_name": point.service_type.name,
            "expected_from": point.provider_interest_group,
            "expected_from_label": point.get_provider_interest_group_display(),
            "groups_in_phase": in_phase.get(point.phase.code, 0),
            "count": len(names.get(point.pk, [])),
            "groups": names.get(point.pk, [])[:LIST_LIMIT],
        }
        for point in points  # a handful of reference rows
    ]


def duplicated_services(ctx: _Context) -> dict[str, Any]:
    """Two or more different providers delivering the same type of service to the same group within the period."""
    in_period = Service.objects.filter(
        delivered_on__gte=ctx.parameters.period_start, delivered_on__lte=ctx.parameters.period_end
    )
    others = in_period.filter(group=OuterRef("group"), service_type=OuterRef("service_type")).exclude(
        provider=OuterRef("provider")
    )
    rows = (
        ctx.scoped(in_period, "group")
        .filter(Exists(others))
        .values(
            "group_id",
            "group__organisation__name",
            "service_type__code",
            "service_type__name",
            "provider__name",
            "provider__interest_group",
        )
        .annotate(n=Count("pk"), cost=Sum("cost"))
        .order_by("group__organisation__name", "service_type__order", "provider__name")
    )
    items: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:  # the aggregated rows of the duplicated pairs only
        key = (row["group_id"], row["service_type__code"])
        item = items.setdefault(
            key,
            {
                "group_id": row["group_id"],
                "group": row["group__organisation__name"],
                "service_type": row["service_type__code"],
                "service_name": row["service_type__name"],
                "providers": [],
            },
        )
        item["providers"].append(
            {
                "name": row["provider__name"],
                "interest_group": row["provider__interest_group"],
                "count": row["n"],
                "cost": _number(row["cost"]),
            }
        )
    listed = list(items.values())
    return {"count": len(listed), "items": listed[:LIST_LIMIT]}


def _compared_standards(rows: QuerySet[Any]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Per group, the standards of `rows` (audits, or chosen standards: rows with a group and a standard), and the
    cross-walk topics that two or more of those standards ask, counted by the database."""
    names: dict[int, list[str]] = {}
    standards = rows.values_list("group_id", "standard_id", "standard__short_name").order_by().distinct()
    for group_id, _standard, name in standards:
        names.setdefault(group_id, []).append(name)
    shared: dict[int, list[str]] = {}
    topics = (
        rows.filter(standard__requirements__crosswalk_topic__isnull=False)
        .values("group_id", "standard__requirements__crosswalk_topic", "standard__requirements__crosswalk_topic__name")
        .annotate(standards=Count("standard", distinct=True))
        .filter(standards__gte=2)
        .values_list("group_id", "standard__requirements__crosswalk_topic__name")
        .order_by()
    )
    for group_id, topic in topics:
        shared.setdefault(group_id, []).append(topic)
    return names, shared


def mergeable_audits(ctx: _Context) -> dict[str, Any]:
    """Groups audited several times within one year against standards that share cross-walk topics: a combined
    audit could cover them once.

    The audits are the external Audit rows (each names its standard) and the services of the type "audit and
    certification" (which do not): with two or more audited standards those are compared; with two or more audit
    services the group's chosen standards are.
    """
    window = {"gte": ctx.window_start, "lte": ctx.as_of_date}
    audits = Audit.objects.filter(audited_on__gte=window["gte"], audited_on__lte=window["lte"])
    audit_services = Service.objects.filter(
        service_type__code=AUDIT_SERVICE, delivered_on__gte=window["gte"], delivered_on__lte=window["lte"]
    )
    groups = ProducerGroup.objects.all() if ctx.groups is None else ctx.groups
    candidates = (
        groups.alias(standards_audited=_count_per_group(audits, "standard", distinct=True))
        .annotate(audit_count=_count_per_group(audits), service_count=_count_per_group(audit_services))
        .filter(Q(standards_audited__gte=2) | Q(service_count__gte=2))
    )
    found = list(
        candidates.order_by("organisation__name").values_list(
            "pk", "organisation__name", "audit_count", "service_count"
        )
    )
    if not found:
        return {"count": 0, "items": [], "window_start": ctx.window_start.isoformat()}
    # The two sources cover different groups: those with two audited standards, and the others.
    audited, audited_shared = _compared_standards(
        audits.filter(group__in=candidates.filter(standards_audited__gte=2).values("pk"))
    )
    chosen, chosen_shared = _compared_standards(
        GroupStandard.objects.filter(group__in=candidates.filter(standards_audited__lt=2).values("pk"))
    )
    names, shared = audited | chosen, audited_shared | chosen_shared
    items = [
        {
            "group_id": pk,
            "group": name,
            "audits": audit_count,
            "audit_services": service_count,
            "standards": sorted(names[pk]),
            "shared_topic_count": len(shared[pk]),
            "shared_topics": sorted(shared[pk]),
        }
        for pk, name, audit_count, service_count in found  # the candidate groups, already aggregated
        if pk in shared  # two standards at least share a topic
    ]
    return {"count": len(items), "items": items[:LIST_LIMIT], "window_start": ctx.window_start.isoformat()}


# --- Inspections: training needs -----------------------------------------------------------------------------------


def failed_requirements(ctx: _Context) -> dict[str, Any]:
    """The requirements answered "not compliant" in the most groups (then members) in the period, and where:
    training needs by region and standard."""
    inspections = ctx.scoped(Inspection.objects.all(), "round__group").filter(
        inspected_on__gte=ctx.parameters.period_start, inspected_on__lte=ctx.parameters.period_end
    )
    inspected = inspections.aggregate(
        groups=Count("round__group", distinct=True), members=Count("member", distinct=True)
    )
    failed = ctx.scoped(InspectionAnswer.objects.all(), "inspection__round__group").filter(
        answer=Compliance.NOT_COMPLIANT,
        inspection__inspected_on__gte=ctx.parameters.period_start,
        inspection__inspected_on__lte=ctx.parameters.period_end,
    )
    if ctx.parameters.standard:
        # An answer on a cross-walk topic counts for every standard that asks it.
        failed = failed.filter(
            Q(requirement__standard__code=ctx.parameters.standard)
            | Q(
                crosswalk_topic__in=Requirement.objects.filter(
                    standard__code=ctx.parameters.standard, crosswalk_topic__isnull=False
                ).values("crosswalk_topic")
            )
        )
    top = list(
        failed.values(
            "requirement_id",
            "requirement__code",
            "requirement__text",
            "requirement__domain",
            "requirement__standard__short_name",
            "requirement__crosswalk_topic__name",
        )
        .annotate(
            groups=Count("inspection__round__group", distinct=True), members=Count("inspection__member", distinct=True)
        )
        .order_by("-groups", "-members", "requirement__code")[:TOP_REQUIREMENTS]
    )
    by_region = []
    if top:
        codes = {row["requirement_id"]: row["requirement__code"] for row in top}
        standards = {row["requirement_id"]: row["requirement__standard__short_name"] for row in top}
        by_region = [
            {
                "country": str(row["inspection__round__group__organisation__country"]),
                "region": row["inspection__round__group__region"],
                "standard": standards[row["requirement_id"]],
                "requirement": codes[row["requirement_id"]],
                "groups": row["groups"],
                "members": row["members"],
            }
            for row in failed.filter(requirement_id__in=list(codes))
            .values(
                "inspection__round__group__organisation__country",
                "inspection__round__group__region",
                "requirement_id",
            )
            .annotate(
                groups=Count("inspection__round__group", distinct=True),
                members=Count("inspection__member", distinct=True),
            )
            .order_by(
                "inspection__round__group__organisation__country",
                "inspection__round__group__region",
                "-groups",
                "-members",
            )
        ]
    return {
        "inspected_groups": inspected["groups"],
        "inspected_members": inspected["members"],
        "top": [
            {
                "requirement": row["requirement__code"],
                "text": row["requirement__text"],
                "domain": row["requirement__domain"],
                "standard": row["requirement__standard__short_name"],
                "topic": row["requirement__crosswalk_topic__name"] or "",
                "groups": row["groups"],
                "members": row["members"],
                "member_share": _share(row["members"], inspected["members"]),
            }
            for row in top
        ],
        "by_region": by_region[:LIST_LIMIT],
    }


# --- Production: market and income ---------------------------------------------------------------------------------


def certified_supply(ctx: _Context) -> list[dict[str, Any]]:
    """Per commodity: the harvest of members of groups holding a valid certificate in the period (the certified
    supply), what was sold as certified, and the share; plus any volume sold as certified without a certificate."""
    certificates = Certificate.objects.standing().covering(ctx.parameters.period_start, ctx.parameters.period_end)
    if ctx.parameters.standard:
        certificates = certificates.filter(standard__code=ctx.parameters.standard)
    certified = Q(member__group__in=certificates.values("group"))
    rows = (
        ctx.scoped(ProductionRecord.objects.all(), "member__group")
        .filter(seasons_beginning_in(ctx.parameters.period_start.year, ctx.parameters.period_end.year))
        .values("member__group__commodity")
        .annotate(
            supply=Sum("harvested_kg", filter=certified),
            sold_certified=Sum("sold_certified_kg", filter=certified),
            sold_uncertified=Sum("sold_certified_kg", filter=~certified),
            harvest=Sum("harvested_kg"),
        )
        .order_by("member__group__commodity")
    )
    groups = ProducerGroup.objects.all() if ctx.groups is None else ctx.groups
    certified_groups = dict(
        groups.filter(pk__in=certificates.values("group"))
        .values("commodity")
        .annotate(n=Count("pk"))
        .values_list("commodity", "n")
        .order_by()
    )
    labels = dict(Commodity.choices)
    return [
        {
            "commodity": row["member__group__commodity"],
            "label": str(labels.get(row["member__group__commodity"], row["member__group__commodity"])),
            "certified_groups": certified_groups.get(row["member__group__commodity"], 0),
            "harvest_kg": _number(row["harvest"]),
            "supply_kg": _number(row["supply"]) or 0.0,
            "sold_certified_kg": _number(row["sold_certified"]) or 0.0,
            "share": _share(_number(row["sold_certified"]), _number(row["supply"])),
            "sold_certified_without_certificate_kg": _number(row["sold_uncertified"]) or 0.0,
        }
        for row in rows
    ]


def income(ctx: _Context) -> list[dict[str, Any]]:
    """Per commodity and country (one currency): the mean income per member in each of the last seasons, the
    level of the latest season, and stability as the coefficient of variation of the seasons' means."""
    last = ctx.as_of_date.year
    rows = (
        ctx.scoped(ProductionRecord.objects.all(), "member__group")
        .filter(seasons_beginning_in(last - INCOME_SEASONS + 1, last))
        .values("member__group__commodity", "member__group__organisation__country", "season")
        .annotate(
            # One record per member and season (a unique constraint): counting rows counts members. No distinct
            # count of groups: it would make the database sort every record (seconds at the field's scale).
            mean=Avg("income"),
            members=Count("pk"),
        )
        .order_by("member__group__commodity", "member__group__organisation__country", "season")
    )
    labels = dict(Commodity.choices)
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:  # at most commodities x countries x five seasons
        key = (row["member__group__commodity"], str(row["member__group__organisation__country"]))
        series.setdefault(key, []).append(
            {"season": row["season"], "mean": _number(row["mean"]), "members": row["members"]}
        )
    result = []
    for (commodity, country), seasons in series.items():
        means = [season["mean"] or 0.0 for season in seasons]
        average = statistics.fmean(means)
        cv = statistics.pstdev(means) / average if len(means) >= 2 and average else None
        result.append(
            {
                "commodity": commodity,
                "label": str(labels.get(commodity, commodity)),
                "country": country,
                "seasons": seasons,
                "level": seasons[-1]["mean"],
                "latest_season": seasons[-1]["season"],
                "mean": round(average, 2),
                "cv": None if cv is None else round(cv, 4),
            }
        )
    return result


# --- The report ----------------------------------------------------------------------------------------------------


def coordination_findings(parameters: ReportParameters) -> dict[str, Any]:
    """Every finding of the report for these parameters, as a JSON-serialisable dict (without recommendations)."""
    ctx = _context(parameters)
    phases = _phases()
    groups_total = (ProducerGroup.objects.all() if ctx.groups is None else ctx.groups).count()
    flow = pipeline(ctx, phases, groups_total)
    return {
        "version": RESULTS_VERSION,
        "period": {
            "start": parameters.period_start.isoformat(),
            "end": parameters.period_end.isoformat(),
            "as_of": ctx.as_of_date.isoformat(),
            "previous_start": ctx.previous_start.isoformat(),
            "previous_end": ctx.previous_end.isoformat(),
            "window_start": ctx.window_start.isoformat(),
        },
        "filters": parameters.filters,
        "pipeline": flow,
        "time_in_phase": time_in_phases(ctx, phases),
        "stuck": stuck_groups(ctx, phases),
        "missing_services": missing_services(ctx, flow["rows"]),
        "duplicated_services": duplicated_services(ctx),
        "mergeable_audits": mergeable_audits(ctx),
        "failed_requirements": failed_requirements(ctx),
        "certified_supply": certified_supply(ctx),
        "income": income(ctx),
    }


__all__ = [
    "FILTER_KEYS",
    "LIST_LIMIT",
    "RESULTS_VERSION",
    "DaysBetween",
    "Median",
    "ReportParameters",
    "coordination_findings",
]
