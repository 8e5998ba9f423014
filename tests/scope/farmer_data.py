"""A farmer's data requests: their data as one file and the erasure form, for the group's managers and the
coordinators only (a field officer supports the group from outside; a donor never sees a farmer)."""

from . import ObjectUrl, World, member_in, member_out

DATA_REQUEST_ROLES = frozenset({"coordinator", "group_manager"})


def populate(world: World) -> None:
    return None


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:member_data": ObjectUrl(member_in, member_out, DATA_REQUEST_ROLES),
    "cycles:member_erase": ObjectUrl(member_in, member_out, DATA_REQUEST_ROLES),
}
