"""Read-side queries of the improvement plan: the actions with what stands out (overdue), their figures, and
the reason an action was dropped, each in a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup, User
from producers.selectors import group_get_for_user

from ..models import PlanAction, PlanStatus

OPEN_STATUSES = (PlanStatus.PLANNED, PlanStatus.IN_PROGRESS)

# The views of the plan a person can pick, in the order of the picker.
SHOW_CHOICES = {
    "open": _("Open"),
    "overdue": _("Overdue"),
    "done": _("Done"),
    "dropped": _("Dropped"),
    "all": _("All"),
}


def plan_action_get_for_user(*, user: User, pk: int) -> PlanAction:
    """The action if the user sees its group; 404 otherwise."""
    action = get_object_or_404(
        PlanAction.objects.select_related("group__organisation", "requirement__standard", "indicator"), pk=pk
    )
    group_get_for_user(user=user, pk=action.group_id)
    return action


def _overdue() -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())


def _drop_reasons(history: QuerySet[Any]) -> QuerySet[Any]:
    """The versions of an action's history that dropped it with a reason, latest first."""
    return (
        history.filter(status=PlanStatus.DROPPED)
        .exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .order_by("-history_date", "-history_id")
    )


def plan_actions(*, group: ProducerGroup, show: str = "open") -> QuerySet[PlanAction]:
    """The group's actions for one view of the plan: open ones by deadline (overdue first, as they come first by
    date), done and dropped ones after. Each carries `overdue` and, once dropped, the reason given."""
    drop_reason = _drop_reasons(PlanAction.history.filter(id=OuterRef("pk"))).values("history_change_reason")[:1]
    actions = (
        PlanAction.objects.filter(group=group)
        .select_related("requirement__standard", "indicator")
        .annotate(
            overdue=Case(When(_overdue(), then=Value(True)), default=Value(False), output_field=BooleanField()),
            is_open=Case(
                When(status__in=OPEN_STATUSES, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            drop_reason=Subquery(drop_reason),
        )
    )
    if show == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif show == "overdue":
        actions = actions.filter(_overdue())
    elif show in (PlanStatus.DONE, PlanStatus.DROPPED):
        actions = actions.filter(status=show)
    return actions.order_by("-is_open", "deadline", "pk")


@dataclass(frozen=True)
class PlanFigures:
    total: int
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int


def plan_figures(group: ProducerGroup) -> PlanFigures:
    figures = PlanAction.objects.filter(group=group).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(status=PlanStatus.PLANNED)),
        in_progress=Count("pk", filter=Q(status=PlanStatus.IN_PROGRESS)),
        done=Count("pk", filter=Q(status=PlanStatus.DONE)),
        dropped=Count("pk", filter=Q(status=PlanStatus.DROPPED)),
        overdue=Count("pk", filter=_overdue()),
    )
    return PlanFigures(**figures)


def drop_reason(action: PlanAction) -> str:
    """Why the action was dropped, from its history; empty when it is not dropped."""
    if action.status != PlanStatus.DROPPED:
        return ""
    return _drop_reasons(action.history.all()).values_list("history_change_reason", flat=True).first() or ""
