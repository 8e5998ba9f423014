"""The rules over a group's course: stuck in its phase, the services its phase expects not received. See
`cycles.reminders.rules` for what every rule promises."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup

from ..models import (
    InteractionPoint,
    Service,
    Trajectory,
    TrajectoryStatus,
)
from .common import day_text, group_ids
from .items import Item, ItemKind

# An interaction point's service is expected within this many days of the group entering the phase.
SERVICE_EXPECTED_DAYS = 60

# --- The inner and the outer cycle --------------------------------------------------------------------------------


def _active_trajectories(groups: QuerySet[ProducerGroup]) -> list[Trajectory]:
    return list(
        Trajectory.objects.filter(group__in=group_ids(groups), status=TrajectoryStatus.ACTIVE).select_related(
            "group__organisation", "phase"
        )
    )


def _since(trajectory: Trajectory) -> date:
    return timezone.localtime(trajectory.phase_since).date()


def groups_stuck(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Active groups longer in their phase than the phase's `stuck_after_days` (the portfolio's notion of stuck),
    dated the first day they count as stuck. Handled when the group moves on (or back, or is put on hold)."""
    items = []
    for trajectory in _active_trajectories(groups):
        days = (today - _since(trajectory)).days
        if days <= trajectory.phase.stuck_after_days:
            continue
        items.append(
            Item(
                kind=ItemKind.GROUP_STUCK,
                group=trajectory.group,
                record=trajectory.phase.label,
                detail=_("%(days)d days in this phase; a group is flagged after %(limit)d.")
                % {"days": days, "limit": trajectory.phase.stuck_after_days},
                due_on=_since(trajectory) + timedelta(days=trajectory.phase.stuck_after_days + 1),
                url=reverse("cycles:phase", kwargs={"pk": trajectory.group_id}),
                key=f"stuck:{trajectory.group_id}:{trajectory.phase_id}:{_since(trajectory).isoformat()}",
            )
        )
    return items


def services_missing(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """The services the group's phase expects (its interaction points) that it has not received since entering the
    phase, once it has been there `SERVICE_EXPECTED_DAYS` days. A service of the type counts whoever delivered it,
    as on the group's services page. Handled when such a service is recorded."""
    trajectories = [
        trajectory
        for trajectory in _active_trajectories(groups)
        if (today - _since(trajectory)).days >= SERVICE_EXPECTED_DAYS
    ]
    if not trajectories:
        return []
    points: dict[int, list[InteractionPoint]] = defaultdict(list)
    for point in InteractionPoint.objects.filter(
        phase__in={trajectory.phase_id for trajectory in trajectories}
    ).select_related("service_type"):
        points[point.phase_id].append(point)
    latest = {
        (group_id, type_id): day
        for group_id, type_id, day in Service.objects.filter(group__in=[t.group_id for t in trajectories])
        .values_list("group", "service_type")
        .annotate(last=Max("delivered_on"))
        .values_list("group", "service_type", "last")
    }
    items = []
    for trajectory in trajectories:
        since = _since(trajectory)
        for point in points.get(trajectory.phase_id, []):
            received = latest.get((trajectory.group_id, point.service_type_id))
            if received is not None and received >= since:
                continue
            items.append(
                Item(
                    kind=ItemKind.SERVICE_MISSING,
                    group=trajectory.group,
                    record=point.service_type.name,
                    detail=_("Expected in %(phase)s, since %(day)s: %(why)s")
                    % {"phase": trajectory.phase.name, "day": day_text(since), "why": point.description or "—"},
                    due_on=since + timedelta(days=SERVICE_EXPECTED_DAYS),
                    url=reverse("cycles:group_services", kwargs={"pk": trajectory.group_id}),
                    key=f"service:{trajectory.group_id}:{point.pk}:{since.isoformat()}",
                )
            )
    return items
