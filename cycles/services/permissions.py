"""The one check every service that writes a group's records makes before it writes."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User

from ..selectors import can_change


def require_change(user: User, group: ProducerGroup) -> None:
    """Those who keep the group's records: its group manager, its field officer, a coordinator."""
    if not can_change(user, group):
        raise PermissionDenied(_("You cannot change the records of this group."))
