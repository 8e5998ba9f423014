"""What a reminder is: one thing due, on one record of one group, with its date, the people who answer for it and
the page where it is handled. The rules (`cycles.reminders.rules`) make them; the selectors order and scope them.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from producers.models import ProducerGroup


class ItemKind(models.TextChoices):
    """The kinds of reminder, in the order they are listed when two fall on the same day."""

    ACTION_DUE = "action_due", _("Corrective action due")
    NC_PAST_DEADLINE = "nc_past_deadline", _("Non-conformity past its deadline")
    AUDIT_WITH_MAJORS = "audit_with_majors", _("Audit coming, major findings open")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")
    ROUND_INCOMPLETE = "round_incomplete", _("Inspection round not complete")
    APPLICANTS_WAITING = "applicants_waiting", _("Applicants wait for an inspection")
    SERVICE_MISSING = "service_missing", _("Expected service not received")
    GROUP_STUCK = "group_stuck", _("Group stuck in its phase")


KIND_RANK = {kind: rank for rank, kind in enumerate(ItemKind.values)}


@dataclass(frozen=True)
class Item:
    """One reminder.

    `record` names the record in words that never name a farmer; `member` (a farmer's name) and `owner` (the free
    text of a corrective action's owner, often a farmer's name too) are personal data, shown only to those who may
    see the group's register (`cycles.reminders.selectors` clears them for the others). `people` are the logins who
    answer for the group: its field officers and group managers.
    """

    kind: str
    group: ProducerGroup
    record: str
    due_on: date
    url: str
    # A stable key: the same reminder on two days (or in a digest and on the page) is the same item.
    key: str
    detail: str = ""
    member: str = ""
    owner: str = ""
    people: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return str(ItemKind(self.kind).label)

    def days_left(self, today: date) -> int:
        """Days until the date: 0 today, negative once it has passed."""
        return (self.due_on - today).days

    def urgency(self, today: date) -> str:
        """The item's date in words from `today`: overdue, today, or how many days are left."""
        days = self.days_left(today)
        if days < 0:
            return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}
        if days == 0:
            return str(_("due today"))
        return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}

    def tone(self, today: date) -> str:
        """A Bootstrap colour for the urgency: past its date, within the week, later."""
        days = self.days_left(today)
        if days < 0:
            return "danger"
        if days <= 7:
            return "warning"
        return "secondary"


def sort_key(item: Item) -> tuple[date, int, str, str]:
    """Most urgent first: the earliest date (so the most overdue), then the kind's rank, then the group's name."""
    return item.due_on, KIND_RANK.get(item.kind, len(KIND_RANK)), item.group.organisation.name.lower(), item.key


def ordered(items: list[Item]) -> list[Item]:
    return sorted(items, key=sort_key)
