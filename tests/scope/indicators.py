"""Indicators: the page (figures for everyone who sees the group), measuring now and entering a figure."""

from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, group_in, group_out


def populate(world: World) -> None:
    """Nothing to build: the page and its actions work on the group itself."""


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:indicators": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:indicators_measure": ObjectUrl(group_in, group_out, CHANGE_ROLES, "post"),
    "cycles:measurement_create": ObjectUrl(group_in, group_out, CHANGE_ROLES, "post"),
}
