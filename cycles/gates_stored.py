"""Gates kept between requests: a group's criteria are evaluated once per change of its records (and once a day),
not on every page that shows them.

A stored gate is valid for the records version it was evaluated at (`producers.records_version`, bumped inside the
transaction of every service that writes what an evaluator reads), for its day and for its language. The version
is read before the evaluation: a gate evaluated while a change commits is tagged with the version before it, so it
is never taken for the gate of the new records. Decisions (moving a group on) never read the stored gate: the
services evaluate afresh (`cycles.gates.evaluate_gate`); the pages, the portfolio and the API read this.
"""

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from django.conf import settings
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from producers.models import ProducerGroup, RecordsVersion

from .gates import CriterionResult, Gate, evaluate_gates
from .models import StoredGate


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def stored_gates(groups: Sequence[ProducerGroup], *, today: date | None = None) -> dict[int, Gate]:
    """The gate of each group's current phase, as `evaluate_gates` gives it: one query when every gate is
    stored; the others are evaluated (the same queries as `evaluate_gates`, once for all of them) and stored in
    one more."""
    today = today or timezone.localdate()
    language = _language()
    stored = StoredGate.objects.filter(group=OuterRef("pk"), language=language, evaluated_on=today)
    rows = (
        ProducerGroup.objects.filter(pk__in=[group.pk for group in groups])
        .annotate(
            # Read with the stored gate, so before any evaluation: see the module.
            current=Coalesce(Subquery(RecordsVersion.objects.filter(group=OuterRef("pk")).values("version")[:1]), 0),
            stored_version=Subquery(stored.values("version")[:1]),
            stored_results=Subquery(stored.values("results")[:1], output_field=JSONField()),
        )
        .values_list("pk", "current", "stored_version", "stored_results")
    )
    gates: dict[int, Gate] = {}
    versions: dict[int, int] = {}
    for pk, current, stored_version, results in rows:
        if stored_version == current and results is not None:
            gates[pk] = Gate(results=[CriterionResult(**result) for result in results])
        else:
            versions[pk] = current
    missing = [group for group in groups if group.pk in versions]
    if missing:
        fresh = evaluate_gates(missing)
        StoredGate.objects.bulk_create(
            [
                StoredGate(
                    group_id=pk,
                    language=language,
                    version=versions[pk],
                    evaluated_on=today,
                    results=[asdict(result) for result in gate.results],
                )
                # In the order of the ids: two portfolios storing the same gates lock their rows in one order.
                for pk, gate in sorted(fresh.items())
            ],
            update_conflicts=True,
            unique_fields=["group", "language"],
            update_fields=["version", "evaluated_on", "results"],
        )
        gates.update(fresh)
    return gates


def stored_gate(group: ProducerGroup) -> Gate:
    return stored_gates([group])[group.pk]
