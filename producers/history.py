"""The change history of records (django-simple-history), read for people, and optimistic locking for edits.

Services stamp who made a change with `stamp`; pages show a record's history with `history_entries` and the
`includes/history.html` template. `save_versioned` refuses an edit made on a stale copy, so two people editing
one record cannot silently overwrite each other.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import User

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def stamp(instance: models.Model, *, by: User | None, reason: str = "") -> None:
    """Name the author (and the reason) of the next save or delete in the record's history."""
    instance._history_user = by  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    kind: str
    at: datetime
    by: User | None
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record: Any, name: str) -> Any:
    value = getattr(record, name, None)
    display = getattr(record, f"get_{name}_display", None)
    if callable(display):
        return display()
    # Dates as the pages write them ("29 Nov 2026"), not in Django's default format ("Nov. 29, 2026").
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return value


def history_entries(instance: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The record's history, newest first, each change with its fields' old and new values (two queries)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                model_field = instance._meta.get_field(change.field)
                label = str(getattr(model_field, "verbose_name", change.field))
                changes.append(Change(label, _display(previous, change.field), _display(record, change.field)))
        entries.append(
            HistoryEntry(
                kind=KINDS.get(record.history_type, record.history_type),
                at=record.history_date,
                by=record.history_user,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


class StaleRecord(ValidationError):
    """Someone saved the record since this copy was read: nothing was written."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Your changes are not saved: they are "
                "still in the form below, beside the current values. Check them and save again."
            ),
            code="stale",
        )


@transaction.atomic
def save_versioned(
    instance: models.Model, *, expected_version: int, by: User | None, changes: dict[str, Any], reason: str = ""
) -> models.Model:
    """Apply `changes` to the record if nobody saved it since `expected_version` was read; StaleRecord otherwise.

    The row is locked and its version compared, so the check holds on PostgreSQL under concurrent requests;
    on SQLite writes are serialised anyway.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise StaleRecord(current)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1  # type: ignore[attr-defined]
    current.full_clean()
    stamp(current, by=by, reason=reason)
    current.save()
    return current
