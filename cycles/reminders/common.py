"""What the rules share: the scope as a subquery, the groups by id, a record's address, a date in words, the phases
that inspect."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format

from producers.models import ProducerGroup

# The phases whose groups run a yearly round of internal inspections (from planning phase 2 on).
INSPECTING_PHASES = ("planning-2", "initial-certificate", "autonomous")


def group_ids(groups: QuerySet[ProducerGroup]) -> QuerySet[ProducerGroup, Any]:
    """The groups as a subquery of ids: the scope's joins stay out of the rule's own query."""
    return groups.order_by().values("pk")


def groups_by_id(ids: set[int]) -> dict[int, ProducerGroup]:
    """The groups with their organisation, in one query (none without ids)."""
    if not ids:
        return {}
    return {group.pk: group for group in ProducerGroup.objects.filter(pk__in=ids).select_related("organisation")}


def day_text(value: date) -> str:
    return date_format(value, "j F Y")


# A number no record has: the place of the id in a reversed address.
_PK_SLOT = 987654321987


def url_for_pk(name: str) -> Callable[[int], str]:
    """The address of the records of one URL name, by id: reversed once, not once per record (a thousand reminders
    cost a thousand `reverse` calls otherwise)."""
    pattern = reverse(name, kwargs={"pk": _PK_SLOT})
    head, tail = pattern.split(str(_PK_SLOT))
    return lambda pk: f"{head}{pk}{tail}"
