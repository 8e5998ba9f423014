"""Who reads the coordination report's runs: coordinators every run, donors the runs about their own programmes."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from producers.models import User
from producers.selectors import programmes_visible_to, roles_of

from ..models import CoordinationRun


def may_read_coordination(user: User) -> bool:
    roles = roles_of(user)
    return roles.coordinator or roles.donor


def coordination_runs_visible_to(user: User) -> QuerySet[CoordinationRun]:
    """Coordinators see every run; donors the runs about one of their own programmes; nobody else any."""
    runs = CoordinationRun.objects.select_related("programme", "requested_by")
    roles = roles_of(user)
    if roles.coordinator:
        return runs.all()
    if roles.donor:
        return runs.filter(programme__in=programmes_visible_to(user).values("pk"))
    return runs.none()


def coordination_run_get_for_user(*, user: User, pk: int) -> CoordinationRun:
    """The run if the user may read it: 403 for roles that never read runs, 404 for a run outside the scope."""
    if not may_read_coordination(user):
        raise PermissionDenied
    run: CoordinationRun = get_object_or_404(coordination_runs_visible_to(user), pk=pk)
    return run
