"""The records version of producer groups (`RecordsVersion`): bumped by the services that change a group's records,
read with what keeps a result computed from them (`cycles.gates_stored`, `producers.page_cache`); and the same for
a programme's own records (`ProgrammeVersion`)."""

import functools
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ProducerGroup, ProgrammeVersion, RecordsVersion

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
    RecordsVersion.objects.filter(group_id__in=ids).update(version=F("version") + 1, changed_at=timezone.now())


def records_changed_everywhere() -> None:
    """Every group at once: for a change of what applies to all of them (the phase criteria)."""
    new = ProducerGroup.objects.exclude(pk__in=RecordsVersion.objects.values("group")).values_list("pk", flat=True)
    RecordsVersion.objects.bulk_create([RecordsVersion(group_id=pk) for pk in new], ignore_conflicts=True)
    RecordsVersion.objects.update(version=F("version") + 1, changed_at=timezone.now())


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


def programme_changed(programme_id: int) -> None:
    """Say that this programme's own records changed (its groups, its logical framework, its identifiers)."""
    ProgrammeVersion.objects.bulk_create([ProgrammeVersion(programme_id=programme_id)], ignore_conflicts=True)
    ProgrammeVersion.objects.filter(programme_id=programme_id).update(
        version=F("version") + 1, changed_at=timezone.now()
    )


def _programme_id_of(arguments: dict[str, Any]) -> int:
    """The programme a service's keyword arguments name: the programme, a row of its logframe, or an indicator."""
    if "programme" in arguments:
        return int(arguments["programme"].pk)
    if "row" in arguments:
        return int(arguments["row"].programme_id)
    if "logframe_indicator" in arguments:
        return int(arguments["logframe_indicator"].row.programme_id)
    raise TypeError(f"No programme among the arguments {sorted(arguments)}")


def changes_programme(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service that writes a programme's own records: the programme gets a new version in the same
    transaction. The programme is read from the arguments before the service runs (a deleted row names it no more)."""

    @functools.wraps(service)
    def bumping(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            programme_id = _programme_id_of(kwargs)
            result = service(*args, **kwargs)
            programme_changed(programme_id)
        return result

    return bumping
