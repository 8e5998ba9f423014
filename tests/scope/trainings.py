"""Trainings: the list, one training, recording and changing one, and the coverage."""

from ..factories_records import TrainingFactory
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, group, member in (("in", scope.group, scope.member), ("out", scope.other_group, scope.other_member)):
        world.ids[f"training_{side}"] = TrainingFactory.create(group=group, attendees=[member]).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    # Trainings in figures, and a training without its attendees' names: every role that sees the group.
    "cycles:training_list": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:training_detail": ObjectUrl(*by_id("training"), EVERY_GROUP_ROLE),
    "cycles:training_coverage": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:training_create": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "cycles:training_update": ObjectUrl(*by_id("training"), CHANGE_ROLES),
}
