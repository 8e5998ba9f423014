"""Coordination report runs: coordinators read every run; donors the runs about their own programmes; the other
roles never. Inside: a run about the donor's programme; outside: a run about another funder's programme."""

import datetime

from django.utils import timezone

from cycles.models import CoordinationRun, JobStatus
from cycles.services.coordination import coordination_results
from producers.models import Programme

from ..factories import ProgrammeFactory
from . import ObjectUrl, World, by_id

READERS = frozenset({"coordinator", "donor"})


def populate(world: World) -> None:
    scope = world.scope
    inside = Programme.objects.get(funder__memberships__user=scope.donor)
    outside = ProgrammeFactory.create(name="Outside programme", groups=[scope.other_group])
    for side, programme in (("in", inside), ("out", outside)):
        period = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 12, 31)}
        filters = {"programme": programme.pk}
        run = CoordinationRun.objects.create(
            key=f"scope-{side}",
            requested_by=scope.coordinator,
            filters=filters,
            programme=programme,
            status=JobStatus.DONE,
            created_at=timezone.now(),
            **period,
        )
        run.results = coordination_results(period_start=run.period_start, period_end=run.period_end, filters=filters)
        run.save(update_fields=["results"])
        world.ids[f"coordination_run_{side}"] = run.pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:coordination_run": ObjectUrl(*by_id("coordination_run"), READERS),
    # Without ?format= the download answers 400 to those who may read the run, and 403/404 to the others.
    "cycles:coordination_export": ObjectUrl(*by_id("coordination_run"), READERS),
}
