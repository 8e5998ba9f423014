"""The improvement plan: the plan, adding an action, changing one."""

from ..factories_records import PlanActionFactory
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    for side, group in (("in", world.scope.group), ("out", world.scope.other_group)):
        world.ids[f"plan_action_{side}"] = PlanActionFactory.create(group=group).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:plan": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:plan_action_create": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "cycles:plan_action_update": ObjectUrl(*by_id("plan_action"), CHANGE_ROLES),
}
