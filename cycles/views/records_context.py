"""What every page of a group's improvement records tells its template about the group and the reader."""

from typing import Any

from producers.models import ProducerGroup, User
from producers.selectors import can_see_register

from ..selectors import can_change as may_change


def records_context(user: User, group: ProducerGroup, *, can_change: bool | None = None) -> dict[str, Any]:
    """The group, the Records tab, and whether the reader may see the register and change the records (asked
    unless the view has already checked it: `can_change`)."""
    return {
        "group": group,
        "tab": "records",
        "can_see_register": can_see_register(user, group),
        "can_change": may_change(user, group) if can_change is None else can_change,
    }
