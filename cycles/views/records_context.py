"""What every page of a group's improvement records tells its template about the group and the reader."""

from typing import Any

from producers.models import ProducerGroup, User
from producers.selectors import can_see_register

from ..selectors import can_change


def records_context(user: User, group: ProducerGroup) -> dict[str, Any]:
    """The group, the Records tab, and whether the reader may see the register and change the records."""
    return {
        "group": group,
        "tab": "records",
        "can_see_register": can_see_register(user, group),
        "can_change": can_change(user, group),
    }
