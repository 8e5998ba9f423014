"""Findings about the groups' course through the phases: the pipeline at the start and end of the period, the time
spent in each phase, and the groups stuck in one.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from producers.models import Member
from producers.models.members import MemberStatus

from ...models import (
    Inspection,
    MoveKind,
    Phase,
    PhaseMove,
)
from ...selectors.phases import PHASE_CHANGING_KINDS
from .context import Context, start_of
from .functions import DaysBetween, Median, rounded, share


def _stays(ctx: Context) -> QuerySet[Any]:
    """The moves that open a stay in a phase, each with `left_at`: when the next such move closed it (or None)."""
    changing = PhaseMove.objects.filter(kind__in=PHASE_CHANGING_KINDS)
    following = (
        changing.filter(trajectory=OuterRef("trajectory"))
        .filter(Q(moved_at__gt=OuterRef("moved_at")) | Q(moved_at=OuterRef("moved_at"), pk__gt=OuterRef("pk")))
        .order_by("moved_at", "pk")
        .values("moved_at")[:1]
    )
    return ctx.scoped(changing, "trajectory__group").alias(left_at=Subquery(following))


def standing_at(ctx: Context, at: datetime) -> QuerySet[Any]:
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


def all_phases() -> list[Phase]:
    return list(Phase.objects.order_by("order"))


def _counts_at(ctx: Context, at: datetime) -> dict[int, dict[str, Any]]:
    rows = (
        standing_at(ctx, at)
        .values("to_phase_id")
        .annotate(
            active=Count("pk", filter=ACTIVE),
            on_hold=Count("pk", filter=Q(last_kind=MoveKind.HOLD)),
            withdrawn=Count("pk", filter=Q(last_kind=MoveKind.WITHDRAW)),
        )
        .order_by()
    )
    return {row["to_phase_id"]: dict(row) for row in rows}


def pipeline(ctx: Context, phases: list[Phase], groups_total: int) -> dict[str, Any]:
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
    in_previous = Q(moved_at__gte=start_of(ctx.previous_start), moved_at__lt=ctx.start_at)
    by_kind = {
        row["kind"]: row
        for row in moves.filter(moved_at__gte=start_of(ctx.previous_start), moved_at__lt=ctx.end_at)
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
    return {"count": row["n"], "mean": rounded(row["mean"], 1), "median": rounded(row["median"], 1)}


def time_in_phases(ctx: Context, phases: list[Phase]) -> list[dict[str, Any]]:
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
        for row in standing_at(ctx, ctx.as_of)
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


def stuck_groups(ctx: Context, phases: list[Phase]) -> dict[str, Any]:
    """Active groups whose current stay is longer than their phase allows, longest first, with the inspection
    coverage of the last 12 months (members inspected of those who have not left)."""
    stuck = standing_at(ctx, ctx.as_of).filter(ACTIVE, days__gt=F("to_phase__stuck_after_days"))
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
                "coverage": share(inspected.get(group_id, 0), due.get(group_id, 0)),
            }
        )
    return {"count": len(groups), "groups": groups}
