"""The records version of producer groups (`RecordsVersion`): bumped by the services that change a group's records,
read with what keeps a result computed from them (`cycles.gates_stored`)."""

import functools
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.db.models import F

from .models import ProducerGroup, RecordsVersion

P = ParamSpec("P")
R = TypeVar("R")


def records_changed(group_ids: Iterable[int | None]) -> None:
    """Say that these groups' records changed: whatever was computed from them before is no longer theirs.

    Called inside the service's transaction, after its writes, so that a result computed from the new records can
    never be tagged with the old number (and one computed from the old ones never with the new)."""
    ids = sorted({pk for pk in group_ids if pk is not None})
    if not ids:
        return
    RecordsVersion.objects.bulk_create(
        [RecordsVersion(group_id=pk) for pk in ids],
        ignore_conflicts=True,
    )
    RecordsVersion.objects.filter(group_id__in=ids).update(version=F("version") + 1)


def records_changed_everywhere() -> None:
    """Every group at once: for a change of what applies to all of them (the phase criteria)."""
    new = ProducerGroup.objects.exclude(pk__in=RecordsVersion.objects.values("group")).values_list("pk", flat=True)
    RecordsVersion.objects.bulk_create([RecordsVersion(group_id=pk) for pk in new], ignore_conflicts=True)
    RecordsVersion.objects.update(version=F("version") + 1)


def group_id_of(record: Any) -> int:
    """The group whose records `record` is (or is part of): a member, a plot, an inspection, a finding, an action,
    a move... Refuses what it cannot place, so a service marked with `changes_records` cannot bump nothing."""
    paths = (
        "group_id",
        "member.group_id",
        "nonconformity.group_id",
        "round.group_id",
        "trajectory.group_id",
        "certificate.group_id",
        "inspector.group_id",
    )
    for path in paths:
        value: Any = record
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if isinstance(value, int):
            return value
    raise TypeError(f"No producer group found for {type(record).__name__}")


def changes_every_group(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service that changes what every group is measured by (the phase criteria)."""

    @functools.wraps(service)
    def bumping(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            result = service(*args, **kwargs)
            records_changed_everywhere()
        return result

    return bumping


def changes_records(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service that writes a group's records: the group of what it returns (a record, a list of them, or a
    pair whose first item is one) gets a new records version in the same transaction."""

    @functools.wraps(service)
    def bumping(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            result = service(*args, **kwargs)
            first = result[0] if isinstance(result, tuple) else result
            records = first if isinstance(first, list) else [first]
            records_changed(group_id_of(record) for record in records)
        return result

    return bumping
