"""Non-conformities, their corrective actions, and sanctions."""

from ..factories_nonconformities import make_action, make_nc, make_sanction
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, group, member in (("in", scope.group, scope.member), ("out", scope.other_group, scope.other_member)):
        nc = make_nc(group, scope.coordinator, member=member)
        world.ids[f"nc_{side}"] = nc.pk
        world.ids[f"action_{side}"] = make_action(nc, scope.coordinator).pk
        world.ids[f"sanction_{side}"] = make_sanction(member, scope.coordinator, nc=nc).pk
        world.ids[f"sanctioned_member_{side}"] = member.pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:nc_list": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:nc_detail": ObjectUrl(*by_id("nc"), EVERY_GROUP_ROLE),
    "cycles:nc_status": ObjectUrl(*by_id("nc"), CHANGE_ROLES, "post"),
    "cycles:action_create": ObjectUrl(*by_id("nc"), CHANGE_ROLES),
    "cycles:action_update": ObjectUrl(*by_id("action"), CHANGE_ROLES),
    "cycles:action_done": ObjectUrl(*by_id("action"), CHANGE_ROLES, "post"),
    # A sanction names a member: for those who keep the register, never for funders.
    "cycles:sanction_create": ObjectUrl(*by_id("sanctioned_member"), CHANGE_ROLES),
    "cycles:sanction_lift": ObjectUrl(*by_id("sanction"), CHANGE_ROLES, "post"),
}
